import type { Browser, Page } from 'playwright-core';
import { as, attachRequired, completeDraft, request, SIGN, until, type Client } from './support/api';
import { axeViolations, contextFor, dropdownOption, launchChromium, portal } from './support/browser';
import { iso, waitForClose } from './support/flows';

// The officer's intake pages in Chromium against the real stack: demand screening and merging
// (需求征集), the guide editor with its approval by the chain's role (申报指南), and the answers to
// objections against an award notice (异议处理). What other roles do (submitting demands, filing an
// objection) is set up through the API.
let browser: Browser;
let officer: Client;
let admin: Client;
let applicant: Client;
let applicant2: Client;

beforeAll(async () => {
  browser = await launchChromium();
  [officer, admin, applicant, applicant2] = await Promise.all(
    ['officer', 'admin', 'applicant', 'applicant2'].map(as),
  );
});
afterAll(async () => {
  await browser?.close();
});

const newRun = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

/** No serious accessibility violation on the page, in Chinese and after switching to English. */
async function accessibleInBothLanguages(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  await page.evaluate(`localStorage.setItem('kjflow.lang', 'en')`);
  await page.reload();
  await page.locator('h1').first().waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.evaluate(`localStorage.setItem('kjflow.lang', 'zh')`);
  await page.reload();
  await page.locator('h1').first().waitFor();
}

/** The page's error messages, to name a refusal in a failure. */
async function pageErrors(page: Page) {
  return (await page.locator('.ant-alert, .ant-form-item-explain-error').allTextContents()).join(' | ');
}

async function openCampaign(title: string, openForMs = 3_600_000) {
  const res = await officer.post('/demand-campaigns', {
    title,
    windowStart: iso(-60_000),
    windowEnd: iso(openForMs),
    keyFields: ['eco_aluminium', 'modern_agriculture_forestry'],
  });
  if (res.status !== 201) throw new Error(`campaign: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function submittedDemand(who: Client, campaignId: string, title: string, problem: string) {
  const draft = await who.post('/demands', {
    campaignId,
    title,
    keyField: 'eco_aluminium',
    county: '平果市',
    problem,
    indicators: [{ name: '赤泥综合利用率', unit: '%', value: 30 }],
    contact: { name: '黄工', phone: '0776-5820000' },
    urgency: 'high',
  });
  if (draft.status !== 201) throw new Error(`demand: ${draft.status} ${JSON.stringify(draft.body)}`);
  const submitted = await who.post(`/demands/${draft.body.id}/submit`);
  if (submitted.status !== 200)
    throw new Error(`submit demand: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return draft.body.id as string;
}

/** The form item (label, control and messages) whose control has this label. */
const fieldOf = (page: Page, label: string) =>
  page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });

