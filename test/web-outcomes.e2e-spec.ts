import type { Browser, Page } from 'playwright-core';
import { as, closeDb, completeDraft, TINY_PDF, type Client } from './support/api';
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
import { inboxItem } from './support/portal-inbox';
import { drillProgram, signedDirectedProjects } from './support/flows';
import { OWN_USERS } from './support/fuzz-users';

// 成果 in Chromium against the real stack (issues 16 §3 and 18): the PI registers a technology
// contract on the project's page (refused first without evidence, the API's message on the
// field), citing a file uploaded in the form; the officer returns it from the project's page
// (refused first without a comment); the PI corrects it from the returned row and sends it
// again; the officer verifies it; the host institution sees it verified on its project page.
// Then a change of host: the PI asks for it in the portal, naming the new host from the
// institutions' directory; the institution asked (not yet the project's reader) opens the request
// from its inbox, sees the project and itself named, and consents.
// Each step is checked as the user sees it and as the API then reports it.
let browser: Browser;
let officer: Client;
let pi: Client; // this file's own PI and host
let host: Client;
let projectId = '';
const title = completeDraft.title;
const CONTRACT = '赤泥制备免烧砖技术许可合同';

type Outcome = {
  id: string;
  status: string;
  version: number;
  details: Record<string, unknown>;
  evidence: { reference: string | null; attachmentIds: string[] };
  decision: { decision: string; comment: string | null } | null;
  contributions: unknown[];
};
const outcomes = async (): Promise<Outcome[]> =>
  (await pi.get(`/projects/${projectId}/outcomes` as '/projects/{id}/outcomes')).body.items as Outcome[];

beforeAll(async () => {
  browser = await launchChromium();
  let admin: Client;
  [officer, admin] = await Promise.all(['officer', 'admin'].map(as));
  [pi, host] = await Promise.all(
    [OWN_USERS.webOutcomePi, OWN_USERS.webOutcomeHost].map((u) => as(u.username)),
  );
  const program = await drillProgram(admin, 'directed-key-industry', (t) => {
    t.durations.executionLength = 'PT2H';
    t.durations.reportCadence = 'PT1H';
    t.durations.midtermPoint = 'PT90M';
  });
  const [p] = await signedDirectedProjects(program.code, [officer, admin], [[pi, host]]);
  projectId = p.projectId;
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await closeDb();
});

const pageOf = (client: Client, route: string) => pageAt(browser, client.token, route, title);
/** The form item labelled `label` inside `scope`, for its error message. */
const item = (page: Page, scope: string, label: string | RegExp) =>
  page
    .getByTestId(scope)
    .locator('.ant-form-item')
    .filter({ has: page.getByLabel(label) });

