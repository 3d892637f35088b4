import type { Browser, Page } from 'playwright-core';
import { as, attachRequired, completeDraft, login, SIGN, until, type Client } from './support/api';
import { axeViolations, contextFor, launchChromium, portal, settled } from './support/browser';
import { iso, sheetFor, waitForClose } from './support/flows';

// The officer's pages in Chromium against the real stack: formal check → review round → award
// proposal → approval (another person: four eyes) → the public notice. The applicant's and the
// experts' parts, which belong to other roles' pages, are set up through the API.
let browser: Browser;
let officer: Client;
let admin: Client;
let applicant: Client;

beforeAll(async () => {
  browser = await launchChromium();
  [officer, admin, applicant] = await Promise.all([as('officer'), as('admin'), as('applicant')]);
});
afterAll(async () => {
  await browser?.close();
});

/** No serious accessibility violation on the page, in Chinese and after switching to English. */
async function accessibleInBothLanguages(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  await page.evaluate(`localStorage.setItem('kjflow.lang', 'en')`);
  await page.reload();
  await settled(page);
  await page.locator('h1').first().waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.evaluate(`localStorage.setItem('kjflow.lang', 'zh')`);
  await page.reload();
  await page.locator('h1').first().waitFor();
}

/** Experts of this run only (their keyword), with login accounts, as the round's pool. */
async function expertsTagged(tag: string, run: string, total = 7, finance = 2) {
  const experts: Client[] = [];
  for (let i = 0; i < total; i++) {
    const username = `wo${run}e${i}`;
    const e = await officer.post('/experts', {
      name: `门户专家${run.slice(-4)}${i + 1}`,
      title: '教授',
      organisation: `门户专家单位${run}-${i + 1}`,
      keyFields: ['new_materials'],
      keywords: [tag],
      region: '广西百色',
      finance: i >= total - finance,
      loadCap: 50,
      externalRef: `WO-${run}-${i}`,
      account: { username, password: 'web-officer-2026' },
    });
    if (e.status !== 201) throw new Error(`expert ${i}: ${e.status} ${JSON.stringify(e.body)}`);
    experts.push(await login(username, 'web-officer-2026'));
  }
  return experts;
}

/** Every invited expert of the round accepts and scores `score(i)`, i the expert's place (through the experts' API). */
async function scoreAll(experts: Client[], roundId: string, score: (i: number) => number) {
  let rubric: Parameters<typeof sheetFor>[0] | null = null;
  const act = async (expert: Client, i: number) => {
    const mine = await expert.get('/reviews/mine?limit=200');
    for (const a of mine.body.items as Array<{ id: string; roundId: string; status: string }>) {
      if (a.roundId !== roundId) continue;
      if (a.status === 'invited') {
        const res = await expert.post(`/reviews/${a.id}/response`, { decision: 'accept' });
        if (res.status !== 200) continue; // the invitation's workflow may still be starting
      } else if (a.status !== 'accepted') continue;
      if (!rubric) rubric = (await expert.get(`/reviews/${a.id}/application`)).body.rubric;
      await expert.post(`/reviews/${a.id}/score`, sheetFor(rubric!, score(i)));
    }
  };
  await until(
    async () => {
      await Promise.all(experts.map(act));
      return officer.get(`/review-rounds/${roundId}`);
    },
    (r) => r.body?.status === 'scored',
    120_000,
  );
}