describe('the officer’s intake', () => {
  it('screens a campaign’s demands and merges a duplicate into the demand it repeats', async () => {
    const run = newRun();
    const campaignTitle = `门户需求筛选测试${run}`;
    const campaignId = await openCampaign(campaignTitle);
    const problem = '平果赤泥堆存量大，需要赤泥脱碱与建材化综合利用关键技术，降低堆存风险与成本。';
    const first = await submittedDemand(applicant, campaignId, `赤泥综合利用关键技术${run}`, problem);
    const repeat = await submittedDemand(applicant2, campaignId, `赤泥综合利用技术${run}`, problem);

    const context = await contextFor(browser, { token: officer.token });
    const page = await context.newPage();
    // From the menu to the campaign, then its queue of demands waiting to be screened.
    await page.goto(portal('/work'));
    await page.getByRole('menuitem', { name: '需求征集与筛选' }).click();
    await page.waitForURL(portal('/work/demand-campaigns'));
    await page.getByRole('link', { name: campaignTitle }).waitFor();
    await accessibleInBothLanguages(page);
    await page.getByRole('link', { name: campaignTitle }).click();
    await page.waitForURL(portal(`/work/demand-campaigns/${campaignId}`));
    const repeatRow = page.locator('tr', { hasText: `赤泥综合利用技术${run}` });
    await repeatRow.getByText('已提交').waitFor();
    await page.locator('tr', { hasText: `赤泥综合利用关键技术${run}` }).waitFor();
    expect(await repeatRow.textContent()).toContain('紧迫');
    await accessibleInBothLanguages(page);

    // The repeat's page names the first demand as a possible duplicate.
    await repeatRow.getByRole('link', { name: `赤泥综合利用技术${run}` }).click();
    await page.waitForURL(portal(`/work/demands/${repeat}`));
    const similarRow = page.locator('tr', { hasText: `赤泥综合利用关键技术${run}` });
    await similarRow.waitFor();
    expect(await page.getByTestId('demand-status').textContent()).toBe('已提交');
    await accessibleInBothLanguages(page);

    // A return without a reason: the API's message sits on the reason field, nothing changes.
    await page.getByText('退回修改', { exact: true }).click();
    await page.getByRole('button', { name: '提交筛选决定' }).click();
    await fieldOf(page, '理由（退回或不予采纳时必填，将告知提出人）')
      .locator('.ant-form-item-explain-error')
      .getByText('须说明理由')
      .waitFor();
    expect((await officer.get(`/demands/${repeat}`)).body.status).toBe('submitted');

    // Merged into the first: the page follows, and the API reports the link.
    await similarRow.getByRole('button', { name: `合并到此：赤泥综合利用关键技术${run}` }).click();
    await page.getByRole('button', { name: '提交筛选决定' }).click();
    await page
      .getByTestId('demand-status')
      .getByText('已合并')
      .waitFor()
      .catch(async (err: Error) => {
        throw new Error(`${err.message}; page says: ${await pageErrors(page)}`);
      });
    await page.getByTestId('merged-into').click();
    await page.waitForURL(portal(`/work/demands/${first}`));
    const merged = await officer.get(`/demands/${repeat}`);
    expect(merged.body).toMatchObject({ status: 'merged', mergedIntoId: first });
    expect(merged.body.history.at(-1).statusLabel).toEqual({
      zh: '已合并',
      en: 'Merged into another demand',
    });
    await context.close();
  }, 180_000);

  it('drafts a guide with the API’s messages on its fields, submits it, and another role approves and publishes it', async () => {
    const run = newRun();
    // A topic of this run only, condensed from an accepted demand.
    const campaignId = await openCampaign(`门户指南测试用征集${run}`);
    const demand = await submittedDemand(
      applicant,
      campaignId,
      `铝精深加工需求${run}`,
      '需要突破高端铝材精深加工关键工艺，提升产业链附加值，形成示范生产线。',
    );
    expect((await officer.post(`/demands/${demand}/screening`, { decision: 'accept' })).status).toBe(200);
    const topicTitle = `铝精深加工关键技术方向${run}`;
    const topic = await officer.post('/topics', {
      kind: 'topic',
      title: topicTitle,
      keyField: 'eco_aluminium',
      problem: '研究高端铝材精深加工关键工艺并示范应用。',
      fundingFen: 50_000_000,
      demandIds: [demand],
    });
    expect(topic.status).toBe(201);
    const year = new Date().getUTCFullYear() + 1;
    const guideTitle = `${year}年百色市重点研发计划指南（门户${run}）`;

    const context = await contextFor(browser, { token: officer.token });
    const page = await context.newPage();
    await page.goto(portal('/work'));
    await page.getByRole('menuitem', { name: '申报指南编制' }).click();
    await page.waitForURL(portal('/work/guides'));
    await page.getByRole('button', { name: '起草指南' }).waitFor();
    await accessibleInBothLanguages(page);
    await page.getByRole('button', { name: '起草指南' }).click();
    await page.waitForURL(portal('/work/guides/new'));
    await page.getByLabel('指南名称').waitFor();
    await accessibleInBothLanguages(page);

    // The template, the title and the topic; no amounts and no dates yet.
    // Typed first: other files' templates fill the (virtualised) list.
    await page.getByLabel('计划模板（起草时锁定其当前版本）').click();
    await page.keyboard.type('（key-rd v');
    await page.locator('.ant-select-item-option', { hasText: '（key-rd v' }).first().click();
    await page.getByLabel('指南名称').fill(guideTitle);
    await page.getByLabel('指南方向 / 榜单').click();
    await page.keyboard.type(run);
    await page.locator('.ant-select-item-option', { hasText: topicTitle }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '保存草稿' }).click();
    // The API refuses, and says why on each field; nothing is written.
    for (const label of ['单项资助上限（元）', '申报开始时间（北京时间）'])
      await fieldOf(page, label).locator('.ant-form-item-explain-error').waitFor();
    expect(page.url()).toBe(portal('/work/guides/new'));

    await page.getByLabel('单项资助上限（元）').fill('500000');
    await page.getByLabel('批次总预算（元）').fill('2000000');
    for (const [label, value] of [
      ['申报开始时间（北京时间）', `${year}-03-01 09:00`],
      ['申报截止时间（北京时间）', `${year}-03-31 17:30`],
    ]) {
      // Typed, then confirmed with the panel's OK (Enter would also submit the form).
      await page.getByLabel(label).click();
      await page.getByLabel(label).fill(value);
      // The newest dropdown is the last; wait until it has closed, so that the next one is alone.
      await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').last().click();
      for (let i = 0; i < 100 && (await page.locator('.ant-picker-dropdown:visible').count()) > 0; i++)
        await page.waitForTimeout(50);
    }
    await page.getByLabel('指南正文').fill('聚焦生态铝产业，支持高端铝材精深加工关键技术攻关。');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/portal\/work\/guides\/[0-9a-f-]{36}$/).catch(async (err: Error) => {
      throw new Error(`${err.message}; page says: ${await pageErrors(page)}`);
    });
    const guideId = page.url().split('/').pop()!;
    const saved = (await officer.get(`/guides/${guideId}`)).body;
    expect(saved).toMatchObject({
      status: 'draft',
      template: { code: 'key-rd' },
      approvalChain: ['admin'],
      draft: {
        title: guideTitle,
        topicIds: [topic.body.id],
        budgetCapFen: 50_000_000,
        totalBudgetFen: 200_000_000,
        windowStart: `${year}-03-01T01:00:00.000Z`, // 09:00 Beijing time
        windowEnd: `${year}-03-31T09:30:00.000Z`,
      },
    });
    await page.getByTestId('guide-status').getByText('草稿').waitFor();
    await page.getByTestId('guide-topics').getByText(`指南方向：${topicTitle}`).waitFor();
    await accessibleInBothLanguages(page);

    // Submitted for approval: the drafter cannot approve it (four eyes).
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByTestId('guide-status').getByText('审核中').waitFor();
    await page.getByText('起草人不能审核自己起草的指南').waitFor();
    expect(await page.getByRole('button', { name: '提交审核意见' }).count()).toBe(0);
    await context.close();

    // The chain's role (the administrator) approves: the last step publishes it as version 1.
    const adminContext = await contextFor(browser, { token: admin.token });
    const adminPage = await adminContext.newPage();
    await adminPage.goto(portal(`/work/guides/${guideId}`));
    await adminPage.getByText('审核（当前环节：系统管理员）').waitFor();
    await accessibleInBothLanguages(adminPage);
    await adminPage.getByRole('button', { name: '提交审核意见' }).click();
    await adminPage.getByTestId('guide-status').getByText('已发布').waitFor();
    await adminPage.getByTestId('guide-versions').getByText('v1').waitFor();
    const published = (await officer.get(`/guides/${guideId}`)).body;
    expect(published).toMatchObject({ status: 'published', publishedVersion: 1, approvedSteps: 1 });
    expect(published.callId).toEqual(expect.any(String));
    expect((await request('GET', `/public/guides/${guideId}`)).body.versions).toHaveLength(1);
    await adminContext.close();
  }, 180_000);

  it('answers an objection to an award notice, and the objector reads the outcome', async () => {
    const run = newRun();
    const title = `门户异议测试项目${run}`;
    // An award in its notice: a call, one application passed, proposed and approved by another.
    const call = await officer.post('/calls', {
      title: `门户异议测试批次${run}`,
      mode: 'open_competition',
      windowStart: iso(-60_000),
      windowEnd: iso(20_000),
      budgetCapFen: 50_000_000,
      totalBudgetFen: 100_000_000,
    });
    expect(call.status).toBe(201);
    const draft = await applicant.post('/applications', { callId: call.body.id, ...completeDraft, title });
    expect(draft.status).toBe(201);
    const applicationId: string = draft.body.id;
    await attachRequired(applicant, applicationId);
    expect((await applicant.post(`/applications/${applicationId}/submit`, SIGN)).status).toBe(200);
    await waitForClose(officer, call.body.id);
    const passed = await officer.post(`/applications/${applicationId}/formal-check`, { decision: 'pass' });
    expect(passed.status).toBe(200);
    const proposed = await officer.post(`/calls/${call.body.id}/awards`, {
      items: [{ applicationId, amountFen: 30_000_000 }],
      note: '按评审排序择优立项',
    });
    expect(proposed.status).toBe(201);
    const awardId: string = proposed.body.id;
    expect((await admin.post(`/awards/${awardId}/approval`, { decision: 'approve' })).status).toBe(200);
    await until(
      () => officer.get(`/awards/${awardId}`),
      (r) => r.body.status === 'in_notice',
      60_000,
    );
    const facts = `该项目负责人同期以相同内容申报了自治区科技计划并已获立项，属于重复申报（${run}）。`;
    const filed = await request('POST', `/public/awards/${awardId}/objections`, {
      body: {
        objector: { name: '王建国', contact: '13807761234', idNumber: '11010519491231002X' },
        applicationId,
        facts,
        evidence: ['桂科计字〔2026〕18号'],
      },
    });
    expect(filed.status).toBe(201);

    // From the award to its objections: who objected, the facts, under investigation.
    const context = await contextFor(browser, { token: officer.token });
    const page = await context.newPage();
    await page.goto(portal(`/work/awards/${awardId}`));
    await page.getByRole('link', { name: '查看并答复异议' }).click();
    await page.waitForURL(portal(`/work/awards/${awardId}/objections`));
    const row = page.locator('tr', { hasText: facts });
    await row.waitFor();
    expect(await row.textContent()).toContain('王建国');
    expect(await row.textContent()).toContain(title);
    expect(await row.getByTestId('objection-status').textContent()).toBe('核查中');
    await accessibleInBothLanguages(page);

    // Adjust without the new amount and with too short a reply: the API's messages on both fields.
    await page.locator('tr', { hasText: facts }).getByRole('button', { name: '答复此异议' }).click();
    const form = page.getByRole('form', { name: `答复异议：${title}` });
    await form.getByText('调整金额').click();
    await form.getByLabel('答复', { exact: true }).fill('已核查');
    await form.getByRole('button', { name: '答复异议' }).click();
    await fieldOf(page, '调整后金额（元）').locator('.ant-form-item-explain-error').waitFor();
    await fieldOf(page, '答复').locator('.ant-form-item-explain-error').getByText('不少于 10 个字').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The answer: adjusted to ¥200,000, with the reply the objector reads.
    const answer = '经核查，该项目与自治区立项内容部分重复，核减立项金额至二十万元。';
    await form.getByLabel('调整后金额（元）').fill('200000');
    await form.getByLabel('答复', { exact: true }).fill(answer);
    await form.getByRole('button', { name: '答复异议' }).click();
    await page
      .locator('tr', { hasText: facts })
      .getByTestId('objection-status')
      .getByText('调整立项')
      .waitFor()
      .catch(async (err: Error) => {
        throw new Error(`${err.message}; page says: ${await pageErrors(page)}`);
      });
    expect(await page.locator('tr', { hasText: facts }).textContent()).toContain(answer);
    const objectorView = await request(
      'GET',
      `/public/awards/${awardId}/objections/${filed.body.id}?receipt=${encodeURIComponent(filed.body.receipt)}`,
    );
    expect(objectorView.body).toMatchObject({
      status: 'adjust',
      statusLabel: { zh: '调整立项' },
      answer,
    });
    await context.close();
  }, 300_000);
});