describe('成果 in the portal', () => {
  it('the PI registers a contract with its evidence, the officer returns it, the PI corrects it, the officer verifies it', async () => {
    // 1. The PI: the outcomes tab, the form, the type's own fields.
    const page = await pageOf(pi, `/work/projects/${projectId}/outcomes`);
    const keys = idempotencyKeys(page, '/outcomes');
    await page.getByText('暂无登记的成果').waitFor();
    await page.getByRole('button', { name: '登记成果' }).click();
    const form = page.getByTestId('outcome-new');
    await form.getByLabel('成果类型').click();
    await dropdownOption(page, '技术合同').click();
    await form.getByLabel('合同金额（元）').fill('12345.6');
    await form.getByLabel('合同相对方').fill('百色某建材有限公司');
    await form.getByLabel('成果名称').fill(CONTRACT);
    await form.getByLabel('取得日期').fill('2026-09-01');
    expect(await axeViolations(page)).toEqual([]);

    // No evidence: the API's message on the evidence number, nothing registered.
    await form.getByRole('button', { name: '提交登记' }).click();
    await item(page, 'outcome-new', '佐证编号')
      .locator('.ant-form-item-explain-error')
      .getByText('须提供佐证')
      .waitFor();
    expect(await outcomes()).toEqual([]);

    // A file uploaded in the form is cited at once.
    await form.locator('input[type=file]').setInputFiles({
      name: '技术合同登记证明.pdf',
      mimeType: 'application/pdf',
      buffer: TINY_PDF,
    });
    await form.getByText(/技术合同登记证明\.pdf/).waitFor();
    await form.getByRole('button', { name: '提交登记' }).click();
    const row = page.locator('tr', { hasText: CONTRACT });
    await row.getByText('待核实').waitFor();
    const [registered] = await outcomes();
    expect(registered).toMatchObject({
      status: 'submitted',
      version: 1,
      details: { amountFen: 1_234_560, counterparty: '百色某建材有限公司' },
      evidence: { reference: null },
    });
    expect(registered.evidence.attachmentIds).toHaveLength(1);
    // The refused try and the accepted one were two intents: two keys.
    expect(new Set(keys).size).toBe(2);

    // 2. The officer, on the project's page: a return needs its reasons.
    const officerPage = await pageOf(officer, `/work/officer/projects/${projectId}`);
    const officerRow = officerPage.locator('tr', { hasText: CONTRACT });
    await officerRow.locator('.ant-table-row-expand-icon').click();
    await officerPage.getByTestId(`outcome-details-${registered.id}`).getByText('¥12,345.60').waitFor();
    const verify = officerPage.getByTestId(`verify-${registered.id}`);
    await verify.getByLabel('退回修改').check();
    await verify.getByRole('button', { name: '作出核实决定' }).click();
    await verify.locator('.ant-form-item-explain-error').first().waitFor();
    expect((await outcomes())[0].status).toBe('submitted');
    await verify.getByLabel('核实意见').fill('请补充合同登记编号');
    await verify.getByRole('button', { name: '作出核实决定' }).click();
    await officerRow.getByText('已退回修改').waitFor();
    expect((await outcomes())[0]).toMatchObject({
      status: 'returned',
      decision: { decision: 'return', comment: '请补充合同登记编号' },
    });

    // 3. The PI sees why, corrects from the returned row (the form starts from what was sent).
    await reloadTo(page, title);
    await row.getByText('请补充合同登记编号').waitFor();
    await row.getByRole('button', { name: '修改后重新提交' }).click();
    const again = page.getByTestId(`outcome-${registered.id}`);
    expect(await again.getByLabel('合同金额（元）').inputValue()).toBe('12345.60');
    await again.getByLabel('佐证编号').fill('2026450000123');
    await again.getByRole('button', { name: '重新提交' }).click();
    await row.getByText('待核实').waitFor();
    expect((await outcomes())[0]).toMatchObject({
      status: 'submitted',
      version: 2,
      evidence: { reference: '2026450000123', attachmentIds: registered.evidence.attachmentIds },
    });

    // 4. The officer verifies it; it counts toward the plan's indicators.
    await reloadTo(officerPage, title);
    await officerRow.locator('.ant-table-row-expand-icon').click();
    await verify.getByRole('button', { name: '作出核实决定' }).click();
    await officerRow.getByText('已核实').waitFor();
    const verified = (await outcomes())[0];
    expect(verified).toMatchObject({ status: 'verified', decision: { decision: 'verify' } });
    expect(verified.contributions.length).toBeGreaterThan(0);

    // 5. The PI and the host institution each see it verified.
    await reloadTo(page, title);
    await row.getByText('已核实').waitFor();
    await accessibleInBothLanguages(page, title);
    const hostPage = await pageOf(host, `/work/institution/projects/${projectId}`);
    await hostPage.locator('tr', { hasText: CONTRACT }).getByText('已核实').waitFor();
  });

  it('a change of host: the PI names the new host by name; the new host reads the request from its inbox and consents', async () => {
    const newHost = await as(OWN_USERS.webNewHost.username);
    const hostName: string = (await newHost.get('/auth/me')).body.institutionName;
    // The PI asks in the portal, choosing the new host by name from the institutions' directory.
    const piPage = await pageOf(pi, `/work/projects/${projectId}/changes`);
    const form = piPage.getByTestId('change-form');
    await form.getByLabel('变更类型').click();
    await dropdownOption(piPage, '依托单位变更').click();
    await form.getByLabel('新依托单位').click();
    await piPage.keyboard.type('web-new-host');
    const county = (await pi.get(`/institutions?q=web-new-host` as '/institutions')).body.items[0].county;
    await dropdownOption(piPage, `${hostName}（${county}）`).click();
    await form.getByLabel('理由').fill('项目团队整体调入新单位，继续承担本项目。');
    expect(await axeViolations(piPage)).toEqual([]);
    await form.getByRole('button', { name: '提交变更申请' }).click();
    await piPage.locator('tr', { hasText: '依托单位变更' }).waitFor();
    const asked = (
      await pi.get(`/projects/${projectId}/changes` as '/projects/{id}/changes')
    ).body.items.find((c: { kind: string }) => c.kind === 'institution_change');
    expect(asked).toMatchObject({
      reason: '项目团队整体调入新单位，继续承担本项目。',
      subject: { type: 'institution', id: newHost.user.institutionId, name: hostName },
      awaiting: 'institution',
    });
    const changeId: string = asked.id;
    await piPage.context().close();
    // The current host consents first (its portal step is checked in web-officer-decisions).
    const decision =
      `/projects/${projectId}/changes/${changeId}/decision` as '/projects/{id}/changes/{changeId}/decision';
    expect((await host.post(decision, { decision: 'approve' })).status).toBe(200);

    const context = await contextFor(browser, { token: newHost.token });
    const page = await context.newPage();
    await page.goto(portal('/work'));
    const link = await inboxItem(page, title);
    expect(link).not.toBeNull();
    await link!.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByTestId('change-requested').getByText(hostName).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await submitAndConfirm(page, 'change-consent', '提交决定', '同意该变更申请并报送市科技局审批？');
    await page.getByTestId('change-consent').waitFor({ state: 'detached' });
    const read = await newHost.get(
      `/projects/${projectId}/changes/${changeId}` as '/projects/{id}/changes/{changeId}',
    );
    expect(read.body).toMatchObject({ awaiting: 'officer', subject: { name: hostName } });
    expect(read.body.decisions.map((d: { step: string }) => d.step)).toEqual([
      'institution',
      'new_institution',
    ]);
    await context.close();
  });

  it('the bureau’s queue lists the outcomes awaiting verification, readable in both languages', async () => {
    const page = await pageAt(browser, officer.token, '/work/officer/outcomes', '成果核实');
    await page.getByRole('combobox', { name: '状态' }).waitFor();
    await accessibleInBothLanguages(page, '成果核实|Outcome verification');
  });
});
