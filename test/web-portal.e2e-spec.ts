import type { Browser } from 'playwright-core';
import {
  apiUrl,
  as,
  completeDraft,
  createCall,
  PI_ID_NUMBER,
  TINY_PDF,
  until,
  type Client,
} from './support/api';
import { axeViolations, contextFor, launchChromium, portal, settled } from './support/browser';
import { closingIn, publishedCall, waitForClose } from './support/flows';

// The portal (apps/web) as the public and each role see it, in Chromium, against the real stack.
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

describe('serving', () => {
  it('serves the portal at / and any portal URL on reload, beside the API', async () => {
    const root = await fetch(`${apiUrl()}/`);
    expect(root.url).toBe(portal('/'));
    expect(await root.text()).toContain('<div id="root">');
    const deep = await fetch(portal('/public/guides/some-guide'));
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    // The API stays JSON beside it.
    const api = await fetch(`${apiUrl()}/public/guides`);
    expect(api.headers.get('content-type')).toContain('application/json');
  });
});

describe('public pages', () => {
  it('an open call shows on the front page; its guide shows its version history', async () => {
    const { guideId } = await publishedCall(officer, admin, applicant, 'key-rd', closingIn(600_000));
    const context = await contextFor(browser);
    const page = await context.newPage();
    await page.goto(portal('/'));
    // Other files publish guides of the same title meanwhile: this call's own link, by its target.
    const link = page
      .getByRole('link', { name: 'key-rd 测试指南' })
      .and(page.locator(`[href*="${guideId}"]`));
    await link.waitFor();
    await link.click();
    await page.waitForURL(portal(`/public/guides/${guideId}`));
    await page.getByRole('heading', { name: /key-rd 测试指南/ }).waitFor();
    expect(await page.getByText('历次发布版本').isVisible()).toBe(true);
    expect(await page.getByText('芒果重大病虫害绿色防控').first().isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('a visitor reads the challenge list and the published credit decisions', async () => {
    const { guideId } = await publishedCall(officer, admin, applicant, 'challenge', closingIn(600_000));
    // A decision of its own, about a new pool expert (it bars no one another file relies on).
    const decisionNo = `百科信〔2026〕门户${Date.now()}号`;
    // Not available for draws: no other file's round invites them.
    const expert = await officer.post('/experts', {
      name: '钟海涛',
      title: '研究员',
      organisation: '门户公开测试专家单位',
      region: '广西南宁',
      finance: true,
      available: false,
    });
    expect(expert.status).toBe(201);
    const recorded = await officer.post('/credit-records', {
      subject: { type: 'expert', id: expert.body.id },
      kind: 'expert_leak',
      severity: 'serious',
      stage: 'review',
      facts: '评审期间向申报人泄露评审专家名单（门户公开测试）。',
      decisionNo,
      effectiveFrom: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
      isPublic: true,
    });
    expect(recorded.status).toBe(201);

    const context = await contextFor(browser);
    const page = await context.newPage();
    await page.goto(portal('/'));
    await page.getByRole('menuitem', { name: '揭榜挂帅榜单', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '揭榜挂帅榜单' }).waitFor();
    // Other files publish challenges of the same title: this guide's row, by its link.
    const challenge = page.getByRole('row').filter({ has: page.locator(`a[href*="${guideId}"]`) });
    await challenge.waitFor();
    expect(await challenge.textContent()).toContain('铝精深加工关键技术揭榜');
    expect(await challenge.getByRole('link', { name: 'challenge 测试指南' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('menuitem', { name: '科研失信处理公开', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '科研失信处理公开' }).waitFor();
    const decision = page.getByRole('row').filter({ hasText: decisionNo });
    await decision.waitFor();
    // The kind and the subject in words, not the API's codes.
    for (const text of ['评审专家', '评审专家泄露评审信息', '较重', '门户公开测试'])
      expect(await decision.textContent()).toContain(text);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('login and layout', () => {
  it('logs in from the login page, shows the name and role, switches to English and remembers it', async () => {
    const context = await contextFor(browser);
    const page = await context.newPage();
    await page.goto(portal('/login'));
    expect(await page.getByText('演示账号').first().isVisible()).toBe(true);
    await page.getByLabel('用户名').fill('applicant');
    await page.getByLabel('密码').fill('wrong-password');
    await page
      .locator('form')
      .getByRole('button', { name: /登\s?录/ })
      .click();
    await page.getByText('用户名或密码错误').first().waitFor();
    await page.getByLabel('密码').fill('kjflow-demo');
    await page
      .locator('form')
      .getByRole('button', { name: /登\s?录/ })
      .click();
    await page.waitForURL(portal('/work'));
    await page.getByTestId('current-user').getByText('李明（百色学院）').waitFor();
    expect(await page.getByTestId('current-user').getByText('申报人').isVisible()).toBe(true);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Welcome, 李明（百色学院）' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, 李明（百色学院）' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/portal\/login/);
    await context.close();
  });
});

// The application flow waits for its call to close (two minutes); the homes are checked beside it
// (it.concurrent: at most jest.config's maxConcurrency, 2, at once: the flow and one home).
describe('the applicant, and each role’s home beside', () => {
  it.concurrent(
    'fills the application with its budget table, survives a concurrent edit, submits, and follows its status',
    async () => {
      const call = await createCall(officer, { closesInMs: 120_000, title: '门户测试批次' });
      const context = await contextFor(browser, { token: applicant.token });
      const page = await context.newPage();
      await page.goto(portal(`/work/applications/new?callId=${call.id}`));
      await page.getByText('门户测试批次').first().waitFor();
      await page.getByLabel('项目名称').fill('赤泥综合利用关键技术研究（门户）');
      await page.getByRole('button', { name: '创建申报书并继续填写' }).click();
      await page.waitForURL(/\/portal\/work\/applications\/[0-9a-f-]{36}$/);
      const applicationId = page.url().split('/').pop()!;

      await page.getByLabel('项目摘要').fill(completeDraft.summary);
      await page.getByLabel('申请财政资助（元）').fill('300000');
      await page.getByLabel('负责人姓名').fill('李明');
      await page.getByLabel('职称', { exact: true }).fill('教授');
      await page.getByLabel('职称级别').click();
      await page.locator('.ant-select-item-option[title="正高级"]').click();
      await page.getByLabel('联系电话').fill('0776-2848000');
      await page.getByLabel('身份证号').fill('123'); // wrong on purpose: the API names the field
      await page.getByLabel('投入工作量（%）').first().fill('40');
      await page.getByLabel('研究目标').fill(completeDraft.objectives);
      await page.getByLabel('技术路线').fill(completeDraft.technicalRoute);
      await page.getByRole('button', { name: '添加考核指标' }).click();
      await page.getByLabel('指标名称 1').fill('赤泥综合利用率');
      await page.getByLabel('单位 1').fill('%');
      await page.getByLabel('目标值 1').fill('30');
      await page.getByLabel('考核方式 1').fill('第三方检测报告');
      await page.getByRole('button', { name: '添加里程碑' }).click();
      await page.getByLabel('阶段任务 1').fill('工艺研究');
      await page.getByLabel('开始日期 1').fill('2027-01-01');
      await page.getByLabel('结束日期 1').fill('2027-12-31');
      await page.getByLabel('阶段成果 1').fill('工艺参数报告');
      // The budget table: a line in each of the three categories; the totals follow as one types.
      for (const [category, item, yuan] of [
        ['设备费', '成型试验机', '50000'],
        ['业务费', '材料费', '200000'],
        ['劳务费', '研究生劳务', '50000'],
      ]) {
        await page.getByRole('button', { name: `添加${category}明细` }).click();
        await page.getByLabel(`${category} 1 支出科目`).fill(item);
        await page.getByLabel(`${category} 1 金额（元）`).fill(yuan);
      }
      await page.getByLabel('间接费用（元）').fill('30000');
      await page.getByLabel('自筹经费（元）').fill('30000');
      await page.getByTestId('budget-total-business').getByText('¥200,000.00').waitFor();
      await page.getByTestId('budget-total').getByText('¥330,000.00').waitFor();
      // Before submission the portal says what is still missing.
      expect(await page.getByTestId('precheck').textContent()).toContain('尚未勾选诚信承诺');

      // A refused save: the message sits on the field, in Chinese; nothing typed is lost.
      await page.getByRole('button', { name: '保存草稿' }).click();
      const idItem = page.locator('.ant-form-item').filter({ has: page.getByLabel('身份证号') });
      await idItem.locator('.ant-form-item-explain-error').waitFor();
      expect(await idItem.locator('.ant-form-item-explain-error').textContent()).toMatch(/身份证/);
      expect(await page.getByLabel('研究目标').inputValue()).toBe(completeDraft.objectives);
      await page.getByLabel('身份证号').fill(PI_ID_NUMBER);
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByText('已保存').first().waitFor();

      // Someone saves in between (another window): the portal warns (412) and keeps the form.
      const current = await applicant.get(`/applications/${applicationId}`);
      const other = await applicant.patch(
        `/applications/${applicationId}`,
        { summary: '另一窗口的修改' },
        { 'if-match': current.headers.get('etag')! },
      );
      expect(other.status).toBe(200);
      await page.getByLabel('项目摘要').fill(`${completeDraft.summary}（修订）`);
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByText('申报书已在别处被修改').waitFor();
      await page.getByRole('button', { name: '保留我的修改并保存' }).click();
      const saved = await until(
        () => applicant.get(`/applications/${applicationId}`),
        (r) => r.body.version > other.body.version,
      );
      expect(saved.body.content.summary).toBe(`${completeDraft.summary}（修订）`);
      // Each save sent the fields typed since the one before, no more: the audit trail says which
      // (the last save's is the summary alone, the other window's too).
      const trail = await officer.get(`/events?subjectType=application&subjectId=${applicationId}`);
      const saves = trail.body.items.filter((e: { type: string }) => e.type === 'application.draft_saved');
      expect(saves.slice(-2).map((e: { payload: { changed: string[] } }) => e.payload.changed)).toEqual([
        ['summary'],
        ['summary'],
      ]);

      // An attachment with its progress, then the pledge and the submission.
      // As a user does: the document's upload button (reached by its name) opens the file chooser.
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: '上传 其他材料' }).click();
      await (
        await chooser
      ).setFiles({ name: '可行性报告.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
      await page.getByText(/可行性报告\.pdf/).waitFor();
      await page.getByLabel(/本人承诺/).check();
      await page.getByRole('button', { name: '提交申报书' }).click();
      await page.getByText('已提交，当前状态：已提交').waitFor();
      expect(await page.getByTestId('checklist').textContent()).toContain('预算');
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: '查看申报进度' }).last().click();
      await page.waitForURL(portal(`/work/applications/${applicationId}/status`));
      await page.getByTestId('status-entry').filter({ hasText: '已提交' }).first().waitFor();

      // The officer passes it after the call closes and publishes the list: the public sees it.
      await waitForClose(officer, call.id);
      const decided = await officer.post(`/calls/${call.id}/formal-check/decisions`, {
        decisions: [{ applicationId, decision: 'pass' }],
      });
      expect(decided.body.results[0].ok).toBe(true);
      expect((await officer.post(`/calls/${call.id}/passed-list`)).status).toBe(200);
      await page.reload();
      await page.getByTestId('status-entry').filter({ hasText: '形式审查通过' }).first().waitFor();
      const publicPage = await (await contextFor(browser)).newPage();
      await publicPage.goto(portal(`/public/calls/${call.id}/passed-list`));
      await publicPage.getByText('赤泥综合利用关键技术研究（门户）').waitFor();
      expect(await publicPage.getByText('百色学院').first().isVisible()).toBe(true);
      expect(await axeViolations(publicPage)).toEqual([]);
      await publicPage.context().close();
      await context.close();
    },
    300_000,
  );

  const HOMES: [username: string, zh: string, en: string][] = [
    ['applicant', '我的申报书', 'My applications'],
    ['inst-admin', '本单位申报书（待推荐）', 'Applications of my institution (to endorse)'],
    ['expert', '评审邀请与评审任务', 'Review invitations and tasks'],
    ['officer', '申报批次', 'Calls'],
    ['admin', '计划模板', 'Program templates'],
    ['auditor', '操作日志（领域事件）', 'Event log'],
  ];

  it.concurrent.each(HOMES)(
    '%s: the home lists their work in Chinese and in English, accessibly',
    async (username, zh, en) => {
      const user = await as(username);
      for (const [lang, title, greeting] of [
        ['zh', zh, '您好'],
        ['en', en, 'Welcome'],
      ] as const) {
        const context = await contextFor(browser, { lang, token: user.token });
        const page = await context.newPage();
        await page.goto(portal('/work'));
        await page.getByRole('heading', { level: 1, name: new RegExp(greeting) }).waitFor();
        await page.locator('.ant-card-head-title', { hasText: title }).first().waitFor();
        // The lists have loaded (no spinner left) before the page is checked.
        await settled(page);
        expect(await axeViolations(page)).toEqual([]);
        await context.close();
      }
    },
    120_000,
  );
});
