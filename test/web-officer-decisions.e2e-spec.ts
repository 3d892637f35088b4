import * as fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { apiUrl, as, closeDb, completeDraft, TINY_PDF, until, type Client } from './support/api';
import {
  accessibleInBothLanguages,
  axeViolations,
  contextFor,
  dropdownOption,
  idempotencyKeys,
  launchChromium,
  pageAt,
  portal,
  reloadTo,
  submitAndConfirm,
} from './support/browser';
import { drillProgram, signedDirectedProjects } from './support/flows';
import { OWN_USERS } from './support/fuzz-users';

// The officer's decisions on a project, and the host institution's confirmations, in Chromium
// against the real stack (issue 18). One directed project of a drill program: a term of three
// minutes with one progress report, the mid-term check five seconds in, acceptance opening at the
// term's end and a five-second objection window. The PI's steps go through the API (their pages
// have their own file); the host institution and the officers work in the portal, and every step
// is checked as the user sees it and as the API then reports it.
let browser: Browser;
let officer: Client;
let officer2: Client;
let admin: Client;
let pi: Client; // this file's own PI and host (the project's credit and limits stay theirs)
let host: Client;
let projectId = '';
const P = () => `/projects/${projectId}` as const;
const title = completeDraft.title;

beforeAll(async () => {
  browser = await launchChromium();
  [officer, officer2, admin] = await Promise.all(['officer', 'officer2', 'admin'].map(as));
  [pi, host] = await Promise.all([OWN_USERS.decisionsPi, OWN_USERS.decisionsHost].map((u) => as(u.username)));
  const program = await drillProgram(admin, 'directed-key-industry', (t) => {
    Object.assign(t.durations, {
      signingDeadline: 'PT2M',
      executionLength: 'PT3M',
      reportCadence: 'PT100S',
      midtermPoint: 'PT5S',
      acceptanceWindow: 'PT10M',
      acceptanceOverdueLimit: 'PT10M',
      acceptanceObjectionPeriod: 'PT5S',
    });
  });
  const [p] = await signedDirectedProjects(program.code, [officer, admin], [[pi, host]]);
  projectId = p.projectId;
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await closeDb();
});

/** A logged-in page of `client`, in Chinese, on `route`, once its heading (the project's title) shows. */
const pageOf = (client: Client, route: string) => pageAt(browser, client.token, route, title);
const reload = (page: Page) => reloadTo(page, title);

/** Picks `option` in the select labelled `label`. */
async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label).click();
  await dropdownOption(page, option).click();
}

const report = (version: number) => ({
  progress: `第 ${version} 版：完成赤泥脱碱预处理工艺研究，配料与成型工艺参数优化完毕。`,
  milestones: [{ name: '工艺研究', status: 'on_track', note: '' }],
  indicators: [{ name: '赤泥综合利用率', unit: '%', target: 30, achieved: 10 + version }],
  spending: [
    { category: 'equipment', plannedFen: 5_000_000, spentFen: 2_000_000 },
    { category: 'business', plannedFen: 20_000_000, spentFen: 6_000_000 },
    { category: 'labour', plannedFen: 5_000_000, spentFen: 1_500_000 },
  ],
  problems: version === 1 ? '中试设备到货延迟两周。' : '中试设备已到货，数据已补充。',
  outcomes: '申请发明专利 1 件。',
});

