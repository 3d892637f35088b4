import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { as, closeDb, type Client, until } from './support/api';
import {
  accessibleInBothLanguages,
  axeViolations,
  contextFor,
  launchChromium,
  portal,
} from './support/browser';
import { drillProgram, expectedInstallments, signedDirectedProjects } from './support/flows';

// The officer's execution pages in Chromium against the real stack (issue 18): agreements and
// their installments, the portfolio with a project's timeline, misconduct cases and the credit
// ledger. A directed project is signed through the API (the PI's, the host's and the award's steps
// belong to other pages); the officer then works in the browser.
const KEY_FIELDS: Array<{ code: string; zh: string }> = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../libs/domain/src/kernel/data/key-fields.json'), 'utf8'),
).fields;

let browser: Browser;
let officer: Client;
let admin: Client;
let pi: Client; // 百色学院's PI
let host: Client; // 百色学院's admin
let agreementId: string;
let projectId: string;
let amountFen: number;
let schedule: Array<{ sharePercent: number; releasedBy: string }>;

beforeAll(async () => {
  browser = await launchChromium();
  [officer, admin, pi, host] = await Promise.all(['officer', 'admin', 'applicant', 'inst-admin'].map(as));
  const program = await drillProgram(admin, 'directed-key-industry');
  schedule = program.template.funding.installments;
  const [p] = await signedDirectedProjects(program.code, [officer, admin], [[pi, host]]);
  ({ agreementId, projectId } = p);
  amountFen = p.agreement.amountFen;
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await closeDb();
});

/** The officer's browser page, logged in, in Chinese. */
async function officerPage(client: Client = officer): Promise<Page> {
  const context = await contextFor(browser, { token: client.token });
  return context.newPage();
}

/**
 * The link to `href` in a server-paged list, following "next page" until it shows: the demo data
 * and other files' rows share the lists.
 */
async function linkInList(page: Page, href: string): Promise<Locator> {
  const next = page.getByRole('button', { name: '下一页' });
  for (let i = 0; i < 50; i++) {
    const link = page.locator(`a[href$="${href}"]`).first();
    if (
      await link.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    )
      return link;
    if (!(await next.isEnabled())) break;
    await next.click();
  }
  throw new Error(`no link to ${href} in the list`);
}

/**
 * Picks `option` in the select labelled `label`: typed where the select searches (a long list
 * renders only the options in view), then clicked in the open dropdown.
 */
async function choose(page: Page, label: string, option: string, search = false) {
  const select = page.getByLabel(label);
  await select.click();
  if (search) await select.fill(option);
  await page
    .locator(
      `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`,
    )
    .click();
}

