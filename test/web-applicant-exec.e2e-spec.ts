import type { Browser, Page } from 'playwright-core';
import { as, closeDb, completeDraft, TINY_PDF, until, type Client } from './support/api';
import { axeViolations, contextFor, launchChromium, portal } from './support/browser';
import {
  awardedDirectedAgreements,
  drillProgram,
  expectedInstallments,
  signedDirectedProjects,
} from './support/flows';
import { OWN_USERS } from './support/fuzz-users';
import { inboxItem, inboxKindFilter } from './support/portal-inbox';

// The PI's execution pages in Chromium against the real stack: the agreement found in the inbox,
// reviewed and signed; the project it starts, with a progress report and a change request written
// in the portal; and the officer's score distribution of the review round behind the award. The
// other parties' steps (the award, the host's and the bureau's signatures) go through the API.
let browser: Browser;
let officer: Client;
let admin: Client;
let pi: Client; // this file's own PIs and host (projects of their own, and their inboxes)
let pi2: Client;
let host: Client;

/** What the first test sets up and signs, for the next ones. */
let agreementId = '';
let projectId = '';
let roundId = '';

beforeAll(async () => {
  browser = await launchChromium();
  [officer, admin] = await Promise.all([as('officer'), as('admin')]);
  [pi, pi2, host] = await Promise.all(
    [OWN_USERS.execPi, OWN_USERS.execPi2, OWN_USERS.execHost].map((u) => as(u.username)),
  );
});
afterAll(async () => {
  await browser?.close();
  await closeDb();
});

/** The page has settled (no spinner, the heading shown): what axe and the user see. */
async function settled(page: Page, heading: string | RegExp) {
  await page.getByRole('heading', { name: heading }).first().waitFor();
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
}