describe('the officer’s decisions and the host’s confirmations on a project', () => {
  it('the host confirms a report in the portal; the officer returns it with a comment, then accepts the next version', async () => {
    expect((await pi.post(`${P()}/reports/1/submission`, report(1))).status).toBe(200);

    // The host institution reads the report and confirms it.
    const hostPage = await pageOf(host, `/work/institution/projects/${projectId}/report/1`);
    expect(await hostPage.getByTestId('report-status-1').textContent()).toBe('待单位确认');
    await hostPage.getByTestId('report-content').getByText('第 1 版：完成赤泥脱碱').waitFor();
    expect(await axeViolations(hostPage)).toEqual([]);
    await submitAndConfirm(hostPage, 'report-confirm', '确认第 1 期', '确认第 1 期进展报告并报送市科技局？');
    await hostPage.getByTestId('report-status-1').getByText('待审核').waitFor();
    expect((await host.get(`${P()}/reports/1`)).body.status).toBe('confirmed');
    await hostPage.context().close();

    // The officer reads the latest version, its spending in yuan, and decides.
    const page = await pageOf(officer, `/work/officer/projects/${projectId}`);
    const keys = idempotencyKeys(page, '/reports/1/decision');
    expect(await page.getByTestId('report-status-1').textContent()).toBe('待审核');
    const open = page.getByTestId('report-open');
    await open.getByText('第 1 期进展报告（第 1 版）').waitFor();
    await open.getByText('第 1 版：完成赤泥脱碱').waitFor();
    await open.getByText('中试设备到货延迟两周。').waitFor();
    await open.getByRole('cell', { name: '¥60,000.00' }).waitFor();
    await accessibleInBothLanguages(page, title);

    // A return without a comment: the API's message on the comment field, nothing changes.
    const decision = page.getByTestId('report-decision');
    await decision.getByLabel('退回修改').check();
    await decision.getByRole('button', { name: '提交决定' }).click();
    await decision.locator('.ant-form-item-explain-error', { hasText: '退回须说明修改意见' }).waitFor();
    expect((await officer.get(`${P()}/reports/1`)).body.status).toBe('confirmed');

    await decision.getByLabel('审核意见').fill('请补充中试数据和设备到货后的进度安排。');
    await decision.getByRole('button', { name: '提交决定' }).click();
    await page.getByTestId('report-status-1').getByText('已退回修改').waitFor();
    const returned = (await officer.get(`${P()}/reports/1`)).body;
    expect(returned.status).toBe('returned');
    expect(
      returned.versions[0].reviews.map((r: { step: string; comment: string }) => [r.step, r.comment]),
    ).toEqual([
      ['confirmed', ''],
      ['returned', '请补充中试数据和设备到货后的进度安排。'],
    ]);
    // The decision form is gone with the state that allowed it.
    expect(await page.getByTestId('report-decision').count()).toBe(0);

    // The PI sends version 2; the host confirms it (through the API this time).
    expect((await pi.post(`${P()}/reports/1/submission`, report(2))).status).toBe(200);
    expect((await host.post(`${P()}/reports/1/confirmation`)).status).toBe(200);
    await reload(page);
    await open.getByText('第 1 期进展报告（第 2 版）').waitFor();
    await open.getByText('中试设备已到货，数据已补充。').waitFor();
    // Acceptance is final: the officer confirms it in a dialog first.
    await submitAndConfirm(
      page,
      'report-decision',
      '提交决定',
      '确认第 1 期进展报告审核通过？通过后不能更改。',
    );
    await page.getByTestId('report-status-1').getByText('已通过').waitFor();
    const accepted = (await officer.get(`${P()}/reports/1`)).body;
    expect([accepted.status, accepted.versions.length]).toEqual(['accepted', 2]);
    // Each command carried its own Idempotency-Key (the refused one, the return, the acceptance).
    expect(keys).toHaveLength(3);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(3);
    await page.context().close();
  }, 240_000);

  it('the host consents to two changes; the officer approves the team change, and a major change needs a second officer', async () => {
    const team = await pi.post(`${P()}/changes`, {
      kind: 'team_change',
      reason: '骨干成员调离，补充一名工艺工程师。',
      team: [
        { name: '张工程师', role: '中试工艺负责人', effortPercent: 60 },
        { name: '李研究员', role: '检测分析', effortPercent: 40 },
      ],
    });
    const goals = await pi.post(`${P()}/changes`, {
      kind: 'objectives_change',
      reason: '中试表明烧结路线能耗过高，改为免烧路线。',
      technicalRoute: '采用赤泥免烧胶凝工艺替代高温烧结，降低能耗并提高掺量。',
    });
    expect([team.status, goals.status]).toEqual([201, 201]);
    const teamId: string = team.body.id;
    const goalsId: string = goals.body.id;
    expect([team.body.awaiting, goals.body.awaiting]).toEqual(['institution', 'institution']);

    // The host institution consents to the team change in the portal (the inbox's link), the other by the API.
    const hostPage = await pageOf(host, `/work/institution/projects/${projectId}/change/${teamId}`);
    await hostPage
      .getByTestId('change-requested')
      .getByText('张工程师（中试工艺负责人，60%）', { exact: false })
      .waitFor();
    expect(await axeViolations(hostPage)).toEqual([]);
    await submitAndConfirm(hostPage, 'change-consent', '提交决定', '同意该变更申请并报送市科技局审批？');
    await hostPage.getByTestId('host-changes').getByText('依托单位意见 ✓ → 项目管理人员审批 …').waitFor();
    expect((await host.get(`${P()}/changes/${teamId}`)).body.awaiting).toBe('officer');
    await hostPage.context().close();
    expect((await host.post(`${P()}/changes/${goalsId}/decision`, { decision: 'approve' })).status).toBe(200);

    // The officer approves the team change: one approval, effective at once.
    const page = await pageOf(officer, `/work/officer/projects/${projectId}`);
    const rowOf = (reason: RegExp) => page.getByTestId('changes').getByRole('row', { name: reason });
    await rowOf(/骨干成员调离/)
      .getByRole('button', { name: '审批变更' })
      .click();
    await page.getByTestId('change-open').getByText('李研究员（检测分析，40%）', { exact: false }).waitFor();
    await submitAndConfirm(
      page,
      'change-decision',
      '提交决定',
      '批准该变更申请？批准后即生效，任务书随之变更。',
    );
    await page.getByTestId(`change-status-${teamId}`).getByText('已批准').waitFor();
    const approved = (await officer.get(`${P()}/changes/${teamId}`)).body;
    expect([approved.status, approved.awaiting]).toEqual(['approved', null]);
    expect(approved.agreementVersion).not.toBeNull();

    // The change of route is major: the officer's approval is the first of two.
    await rowOf(/烧结路线能耗过高/)
      .getByRole('button', { name: '审批变更' })
      .click();
    await page.getByTestId('change-open').getByText('采用赤泥免烧胶凝工艺').waitFor();
    await submitAndConfirm(page, 'change-decision', '提交决定', /之后还须另一名工作人员复核/);
    await page
      .getByTestId('changes')
      .getByText('项目管理人员审批 ✓ → 第二人复核 …', { exact: false })
      .waitFor();
    expect(await page.getByTestId(`change-status-${goalsId}`).textContent()).toBe('审批中');
    expect((await officer.get(`${P()}/changes/${goalsId}`)).body.awaiting).toBe('second_officer');

    // The same officer cannot give the second approval: the page says so, and the API's refusal shows.
    await rowOf(/烧结路线能耗过高/)
      .getByRole('button', { name: '审批变更' })
      .click();
    const second = page.getByTestId('change-decision');
    await second.getByText('您已作出第一人审批：重大变更须由另一名工作人员复核。').waitFor();
    await submitAndConfirm(
      page,
      'change-decision',
      '提交决定',
      '批准该变更申请？批准后即生效，任务书随之变更。',
    );
    await second
      .getByRole('alert')
      .filter({ hasText: '重大变更须由另一名工作人员复核（双人审批）' })
      .waitFor();
    const still = (await officer.get(`${P()}/changes/${goalsId}`)).body;
    expect([still.status, still.awaiting, still.decisions.length]).toEqual(['pending', 'second_officer', 2]);
    await page.context().close();

    // Another officer gives it in their portal.
    const page2 = await pageOf(officer2, `/work/officer/projects/${projectId}`);
    await page2.getByTestId('change-open').getByText('采用赤泥免烧胶凝工艺').waitFor();
    expect(await page2.getByText('您已作出第一人审批').count()).toBe(0);
    await submitAndConfirm(
      page2,
      'change-decision',
      '提交决定',
      '批准该变更申请？批准后即生效，任务书随之变更。',
    );
    await page2.getByTestId(`change-status-${goalsId}`).getByText('已批准').waitFor();
    const done = (await officer2.get(`${P()}/changes/${goalsId}`)).body;
    expect([done.status, done.decisions.map((d: { step: string }) => d.step)]).toEqual([
      'approved',
      ['institution', 'officer', 'second_officer'],
    ]);
    expect(await page2.getByTestId('change-decision').count()).toBe(0);
    await page2.context().close();
  }, 240_000);

  it('the host confirms the mid-term statement; the officer reviews it and decides to continue', async () => {
    await until(
      () => pi.get(`${P()}/midterm`),
      (r) => r.body.phase === 'opened',
    );
    const statement = {
      selfAssessment: '完成赤泥脱碱预处理工艺研究，中试线建设按计划推进，考核指标进度正常。',
      spending: { equipment: 2_000_000, business: 6_000_000, labour: 1_500_000, indirect: 0 },
    };
    expect((await pi.post(`${P()}/midterm/submission`, statement)).status).toBe(200);

    const hostPage = await pageOf(host, `/work/institution/projects/${projectId}/midterm`);
    expect(await hostPage.getByTestId('midterm-phase').textContent()).toBe('待依托单位确认');
    await hostPage.getByTestId('midterm-statement').getByText('中试线建设按计划推进').waitFor();
    await hostPage.getByTestId('midterm-confirm').getByLabel('依托单位意见').fill('情况属实，同意报送。');
    await submitAndConfirm(hostPage, 'midterm-confirm', '确认并提交', '确认中期检查材料并报送市科技局？');
    await hostPage.getByTestId('midterm-phase').getByText('待审查').waitFor();
    expect((await host.get(`${P()}/midterm`)).body.phase).toBe('confirmed');
    await hostPage.context().close();

    const page = await pageOf(officer, `/work/officer/projects/${projectId}`);
    expect(await page.getByTestId('midterm-phase').textContent()).toBe('待审查');
    await page.getByTestId('midterm-statement').getByText('¥95,000.00').waitFor();
    // The steps of this phase: the review or a panel; no decision yet.
    expect(await page.getByTestId('midterm-decide').count()).toBe(0);
    await page.getByRole('heading', { name: '组织专家组评审' }).waitFor();
    await choose(page, '建议结论', '继续实施');
    await page
      .getByTestId('midterm-review')
      .getByLabel('意见', { exact: true })
      .fill('进展良好，经费支出合理。');
    await page.getByTestId('midterm-review').getByRole('button', { name: '记录审查意见' }).click();
    await page.getByTestId('midterm-phase').getByText('待作出决定').waitFor();

    const decide = page.getByTestId('midterm-decide');
    expect(await decide.getByLabel('继续实施', { exact: true }).isChecked()).toBe(true);
    await decide.getByLabel('理由（各方可见）').fill('中期目标基本完成，同意继续实施。');
    await submitAndConfirm(page, 'midterm-decide', '提交决定', '作出“继续实施”的中期检查决定？');
    await page.getByTestId('midterm-phase').getByText('已作出决定').waitFor();
    await page
      .getByTestId('midterm-decision')
      .getByText(/继续实施：中期目标基本完成/)
      .waitFor();
    const m = (await officer.get(`${P()}/midterm`)).body;
    expect([m.phase, m.decision.decision, m.review.recommendation, m.steps]).toEqual([
      'decided',
      'continue',
      'continue',
      [],
    ]);
    expect((await officer.get(P())).body.status).toBe('ongoing');
    await page.context().close();
  }, 240_000);

  it('the host confirms the acceptance dossier; the officer checks it, reviews it and passes the project', async () => {
    await until(
      () => pi.get(`${P()}/acceptance`),
      (r) => r.body.phase === 'awaiting',
      240_000,
    );
    const dossier = {
      summary: '建成赤泥制备新型建材中试线一条，形成成套技术一项，赤泥综合利用率达到 32%。',
      indicators: [
        {
          name: '赤泥综合利用率',
          unit: '%',
          target: 30,
          achieved: 32,
          evidence: '第三方检测报告（2027-001）',
        },
        { name: '发明专利申请', unit: '件', target: 2, achieved: 2, evidence: '专利受理通知书两份' },
      ],
      accounts: [
        { category: 'equipment', plannedFen: 5_000_000, spentFen: 4_000_000 },
        { category: 'business', plannedFen: 20_000_000, spentFen: 19_000_000 },
        { category: 'labour', plannedFen: 5_000_000, spentFen: 5_000_000 },
      ],
    };
    // A test report uploaded to the project and cited by the dossier: a download on the pages.
    const uploaded = await fetch(`${apiUrl()}${P()}/attachments?name=${encodeURIComponent('检测报告.pdf')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pi.token}`, 'content-type': 'application/pdf' },
      body: TINY_PDF,
    });
    expect(uploaded.status).toBe(201);
    const testReportId = ((await uploaded.json()) as { id: string }).id;
    const submitted = await pi.post(`${P()}/acceptance/dossier`, {
      ...dossier,
      testReportIds: [testReportId],
    });
    expect([submitted.status, submitted.body.steps]).toEqual([200, ['confirm']]);

    const hostPage = await pageOf(host, `/work/institution/projects/${projectId}/acceptance`);
    expect(await hostPage.getByTestId('acceptance-phase').textContent()).toBe('待依托单位审核');
    await hostPage.getByTestId('dossier-content').getByText('第三方检测报告（2027-001）').waitFor();
    await hostPage
      .getByTestId('acceptance-confirm')
      .getByLabel('依托单位意见')
      .fill('材料真实完整，同意申请验收。');
    await submitAndConfirm(hostPage, 'acceptance-confirm', '确认并提交', '审核通过验收材料并报送市科技局？');
    await hostPage.getByTestId('acceptance-phase').getByText('待形式审查').waitFor();
    expect((await host.get(`${P()}/acceptance`)).body.phase).toBe('confirmed');
    await hostPage.context().close();

    const page = await pageOf(officer, `/work/officer/projects/${projectId}`);
    const phase = page.getByTestId('acceptance-phase');
    expect(await phase.textContent()).toBe('待形式审查');
    await page.getByTestId('dossier-content').getByText('专利受理通知书两份').waitFor();
    // The cited test report downloads under its name, fetched with the officer's login.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`attachment-${testReportId}`).getByText('检测报告.pdf').click(),
    ]);
    expect(download.suggestedFilename()).toBe('检测报告.pdf');
    expect(fs.readFileSync(await download.path()).equals(TINY_PDF)).toBe(true);
    // The formal check: complete.
    await page.getByTestId('acceptance-check').getByRole('button', { name: '提交决定' }).click();
    await phase.getByText('待验收评审').waitFor();
    // The review, by the officer (a panel is the other way this phase offers).
    await page.getByRole('heading', { name: '组织验收专家组' }).waitFor();
    await choose(page, '建议结论', '通过验收');
    await page
      .getByTestId('acceptance-review')
      .getByLabel('意见', { exact: true })
      .fill('考核指标全部完成，经费使用规范。');
    await page.getByTestId('acceptance-review').getByRole('button', { name: '记录评审意见' }).click();
    await phase.getByText('待作出结论').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The verdict: the thresholds allow a pass, offered first; a reason is required by the API.
    const decide = page.getByTestId('acceptance-decide');
    expect(await decide.getByLabel('通过验收', { exact: true }).isChecked()).toBe(true);
    await submitAndConfirm(page, 'acceptance-decide', '提交决定', /作出“通过验收”的验收结论？/);
    await decide.locator('#acceptance-decide_reasons_help').waitFor();
    expect((await officer.get(`${P()}/acceptance`)).body.phase).toBe('reviewed');
    await decide
      .getByLabel('理由（各方可见）')
      .fill('任务完成率 100%，材料真实，经费使用规范，同意通过验收。');
    await submitAndConfirm(page, 'acceptance-decide', '提交决定', /作出“通过验收”的验收结论？/);
    await phase.getByText(/结论公示中|验收结论已定/).waitFor();
    await page
      .getByTestId('acceptance-verdict')
      .getByText(/通过验收/)
      .waitFor();

    // After the objection window the verdict is final and the project accepted.
    const final = await until(
      () => officer.get(`${P()}/acceptance`),
      (r) => r.body.phase === 'final',
      60_000,
    );
    expect([final.body.verdict, final.body.decidedBy, final.body.steps]).toEqual([
      'pass',
      officer.user.id,
      [],
    ]);
    await until(
      () => officer.get(P()),
      (r) => r.body.status === 'accepted',
    );
    await reload(page);
    expect(await page.getByTestId('project-status').textContent()).toBe('已验收');
    expect(await phase.textContent()).toBe('验收结论已定');
    expect(await page.getByTestId('acceptance-decide').count()).toBe(0);
    await accessibleInBothLanguages(page, title);
    await page.context().close();
  }, 420_000);

  it.each(['zh', 'en'] as const)(
    'passes axe on the host’s project page in %s',
    async (lang) => {
      const context = await contextFor(browser, { token: host.token, lang });
      const page = await context.newPage();
      await page.goto(portal(`/work/institution/projects/${projectId}`));
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByTestId('acceptance-phase').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    },
    120_000,
  );
});