describe('the applicant’s demand form', () => {
  it('submits a technology demand from the menu; it reaches the API as submitted', async () => {
    const run = newRun();
    const campaignTitle = `门户需求提交测试${run}`;
    // The form lists open campaigns latest closing first: a window longer than other files' keeps
    // this one at the top of the dropdown.
    const campaignId = await openCampaign(campaignTitle, 400 * 86_400_000);
    const title = `芒果采后保鲜关键技术${run}`;
    const problem = '右江河谷芒果采后损耗率高，需要低成本保鲜与冷链关键技术，延长货架期。';

    const context = await contextFor(browser, { token: applicant.token });
    const page = await context.newPage();
    await page.goto(portal('/work'));
    await page.getByRole('menuitem', { name: '提交技术需求' }).click();
    await page.waitForURL(portal('/work/demands/new'));
    await page.getByRole('heading', { level: 1, name: '提交技术需求' }).waitFor();
    await page.getByLabel('需求征集批次').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: campaignTitle,
      })
      .click();
    await page.getByLabel('需求名称').fill(title);
    await page.getByLabel('重点领域').click();
    await dropdownOption(page, '现代特色农林').click();
    await page.getByLabel('所在县（市、区）').click();
    await dropdownOption(page, '田阳区').click();
    await page.getByLabel('紧迫程度').click();
    await dropdownOption(page, '紧迫').click();
    await page.getByLabel('需解决的问题').fill(problem);
    await page.getByLabel('指标名称 1').fill('采后损耗率');
    await page.getByLabel('单位 1').fill('%');
    await page.getByLabel('目标值 1').fill('8');
    await page.getByLabel('联系人').fill('李明');
    await page.getByLabel('联系电话').fill('0776-2848000');
    expect(await axeViolations(page)).toEqual([]);
    // antd spaces out a two-character label (提 交).
    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    await page
      .getByText('技术需求已提交')
      .waitFor()
      .catch(async (err: Error) => {
        throw new Error(`${err.message}; page says: ${await pageErrors(page)}`);
      });

    const mine = (await applicant.get('/demands/mine?limit=50')).body.items as any[];
    expect(mine.find((d) => d.content.title === title)).toMatchObject({
      campaignId,
      status: 'submitted',
      content: {
        keyField: 'modern_agriculture_forestry',
        county: '田阳区',
        urgency: 'high',
        problem,
        indicators: [{ name: '采后损耗率', unit: '%', value: 8 }],
        contact: { name: '李明', phone: '0776-2848000' },
      },
    });
    await context.close();
  }, 120_000);
});