describe('the PI’s agreement and project in the portal', () => {
  it('signs the agreement from the inbox, then writes progress report 1 and sees it submitted', async () => {
    // The directed program with minutes to sign instead of 30 days (the browser signs in turn).
    const program = await drillProgram(admin, 'directed-key-industry', (t) => {
      t.durations.signingDeadline = 'PT20M';
    });
    const [awarded] = await awardedDirectedAgreements(program.code, [officer, admin], [[pi, host]]);
    agreementId = awarded.agreement.id;
    roundId = awarded.roundId;
    const title = completeDraft.title;

    // The PI's inbox holds the agreement to sign (GET /inbox), and so does their home.
    const waiting = await pi.get('/inbox?kind=agreement_signature');
    expect(waiting.body.items.map((i: { subject: { id: string } }) => i.subject.id)).toEqual([agreementId]);
    const context = await contextFor(browser, { token: pi.token });
    const page = await context.newPage();
    await page.goto(portal('/work'));
    // The inbox shows its filters while its counts load: the kind's filter appears once they are in.
    await inboxKindFilter(page, /待签任务书/).waitFor();
    const item = await inboxItem(page, title, { kind: /待签任务书/ });
    expect(item).not.toBeNull();
    await item!.click();
    await page.waitForURL(portal(`/work/agreements/${agreementId}`));
    await settled(page, `任务书：${title}`);

    // The terms as awarded: the grant and each installment in yuan, the indicators and milestones.
    expect(await page.getByTestId('agreement-amount').textContent()).toBe('¥300,000.00');
    expect(await page.getByTestId('agreement-status').textContent()).toBe('待签订');
    const installments = page.getByTestId('installments');
    for (const i of expectedInstallments(completeDraft.requestedFen, program.template.funding.installments))
      await installments
        .getByText(`¥${(i.amountFen / 100).toLocaleString('en-US')}.00`)
        .first()
        .waitFor();
    await page.getByText('赤泥综合利用率').first().waitFor();
    await page.getByText('中试线运行报告').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '签署任务书' }).click();
    await page.getByTestId('signatures').getByText('项目负责人').waitFor();
    const afterPi = await pi.get(`/agreements/${agreementId}`);
    expect(afterPi.body.signatures.map((s: { party: string }) => s.party)).toEqual(['pi']);
    expect(afterPi.body.status).toBe('draft');
    // Signed once: the page offers no second signature.
    expect(await page.getByRole('button', { name: '签署任务书' }).count()).toBe(0);

    // The host institution and the bureau sign; the last signature starts the project.
    expect((await host.post(`/agreements/${agreementId}/signatures`)).status).toBe(200);
    const signed = await officer.post(`/agreements/${agreementId}/signatures`);
    expect(signed.body.status).toBe('signed');
    projectId = signed.body.projectId;
    expect(projectId).toBeTruthy();

    await page.reload();
    await settled(page, `任务书：${title}`);
    expect(await page.getByTestId('agreement-status').textContent()).toBe('已签订');
    await page.getByRole('link', { name: '进入项目' }).click();
    await page.waitForURL(portal(`/work/projects/${projectId}`));
    await settled(page, title);
    expect(await page.getByTestId('project-status').textContent()).toBe('执行中');
    // The timeline holds the three signatures and the start.
    await page.getByTestId('project-timeline').getByText('项目开始执行').waitFor();
    expect(await page.getByTestId('timeline-entry').filter({ hasText: '签署任务书' }).count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);

    // Progress report 1: from the reports tab, a form filled from the agreement.
    await page.getByRole('tab', { name: '进展报告' }).click();
    await page.waitForURL(portal(`/work/projects/${projectId}/reports`));
    expect(await page.getByTestId('report-status-1').textContent()).toBe('待提交');
    await page.getByRole('button', { name: '填写第 1 期报告' }).click();
    await page.waitForURL(portal(`/work/projects/${projectId}/reports/1`));
    const form = page.getByTestId('report-form');
    await form.waitFor();
    expect(await page.getByLabel('预算（元） 2').inputValue()).toBe('200000.00');
    expect(await axeViolations(page)).toEqual([]);

    // Nothing achieved typed yet: the API refuses, naming the field, and the form shows it there.
    await page.getByLabel('进展情况').fill('完成赤泥脱碱预处理工艺研究，配料与成型工艺参数优化完毕。');
    await page.getByRole('button', { name: '提交第 1 期进展报告' }).click();
    await page.locator('#indicators_0_achieved_help').getByText('必填字段').waitFor();
    const unsent = await pi.get(`/projects/${projectId}/reports/1`);
    expect([unsent.body.status, unsent.body.versions.length]).toEqual(['due', 0]);
    // The text typed stays.
    expect(await page.getByLabel('进展情况').inputValue()).toContain('赤泥脱碱');

    await page.getByLabel('完成值 1').fill('12');
    await page.getByLabel('完成值 2').fill('1');
    await page.getByLabel('已支出（元） 2').fill('60000');
    await page.getByLabel('存在问题').fill('中试设备到货延迟两周。');
    await page.getByRole('button', { name: '提交第 1 期进展报告' }).click();
    await page.getByTestId('report-sent').waitFor();
    expect(await page.getByTestId('report-status-1').textContent()).toBe('待单位确认');

    const sent = await pi.get(`/projects/${projectId}/reports/1`);
    expect(sent.body.status).toBe('submitted');
    expect(sent.body.versions[0].content).toMatchObject({
      indicators: [
        { name: '赤泥综合利用率', unit: '%', target: 30, achieved: 12 },
        { name: '发明专利申请', unit: '件', target: 2, achieved: 1 },
      ],
      spending: [
        { category: 'equipment', plannedFen: 5_000_000, spentFen: 0 },
        { category: 'business', plannedFen: 20_000_000, spentFen: 6_000_000 },
        { category: 'labour', plannedFen: 5_000_000, spentFen: 0 },
      ],
      problems: '中试设备到货延迟两周。',
    });
    expect(await axeViolations(page)).toEqual([]);

    // The host institution now has it to confirm: the step after the PI's.
    const hostInbox = await host.get('/inbox?kind=report_confirmation');
    expect(hostInbox.body.items.some((i: { subject: { id: string } }) => i.subject.id === projectId)).toBe(
      true,
    );
    await context.close();
  }, 300_000);

  it('asks for an extension: the API’s refusal on the reason field, then the request pending', async () => {
    expect(projectId).toBeTruthy();
    const context = await contextFor(browser, { token: pi.token });
    const page = await context.newPage();
    await page.goto(portal(`/work/projects/${projectId}/changes`));
    await settled(page, completeDraft.title);
    const form = page.getByTestId('change-form');
    await form.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('变更类型').click();
    await page.locator('.ant-select-item-option[title="延期"]').click();
    await page.getByLabel('延期月数').fill('6');
    await page.getByLabel('理由').fill('延期');
    await page.getByRole('button', { name: '提交变更申请' }).click();
    await page.locator('#reason_help').getByText('不少于 5 个字').waitFor();
    expect((await pi.get(`/projects/${projectId}/changes`)).body.items).toEqual([]);

    await page.getByLabel('理由').fill('中试设备到货延迟，需延长执行期六个月。');
    await page.getByRole('button', { name: '提交变更申请' }).click();
    const row = page.getByTestId('changes').getByRole('row', { name: /中试设备到货延迟/ });
    await row.waitFor();
    expect(await row.getByText('审批中').count()).toBe(1);
    const changes = (await pi.get(`/projects/${projectId}/changes`)).body.items;
    expect(
      changes.map((c: { kind: string; status: string; detail: object }) => [c.kind, c.status, c.detail]),
    ).toEqual([['extension', 'pending', expect.objectContaining({ extendBy: 'P6M' })]]);
    await context.close();
  }, 120_000);

  it('submits the mid-term material, then the acceptance dossier with a test report uploaded', async () => {
    // A term of a minute with the mid-term check five seconds in, and minutes to apply for acceptance.
    const program = await drillProgram(admin, 'directed-key-industry', (t) => {
      Object.assign(t.durations, {
        signingDeadline: 'PT2M',
        executionLength: 'PT60S',
        reportCadence: 'PT60S',
        midtermPoint: 'PT5S',
        acceptanceWindow: 'PT10M',
        acceptanceOverdueLimit: 'PT10M',
      });
    });
    const [p] = await signedDirectedProjects(program.code, [officer, admin], [[pi2, host]]);
    const P = `/projects/${p.projectId}` as const;
    await until(
      () => pi2.get(`${P}/midterm`),
      (r) => r.body.phase === 'opened',
    );
    const context = await contextFor(browser, { token: pi2.token });
    const page = await context.newPage();
    await page.goto(portal(`/work/projects/${p.projectId}/midterm`));
    await settled(page, completeDraft.title);
    await page.getByTestId('midterm-form').waitFor();
    expect(await page.getByTestId('midterm-phase').textContent()).toBe('待提交材料');
    expect(await axeViolations(page)).toEqual([]);

    // Too short for the API: its message on the field, nothing sent.
    await page.getByLabel('自评报告').fill('好');
    await page.getByRole('button', { name: '提交中期检查材料' }).click();
    await page.locator('#selfAssessment_help').waitFor();
    expect((await pi2.get(`${P}/midterm`)).body.phase).toBe('opened');

    await page
      .getByLabel('自评报告')
      .fill('完成赤泥脱碱预处理工艺研究，中试线建设按计划推进，考核指标进度正常。');
    await page.getByLabel('设备费已支出（元）').fill('20000');
    await page.getByLabel('业务费已支出（元）').fill('60000.5');
    await page.getByRole('button', { name: '提交中期检查材料' }).click();
    await page.getByTestId('midterm-sent').waitFor();
    expect(await page.getByTestId('midterm-phase').textContent()).toBe('待依托单位确认');
    const midterm = (await pi2.get(`${P}/midterm`)).body;
    expect([midterm.phase, midterm.submission.spending, midterm.submission.spentFen]).toEqual([
      'submitted',
      { equipment: 2_000_000, business: 6_000_050, labour: 0, indirect: 0 },
      8_000_050,
    ]);

    // The term ends: acceptance opens for the dossier.
    await until(
      () => pi2.get(`${P}/acceptance`),
      (r) => r.body.phase === 'awaiting',
      120_000,
    );
    await page.goto(portal(`/work/projects/${p.projectId}/acceptance`));
    await settled(page, completeDraft.title);
    await page.getByTestId('dossier-form').waitFor();
    expect(await page.getByTestId('acceptance-phase').textContent()).toBe('待提交验收材料');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('工作总结和技术总结').fill('总结');
    await page.getByRole('button', { name: '提交验收申请' }).click();
    await page.locator('#summary_help').waitFor();
    await page
      .getByLabel('工作总结和技术总结')
      .fill('建成赤泥制备新型建材中试线一条，形成成套技术一项，赤泥综合利用率达到 32%。');
    await page.getByLabel('完成值 1').fill('32');
    await page.getByLabel('证明材料 1').fill('第三方检测报告（2027-001）');
    await page.getByLabel('完成值 2').fill('2');
    await page.getByLabel('证明材料 2').fill('专利受理通知书两份');
    await page.getByLabel('已支出（元） 2').fill('190000');
    await page.locator('#testReportIds-upload').setInputFiles({
      name: '用户测试报告.pdf',
      mimeType: 'application/pdf',
      buffer: TINY_PDF,
    });
    await page
      .getByTestId('dossier-form')
      .getByText(/用户测试报告\.pdf/)
      .waitFor();
    await page.getByRole('button', { name: '提交验收申请' }).click();
    await page.getByTestId('dossier-sent').waitFor();
    expect(await page.getByTestId('acceptance-phase').textContent()).toBe('待依托单位审核');

    const files = (await pi2.get(`${P}/attachments`)).body.items;
    expect(files.map((f: { name: string }) => f.name)).toEqual(['用户测试报告.pdf']);
    const acceptance = (await pi2.get(`${P}/acceptance`)).body;
    expect(acceptance.phase).toBe('submitted');
    expect(acceptance.dossier).toMatchObject({
      indicators: [
        { name: '赤泥综合利用率', target: 30, achieved: 32, evidence: '第三方检测报告（2027-001）' },
        { name: '发明专利申请', target: 2, achieved: 2, evidence: '专利受理通知书两份' },
      ],
      accounts: [
        { category: 'equipment', plannedFen: 5_000_000, spentFen: 0 },
        { category: 'business', plannedFen: 20_000_000, spentFen: 19_000_000 },
        { category: 'labour', plannedFen: 5_000_000, spentFen: 0 },
      ],
      testReportIds: [files[0].id],
    });
    expect(acceptance.spentFen).toBe(19_000_000);
    await context.close();
  }, 300_000);

  it.each(['zh', 'en'] as const)(
    'passes axe on each new page in %s',
    async (lang) => {
      expect(projectId).toBeTruthy();
      const context = await contextFor(browser, { token: pi.token, lang });
      const page = await context.newPage();
      const zh = lang === 'zh';
      const pages: Array<[string, string | RegExp, string]> = [
        [`/work/agreements/${agreementId}`, zh ? /任务书：/ : /Agreement:/, zh ? '签署情况' : 'Signatures'],
        [`/work/projects/${projectId}`, completeDraft.title, zh ? '项目时间线' : 'Timeline'],
        [
          `/work/projects/${projectId}/reports/1`,
          completeDraft.title,
          zh ? '待单位确认' : 'Awaiting the institution',
        ],
        [
          `/work/projects/${projectId}/changes`,
          completeDraft.title,
          zh ? '提出变更申请' : 'Request a change',
        ],
        [`/work/projects/${projectId}/midterm`, completeDraft.title, zh ? '尚未开始' : 'Not open yet'],
        [
          `/work/projects/${projectId}/acceptance`,
          completeDraft.title,
          zh ? '执行期于' : 'once the term ends',
        ],
        [
          `/work/projects/${projectId}/outcomes`,
          completeDraft.title,
          zh ? '暂无登记的成果' : 'No outcomes registered yet',
        ],
      ];
      for (const [route, heading, text] of pages) {
        await page.goto(portal(route));
        await settled(page, heading);
        await page.getByText(text).first().waitFor();
        expect({ route, violations: await axeViolations(page) }).toEqual({ route, violations: [] });
      }
      // The applicant's home lists the project with links to it and its agreement.
      await page.goto(portal('/work'));
      // The applications and the agreements arrive by separate reads: wait for each link.
      await page.getByRole('link', { name: completeDraft.title }).first().waitFor();
      await page.locator(`a[href$="/work/agreements/${agreementId}"]`).first().waitFor();
      expect(await page.locator(`a[href$="/work/agreements/${agreementId}"]`).count()).toBeGreaterThan(0);
      await context.close();
    },
    120_000,
  );

  it('shows the officer the round’s score distribution behind the award', async () => {
    expect(roundId).toBeTruthy();
    const round = await officer.get(`/review-rounds/${roundId}`);
    const scores = round.body.assignments.filter((a: { submittedAt: string | null }) => a.submittedAt);
    expect(scores.length).toBeGreaterThan(0);
    const context = await contextFor(browser, { token: officer.token });
    const page = await context.newPage();
    await page.goto(portal(`/work/rounds/${roundId}`));
    await page.getByText('评审得分分布').waitFor();
    // Every expert gave 86 (flows.scoredRound): one bin, one box at 86.
    const histogram = page.getByTestId('score-histogram');
    await histogram.waitFor();
    expect(await histogram.getAttribute('aria-label')).toBe(`80–90 分：${scores.length} 份`);
    expect(await page.getByTestId('score-boxes').getAttribute('aria-label')).toContain(
      `${completeDraft.title}：${scores.length} 份评分，最低 86，下四分位 86，中位数 86，上四分位 86，最高 86`,
    );
    expect(await histogram.locator('canvas').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