describe('the officer’s execution pages', () => {
  it('lists the signed agreement, shows its terms, signatures and installments in yuan, approves the first and another pays it', async () => {
    const page = await officerPage();
    await page.goto(portal('/work'));
    await page.getByRole('menuitem', { name: '任务书与拨款', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '任务书与拨款' }).waitFor();
    // Filtered on the server: the signed ones.
    await choose(page, '按状态筛选', '已签订');
    const link = await linkInList(page, `/work/officer/agreements/${agreementId}`);
    const row = page.locator('tr', { has: link });
    expect(await row.getByText('已签订').isVisible()).toBe(true);
    expect(await row.getByText('¥300,000.00').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await link.click();
    await page.waitForURL(portal(`/work/officer/agreements/${agreementId}`));
    expect(await page.getByTestId('agreement-status').textContent()).toBe('已签订');
    // The terms as negotiated, the three parties' signatures.
    await page.getByText('赤泥综合利用率').first().waitFor();
    for (const party of ['项目负责人', '依托单位', '市科技局'])
      expect(await page.getByRole('cell', { name: party, exact: true }).count()).toBe(1);
    // The installments of the program's schedule, in yuan from fen; none paid yet.
    const installments = page.getByTestId('installments');
    for (const [i, x] of expectedInstallments(amountFen, schedule).entries()) {
      const line = installments.locator('tbody tr').nth(i);
      expect(await line.locator('td').nth(1).textContent()).toBe(`${x.sharePercent}%`);
      expect(await line.locator('td').nth(2).textContent()).toBe(
        `¥${(x.amountFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
      );
      expect(await line.getByText('未拨付').isVisible()).toBe(true);
    }
    expect(await page.getByTestId('agreement-paid').textContent()).toBe('¥0.00');
    await accessibleInBothLanguages(page, '任务书|Agreement');

    // The first installment (on signing) approved: the API reports it so.
    await page.getByRole('button', { name: '审核第 1 期' }).click();
    await installments.getByText('已审核，待拨付').waitFor();
    expect((await officer.get(`/agreements/${agreementId}`)).body.installments[0].status).toBe('approved');
    // Four eyes: the approver cannot pay it too; the refusal shows, nothing changes.
    await page.getByRole('button', { name: '登记拨付第 1 期' }).click();
    await page.getByText('审核人与拨付经办人不能为同一人').waitFor();
    expect((await officer.get(`/agreements/${agreementId}`)).body.installments[0].status).toBe('approved');
    await page.context().close();

    // Another staff member records the payment.
    const adminPage = await officerPage(admin);
    await adminPage.goto(portal(`/work/officer/agreements/${agreementId}`));
    await adminPage.getByRole('button', { name: '登记拨付第 1 期' }).click();
    const first = expectedInstallments(amountFen, schedule)[0].amountFen;
    await adminPage
      .getByTestId('agreement-paid')
      .getByText(`¥${(first / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`)
      .waitFor();
    expect((await admin.get(`/agreements/${agreementId}`)).body.installments[0].status).toBe('paid');
    await adminPage.context().close();
  }, 180_000);

  it('shows the portfolio by key field and county, filters the projects on the server, and opens the project’s timeline', async () => {
    const project = (await officer.get(`/projects/${projectId}`)).body;
    const field = KEY_FIELDS.find((f) => f.code === project.keyField)!;
    expect(field).toBeDefined();
    const page = await officerPage();
    await page.goto(portal('/work'));
    await page.getByRole('menuitem', { name: '项目执行', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '项目执行' }).waitFor();
    // The charts' figures name each key field and county with its number of projects.
    expect(await page.getByTestId('portfolio-keyField').getAttribute('aria-label')).toContain(field.zh);
    expect(await page.getByTestId('portfolio-county').getAttribute('aria-label')).toContain(project.county);
    // As many as the API counts (at least this one; other files may add theirs meanwhile).
    const byField = (await officer.get(`/projects/rollup?by=keyField` as '/projects/rollup')).body.items.find(
      (i: { key: string | null }) => i.key === project.keyField,
    );
    expect(byField.projects).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('portfolio-keyField').getAttribute('aria-label')).toMatch(
      new RegExp(`${field.zh} 项目数 [1-9]\\d*`),
    );

    // The list, filtered on the server by the project's county and key field.
    await choose(page, '县（市、区）', project.county, true);
    await choose(page, '重点产业领域', field.zh, true);
    const link = await linkInList(page, `/work/officer/projects/${projectId}`);
    expect(await page.locator('tbody tr', { hasText: '执行中' }).count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    await link.click();
    await page.waitForURL(portal(`/work/officer/projects/${projectId}`));
    expect(await page.getByTestId('project-status').textContent()).toBe('执行中');
    const timeline = page.getByTestId('project-timeline');
    await timeline.getByText('项目开始执行').waitFor();
    // The schedule of the program: reports every six months, the mid-term check at a year, the end.
    const reports = (await officer.get(`/projects/${projectId}/reports`)).body.items as Array<{
      seq: number;
    }>;
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) await timeline.getByText(`第 ${r.seq} 期进展报告 · 待提交`).waitFor();
    await timeline.getByText('中期检查 · 尚未开始').waitFor();
    await timeline.getByText('执行期满 · 执行中').waitFor();
    // The agreement it came from, one link away.
    expect(await page.getByRole('link', { name: '查看任务书' }).getAttribute('href')).toMatch(
      new RegExp(`/work/officer/agreements/${agreementId}$`),
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('lists a reported case, refuses a dismissal without a reason on its field, and accepts it for investigation', async () => {
    const reported = await officer.post('/misconduct-cases', {
      subject: { type: 'person', id: pi.user.id },
      projectId,
      reporter: { name: '门户举报人', contact: '0776-2800999' },
      facts: '举报：项目中期材料中的检测报告疑似伪造，检测机构否认出具过该报告。',
      evidenceRefs: ['检测机构复函'],
    });
    expect(reported.status).toBe(201);
    const caseId: string = reported.body.id;

    const page = await officerPage();
    await page.goto(portal('/work'));
    await page.getByRole('menuitem', { name: '科研失信案件', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '科研失信案件' }).waitFor();
    await choose(page, '按状态筛选', '已受理举报');
    const link = await linkInList(page, `/work/officer/cases/${caseId}`);
    expect(await axeViolations(page)).toEqual([]);

    await link.click();
    await page.waitForURL(portal(`/work/officer/cases/${caseId}`));
    expect(await page.getByTestId('case-status').textContent()).toBe('已受理举报');
    expect(await page.getByTestId('case-facts').textContent()).toContain('检测报告疑似伪造');
    // The reporter is shown to the staff.
    await page.getByText('门户举报人（0776-2800999）').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A dismissal needs a reason: the API's message sits on the reason field, nothing changes.
    await page.getByLabel('不予立案', { exact: true }).check();
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.locator('.ant-form-item-explain-error', { hasText: '不予立案须说明理由' }).waitFor();
    expect((await officer.get(`/misconduct-cases/${caseId}`)).body.status).toBe('reported');

    await page.getByLabel('立案调查', { exact: true }).check();
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByTestId('case-status').getByText('调查中').waitFor();
    const after = await until(
      () => officer.get(`/misconduct-cases/${caseId}`),
      (r) => r.body.status === 'investigating',
    );
    expect(after.body.investigationDeadline).not.toBeNull();
    // The next step the status allows: the finding.
    await page.getByRole('heading', { name: '作出处理决定' }).waitFor();
    await page.context().close();
  }, 120_000);

  it('lists the credit ledger with subjects, kinds and severities as the API words them', async () => {
    // An expert of this file's own (a negative record bars its subject; no one else uses this one).
    const run = Date.now().toString(36);
    const expert = await officer.post('/experts', {
      name: `信用门户专家${run}`,
      title: '研究员',
      organisation: `信用门户专家单位${run}`,
      keyFields: ['new_materials'],
      keywords: [`信用门户${run}`],
      region: '广西百色',
      finance: false,
      loadCap: 5,
      externalRef: `WOE-${run}`,
    });
    expect(expert.status).toBe(201);
    const recorded = await officer.post('/credit-records', {
      subject: { type: 'expert', id: expert.body.id },
      kind: 'expert_no_review',
      severity: 'minor',
      stage: 'review',
      facts: '接受评审邀请后无正当理由未在期限内提交评审意见。',
      decisionNo: `百科信〔2026〕${run}号`,
      effectiveFrom: new Date().toISOString().slice(0, 10),
    });
    expect(recorded.status).toBe(201);

    const page = await officerPage();
    await page.goto(portal('/work'));
    await page.getByRole('menuitem', { name: '信用记录', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '信用记录' }).waitFor();
    await choose(page, '当事人类型', '评审专家');
    const row = page.locator('tbody tr', { hasText: `信用门户专家${run}` });
    await row.waitFor();
    expect(await row.getByText('评审专家无正当理由未履行评审职责').isVisible()).toBe(true);
    expect(await row.getByText('一般').isVisible()).toBe(true);
    expect(await row.getByText(`百科信〔2026〕${run}号`).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('lets the staff and auditors read the lists these pages show, and no one else', async () => {
    const [auditor, expert] = await Promise.all(['auditor', 'expert'].map(as));
    const lists = [
      '/agreements?status=signed',
      '/projects/rollup?by=county',
      '/misconduct-cases?status=reported',
      '/credit-records?subjectType=expert',
    ] as const;
    for (const path of lists) {
      for (const reader of [officer, admin, auditor])
        expect({ path, status: (await reader.get(path)).status }).toEqual({ path, status: 200 });
      for (const other of [pi, host, expert])
        expect({ path, status: (await other.get(path)).status }).toEqual({ path, status: 403 });
    }
    // A subject still reads its own records, named; a subject id needs its type.
    const own = await pi.get(`/credit-records?subjectType=person&subjectId=${pi.user.id}`);
    expect(own.status).toBe(200);
    const half = await officer.get(`/credit-records?subjectId=${pi.user.id}`);
    expect(half.status).toBe(400);
    expect(half.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['subjectType']);
  });
});