describe('the officer', () => {
  it('passes the formal check, starts a round, proposes an award that another approves, and the public sees the notice', async () => {
    const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
    const title = `门户官员测试批次${run}`;
    // A call with a total budget (awards are proposed within it).
    const created = await officer.post('/calls', {
      title,
      mode: 'open_competition',
      windowStart: iso(-60_000),
      windowEnd: iso(25_000),
      budgetCapFen: 50_000_000,
      totalBudgetFen: 100_000_000,
    });
    expect(created.status).toBe(201);
    const call = created.body as { id: string };
    const draft = await applicant.post('/applications', {
      callId: call.id,
      ...completeDraft,
      title: `赤泥综合利用（官员门户${run}）`,
    });
    expect(draft.status).toBe(201);
    const applicationId: string = draft.body.id;
    await attachRequired(applicant, applicationId);
    expect((await applicant.post(`/applications/${applicationId}/submit`, SIGN)).status).toBe(200);
    const tag = `门户评审池${run}`;
    const experts = await expertsTagged(tag, run);
    await waitForClose(officer, call.id);

    // 1. The formal-check queue: the checklist of the application, then a batch decision.
    const context = await contextFor(browser, { token: officer.token });
    const page = await context.newPage();
    await page.goto(portal('/work'));
    // Files running beside this one open calls too: the officer finds this one by its title.
    await page.getByRole('searchbox', { name: '批次名称' }).fill(run);
    await page.getByRole('searchbox', { name: '批次名称' }).press('Enter');
    await page.getByRole('link', { name: title }).click();
    await page.waitForURL(portal(`/work/calls/${call.id}/formal-check`));
    const row = page.locator('tr', { hasText: `赤泥综合利用（官员门户${run}）` });
    await row.waitFor();
    await row.getByRole('button', { name: '查看清单' }).click();
    await page.getByTestId('checklist').getByText('通过').first().waitFor();
    await accessibleInBothLanguages(page);
    // A return without a reason: the API's message would sit on the reason field; the form asks first.
    await page.getByRole('checkbox', { name: `赤泥综合利用（官员门户${run}）` }).check();
    await page.getByText('退回修改').click();
    await page.getByRole('button', { name: '对所选申报书作出决定' }).click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();
    await page.getByText('通过', { exact: true }).first().click();
    await page.getByRole('button', { name: '对所选申报书作出决定' }).click();
    await page.getByText('已处理：1 份成功，0 份未成功').waitFor();
    await until(
      () => officer.get(`/applications/${applicationId}`),
      (r) => r.body.status === 'formal_check_passed',
    );

    // 2. The round: set up in the browser, the draw explained and replayed.
    await page.getByRole('link', { name: '组织评审' }).click();
    await page.waitForURL(portal(`/work/calls/${call.id}/rounds/new`));
    await page.getByLabel('专家库范围：关键词（逗号分隔）').fill(tag);
    await accessibleInBothLanguages(page);
    await page.getByLabel('专家库范围：关键词（逗号分隔）').fill(tag);
    // Optimal matching, each expert on at most two applications in this round (fifty by profile).
    await page.getByRole('radio', { name: '最优匹配' }).check();
    await page.getByLabel('每位专家本轮评审上限').fill('2');
    await page.getByRole('button', { name: '抽取专家并发出邀请' }).click();
    await page.waitForURL(/\/portal\/work\/rounds\/[0-9a-f-]{36}$/);
    const roundId = page.url().split('/').pop()!;
    await page.getByTestId('round-strategy').getByText('最优匹配').waitFor();
    await page.getByTestId('round-max-per-expert').getByText('2', { exact: true }).waitFor();
    expect((await officer.get(`/review-rounds/${roundId}`)).body).toMatchObject({
      strategy: 'optimal',
      maxPerExpert: 2,
    });
    await page.getByRole('button', { name: '复核抽取（重放）' }).click();
    await page.getByTestId('replay').getByText('重放结果与记录一致').waitFor();
    // After the draw, an expert of the panel joins another member's organisation: the round warns,
    // naming the application, the organisation, its experts on the panel and the limit (1, the
    // city default), in both languages.
    const drawn: Array<{ expertId: string; expertName: string }> = (
      await officer.get(`/review-rounds/${roundId}`)
    ).body.assignments;
    const org = (await officer.get(`/experts/${drawn[0].expertId}`)).body.organisation as string;
    expect((await officer.patch(`/experts/${drawn[1].expertId}`, { organisation: org })).status).toBe(200);
    const overLimit = page.getByTestId('organisations-over-limit');
    await overLimit
      .getByText(`“赤泥综合利用（官员门户${run}）”：${org} 有 2 名专家在评审专家组中（上限 1 名）`, {
        exact: false,
      })
      .waitFor();
    for (const e of drawn.slice(0, 2))
      await overLimit.getByText(`${e.expertName}（已邀请）`, { exact: false }).waitFor();
    await page.evaluate(`localStorage.setItem('kjflow.lang', 'en')`);
    await page.reload();
    await overLimit.getByText(`2 experts of ${org} on its panel (at most 1)`, { exact: false }).waitFor();
    await overLimit.getByText(`${drawn[0].expertName} (Invited)`, { exact: false }).waitFor();
    await overLimit.getByRole('button', { name: `Require ${drawn[1].expertName} to step aside` }).waitFor();
    await page.evaluate(`localStorage.setItem('kjflow.lang', 'zh')`);
    await page.reload();
    await overLimit.waitFor();
    await accessibleInBothLanguages(page);
    // 要求回避: the officer requires the moved expert to step aside, from the warning. Without a
    // reason the form asks first; with one, the invitation ends as recused, the warning goes, and
    // the replacement drawn under the rule shows among the invitations.
    const moved = drawn[1];
    const assignmentOf = (rows: Array<{ id: string; expertId: string }>) =>
      rows.find((a) => a.expertId === moved.expertId)!.id;
    const seat = assignmentOf((await officer.get(`/review-rounds/${roundId}`)).body.assignments);
    // Each of the panel's invitations offers it in the table too, named by expert and application.
    await page
      .getByRole('button', { name: `要求回避：${moved.expertName}（赤泥综合利用（官员门户${run}））` })
      .waitFor();
    await overLimit.getByRole('button', { name: `要求${moved.expertName}回避` }).click();
    const recusal = page.getByRole('form', { name: `要求专家回避：${moved.expertName}` });
    await recusal.getByText('系统按本轮抽取规则补抽一名替补专家', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await recusal.getByRole('button', { name: '确认要求回避' }).click();
    await recusal.getByText('请说明要求该专家回避的理由（不少于 5 个字）').waitFor();
    await recusal
      .getByLabel('回避理由（将告知专家）')
      .fill('该专家调入评审专家组另一位专家所在单位，超出同一单位专家上限');
    await recusal.getByRole('button', { name: '确认要求回避' }).click();
    await page.getByText(`已要求 ${moved.expertName} 回避，正在补抽替补专家。`).waitFor();
    await overLimit.waitFor({ state: 'detached', timeout: 30_000 });
    const after = await until(
      () => officer.get(`/review-rounds/${roundId}`),
      (r) => r.body.assignments.some((a: { replaces: string | null }) => a.replaces === seat),
    );
    expect(after.body.organisationsOverLimit).toEqual([]);
    const byId = new Map(
      (
        after.body.assignments as Array<{
          id: string;
          status: string;
          replaces: string | null;
          expertName: string;
        }>
      ).map((a) => [a.id, a]),
    );
    expect(byId.get(seat)).toMatchObject({
      status: 'recused',
      recusal: 'required',
      recusedBy: { id: officer.user.id },
    });
    const replacement = [...byId.values()].find((a) => a.replaces === seat)!;
    const invitations = page.locator('.ant-card', { hasText: '邀请与评审进度' });
    await invitations
      .locator('tr', { hasText: replacement.expertName })
      .getByText('已邀请')
      .waitFor({ timeout: 30_000 });
    // Whose recusal it was, and who required it.
    const movedRow = invitations.locator('tr', { hasText: moved.expertName });
    await movedRow.getByText('已回避（主管要求）').waitFor();
    await movedRow.getByText(`要求人：${(await officer.get('/auth/me')).body.displayName}`).waitFor();
    expect(await invitations.locator('tr', { hasText: moved.expertName }).getByRole('button').count()).toBe(
      0,
    );
    // The trail names the officer who required it.
    const trail = await admin.get(`/events?subjectType=review_assignment&subjectId=${seat}`);
    expect(trail.body.items.find((e: { type: string }) => e.type === 'review.recused')).toMatchObject({
      actorId: officer.user.id,
      payload: { recusal: 'required' },
    });
    await accessibleInBothLanguages(page);
    // The experts disagree (60 to 96: any five of them spread past the template's 20 points).
    await scoreAll(experts, roundId, (i) => 60 + 6 * i);
    await page
      .getByTestId('ranking')
      .getByText(`赤泥综合利用（官员门户${run}）`)
      .waitFor({ timeout: 30_000 });

    // 会评: flagged in the ranking; the officer records the panel's agreed score. A panel of two
    // with no minutes is refused on its fields, the values typed kept; then it is recorded.
    await page.getByTestId('ranking').getByText('意见分歧，需会评').waitFor();
    await page.getByRole('button', { name: '记录会评结果' }).click();
    const panel = page.getByRole('form', { name: `会评（答辩）：赤泥综合利用（官员门户${run}）` });
    // Typed, then confirmed with the picker's OK (Enter would also submit the form).
    await panel.getByLabel('会评时间（北京时间）').click();
    // An hour ago, in Beijing time (UTC+8).
    const heldAt = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    await panel.getByLabel('会评时间（北京时间）').fill(heldAt);
    await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').last().click();
    await panel.getByLabel('成员 1 姓名').fill('韦建国');
    await panel.getByLabel('成员 1 职责').fill('组长');
    await panel.getByLabel('成员 2 姓名').fill('黄丽萍');
    await panel.getByLabel('合议评分（0–100）').fill('85');
    await panel.getByRole('button', { name: '保存会评结果' }).click();
    await panel.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await panel.getByLabel('成员 1 姓名').inputValue()).toBe('韦建国');
    await panel.getByLabel('成员 2 职责').fill('财务专家');
    await panel.getByLabel('成员 3 姓名').fill('农志强');
    await panel.getByLabel('成员 3 职责').fill('行业专家');
    await panel.getByLabel('会议纪要').fill('专家组听取答辩后充分讨论，一致同意合议评分为 85 分。');
    await panel.getByRole('button', { name: '保存会评结果' }).click();
    await page.getByTestId('panel-outcome').getByText('合议评分：85.00 分').waitFor({ timeout: 30_000 });
    const recorded = await officer.get(`/review-rounds/${roundId}/results`);
    expect(recorded.body.results[0].panel).toMatchObject({ mode: 'consensus', score: 85 });
    expect(recorded.body.results[0].rankingScore).toBe(85);
    await page.getByLabel('资助线：可用预算（元）').fill('300000');
    await page.getByTestId('ranking').getByText('线上').waitFor();
    await accessibleInBothLanguages(page);

    // 3. The proposal: the live total against the budget, then submitted.
    await page.getByRole('link', { name: '按排序拟定立项建议' }).click();
    await page.waitForURL(new RegExp(`/portal/work/calls/${call.id}/awards/new\\?roundId=${roundId}$`));
    await page.getByLabel(`立项金额（元） 赤泥综合利用（官员门户${run}）`).fill('250000');
    await page.getByTestId('award-total').getByText('250,000.00').waitFor();
    await page.getByTestId('award-budget').getByText('1,000,000.00').waitFor();
    await accessibleInBothLanguages(page);
    await page.getByLabel(`立项金额（元） 赤泥综合利用（官员门户${run}）`).fill('250000');
    await page.getByRole('button', { name: '提交立项建议' }).click();
    await page.waitForURL(/\/portal\/work\/awards\/[0-9a-f-]{36}$/).catch(async (err: Error) => {
      // A refusal shows on the page: named in the failure.
      throw new Error(
        `${err.message}; page says: ${(await page.locator('.ant-alert').allTextContents()).join(' | ')}`,
      );
    });
    const awardId = page.url().split('/').pop()!;
    // The proposer cannot approve their own proposal: no decision form for them.
    await page.getByTestId('award-status').waitFor();
    expect(await page.getByRole('button', { name: '提交审批意见' }).count()).toBe(0);
    await accessibleInBothLanguages(page);
    await context.close();

    // 4. Approval by the admin (the program's chain), in the browser; the notice starts.
    const adminContext = await contextFor(browser, { token: admin.token });
    const adminPage = await adminContext.newPage();
    await adminPage.goto(portal(`/work/awards/${awardId}`));
    await adminPage.getByRole('button', { name: '提交审批意见' }).click();
    await adminPage.getByTestId('award-notice').waitFor({ timeout: 60_000 });
    expect((await officer.get(`/awards/${awardId}`)).body.status).toMatch(/in_notice|final/);
    await adminContext.close();

    // 5. The public sees the notice.
    const publicPage = await (await contextFor(browser)).newPage();
    await publicPage.goto(portal(`/public/awards/${awardId}`));
    await publicPage.getByText(`赤泥综合利用（官员门户${run}）`).first().waitFor();
    expect(await publicPage.getByText('250,000.00').first().isVisible()).toBe(true);
    await publicPage.context().close();
  }, 600_000);
});
