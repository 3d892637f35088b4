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
import { inboxItem, inboxKindFilter } from './support/portal-inbox';

// 容错 (RULES §12.5) in Chromium against the real stack (issue 18): the three parties' steps on
// one directed project of a drill program (a two-hour term: no report falls due meanwhile). The
// PI asks in the portal (refused first: the statement too short, then the project not flagged),
// the officer flags the project high-risk, the host institution confirms from its inbox, the
// officer names the experts (an even number refused on the field) and records their
// confirmation; then the PI, the host and the officer each see the project closed (结题) with
// the neutral honest_failure record. Every step is checked as the user sees it and as the API
// then reports it.
let browser: Browser;
let officer: Client;
let admin: Client;
let pi: Client; // this file's own PI and host: the honest_failure record stays theirs
let host: Client;
let projectId = '';
let apiRecordId = '';
const P = () => `/projects/${projectId}` as const;
const title = completeDraft.title;

/** Seeded experts from outside the project's institution (seeds/data/experts.json). */
const EXPERTS = [
  '周明辉（中南大学，教授）',
  '韦国栋（广西大学，教授）',
  '李晓东（桂林电子科技大学，副教授）',
];
const FOURTH = '赵凯（广西大学，教授）';
const STATEMENT =
  '项目组按任务书完成了全部三轮中试，原始记录完整；赤泥脱碱工艺在工业条件下无法稳定达到指标，属技术路线的客观风险。';

beforeAll(async () => {
  browser = await launchChromium();
  [officer, admin] = await Promise.all(['officer', 'admin'].map(as));
  [pi, host] = await Promise.all([OWN_USERS.webHonestPi, OWN_USERS.webHonestHost].map((u) => as(u.username)));
  const program = await drillProgram(admin, 'directed-key-industry', (t) => {
    t.durations.executionLength = 'PT2H';
    t.durations.reportCadence = 'PT1H';
    t.durations.midtermPoint = 'PT90M';
  });
  const [p] = await signedDirectedProjects(program.code, [officer, admin], [[pi, host]]);
  projectId = p.projectId;
  // One file is already the project's (uploaded earlier, not cited); the PI uploads the record in the portal.
  const uploaded = await fetch(
    `${apiUrl()}${P()}/attachments?${new URLSearchParams({ name: '项目周报.pdf' })}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${pi.token}`, 'content-type': 'application/pdf' },
      body: TINY_PDF,
    },
  );
  expect(uploaded.status).toBe(201);
  apiRecordId = ((await uploaded.json()) as { id: string }).id;
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await closeDb();
});

/** A logged-in page of `client`, in Chinese, on `route`, once its heading (the project's title) shows. */
const pageOf = (client: Client, route: string) => pageAt(browser, client.token, route, title);
const reload = (page: Page) => reloadTo(page, title);

/** Types the expert's name into the expert select and picks the option titled `option`. */
async function pickExpert(page: Page, option: string) {
  await page
    .getByTestId('honest-decide')
    .getByLabel(/论证专家/)
    .click();
  await page.keyboard.type(option.split('（')[0]!);
  await dropdownOption(page, option).click();
  await page.keyboard.press('Escape');
}

describe('容错 in the portal', () => {
  it('the PI asks with an original record (refusals shown in place), once the officer has flagged the project', async () => {
    const page = await pageOf(pi, `/work/projects/${projectId}/honest-failure`);
    const keys = idempotencyKeys(page, '/honest-failure');
    expect(await page.getByTestId('honest-phase').textContent()).toBe('未申请');
    expect(await page.getByTestId('honest-risk').textContent()).toBe('未标记');
    const form = page.getByTestId('honest-form');
    await form.getByLabel('项目周报.pdf', { exact: false }).waitFor();
    // The record uploaded here is ticked at once; the earlier file stays unticked.
    await page.locator('#honest-records-upload').setInputFiles({
      name: '中试原始记录.pdf',
      mimeType: 'application/pdf',
      buffer: TINY_PDF,
    });
    await form.getByLabel(/中试原始记录\.pdf/).waitFor();
    expect(await form.getByLabel(/中试原始记录\.pdf/).isChecked()).toBe(true);
    expect(await form.getByLabel(/项目周报\.pdf/).isChecked()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    // Too short a statement: the API's message on the statement's field, in Chinese.
    await form.getByLabel('勤勉尽责说明').fill('未完成。');
    await submitAndConfirm(page, 'honest-form', '提交容错申请', '提交容错申请');
    const statementItem = form.locator('.ant-form-item').filter({ has: page.getByLabel('勤勉尽责说明') });
    await statementItem.locator('.ant-form-item-explain-error').waitFor();
    expect(await statementItem.locator('.ant-form-item-explain-error').textContent()).toMatch(/20/);

    // Not flagged: the rule the API names, above the form; what was typed stays.
    await form.getByLabel('勤勉尽责说明').fill(STATEMENT);
    await submitAndConfirm(page, 'honest-form', '提交容错申请', '提交容错申请');
    await form.getByRole('alert').filter({ hasText: '探索性强或风险高' }).waitFor();
    expect(await form.getByLabel('勤勉尽责说明').inputValue()).toBe(STATEMENT);
    expect((await pi.get(`${P()}/honest-failure`)).body).toMatchObject({ phase: null, request: null });

    // The officer flags the project high-risk on its page (the inbox's route for this project).
    const officerPage = await pageOf(officer, `/work/officer/projects/${projectId}/honest-failure`);
    const risk = officerPage.getByTestId('risk-profile');
    await risk.getByLabel('风险高').check();
    await risk.getByLabel(/依据/).fill('任务书约定为高风险探索性研究');
    await risk.getByRole('button', { name: '保存风险标记' }).click();
    await officerPage.getByTestId('honest-risk').getByText('风险高').waitFor();
    expect((await officer.get(P())).body.riskProfile).toBe('high_risk');
    await officerPage.context().close();

    // The PI asks again: sent, and waiting on the host institution.
    await submitAndConfirm(page, 'honest-form', '提交容错申请', '提交容错申请');
    await page.getByTestId('honest-sent').waitFor();
    expect(await page.getByTestId('honest-phase').textContent()).toBe('待依托单位出具意见');
    await page.getByTestId('honest-statement').getByText(STATEMENT).waitFor();
    await page.getByTestId('honest-records').getByText('中试原始记录.pdf').waitFor();
    expect(await page.getByTestId('honest-form').count()).toBe(0);
    const files = (await pi.get(`${P()}/attachments`)).body.items as { id: string; name: string }[];
    const recordId = files.find((f) => f.name === '中试原始记录.pdf')!.id;
    expect((await pi.get(`${P()}/honest-failure`)).body).toMatchObject({
      phase: 'requested',
      round: 1,
      riskProfile: 'high_risk',
      request: { originalRecordIds: [recordId], diligenceStatement: STATEMENT, requestedBy: pi.user.id },
    });
    expect(recordId).not.toBe(apiRecordId);
    // Each attempt carried its own Idempotency-Key (two refused, one sent).
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(3);
    await page.context().close();
  }, 240_000);

  it('the host institution confirms from its inbox', async () => {
    const context = await contextFor(browser, { token: host.token });
    const page = await context.newPage();
    await page.goto(portal('/work'));
    const item = await inboxItem(page, title, { kind: /容错申请单位意见/ });
    expect(await item!.textContent()).toBe(`出具容错申请的单位意见：《${title}》`);
    await item!.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(new URL(page.url()).pathname).toBe(
      `/portal/work/institution/projects/${projectId}/honest-failure`,
    );

    expect(await page.getByTestId('honest-phase').textContent()).toBe('待依托单位出具意见');
    await page.getByTestId('honest-statement').getByText(STATEMENT).waitFor();
    await page.getByTestId('honest-records').getByText('中试原始记录.pdf').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const step = page.getByTestId('honest-confirm');
    expect(await step.getByLabel('确认申请属实').isChecked()).toBe(true);
    await step.getByLabel('依托单位意见').fill('情况属实，项目组勤勉尽责，同意申请容错。');
    await submitAndConfirm(page, 'honest-confirm', '确认并提交', '确认该容错申请属实并报送市科技局？');
    await page.getByTestId('honest-phase').getByText('待专家论证').waitFor();
    await page
      .getByTestId('honest-host-opinion')
      .getByText(/情况属实，项目组勤勉尽责/)
      .waitFor();
    expect(await page.getByTestId('honest-confirm').count()).toBe(0);
    expect((await host.get(`${P()}/honest-failure`)).body).toMatchObject({
      phase: 'institution_confirmed',
      confirmation: { confirmed: true, confirmedBy: host.user.id },
    });
    await context.close();
  }, 120_000);

  it('the officer records the experts’ confirmation (an even number refused on the field); all three see 结题 and the neutral record', async () => {
    // The officer's inbox leads to the step.
    const context = await contextFor(browser, { token: officer.token });
    const page = await context.newPage();
    await page.goto(portal('/work'));
    const inbox = page.getByTestId('inbox');
    await inboxKindFilter(page, /容错认定/).click();
    await inbox.locator(`a[href$="/officer/projects/${projectId}/honest-failure"]`).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await page.getByTestId('honest-phase').textContent()).toBe('待专家论证');
    await page
      .getByTestId('honest-host-opinion')
      .getByText(/情况属实/)
      .waitFor();
    await accessibleInBothLanguages(page, title);

    // Four experts: the API's refusal on the experts' field, and nothing changes.
    const decide = page.getByTestId('honest-decide');
    for (const e of [...EXPERTS, FOURTH]) await pickExpert(page, e);
    await decide
      .getByLabel('专家论证意见')
      .fill('经论证，项目组已履行勤勉尽责义务，未完成系探索性风险所致。');
    await submitAndConfirm(page, 'honest-decide', '提交决定', /认定已履行勤勉尽责义务并予以结题/);
    await decide.locator('.ant-form-item-explain-error', { hasText: '奇数' }).waitFor();
    expect((await officer.get(`${P()}/honest-failure`)).body.phase).toBe('institution_confirmed');

    // Three experts: confirmed, the project closes.
    await reload(page);
    for (const e of EXPERTS) await pickExpert(page, e);
    await decide
      .getByLabel('专家论证意见')
      .fill('经论证，项目组已履行勤勉尽责义务，未完成系探索性风险所致。');
    expect(await decide.getByLabel('认定，项目予以结题').isChecked()).toBe(true);
    await submitAndConfirm(page, 'honest-decide', '提交决定', /认定已履行勤勉尽责义务并予以结题/);
    await page.getByTestId('honest-phase').getByText('已结题（容错）').waitFor();
    const view = (
      await until(
        () => officer.get(`${P()}/honest-failure`),
        (r) => r.body.creditRecordId !== null,
      )
    ).body;
    expect(view.expertConfirmation).toMatchObject({
      experts: [{ name: '周明辉' }, { name: '韦国栋' }, { name: '李晓东' }],
      diligenceConfirmed: true,
      recordedBy: officer.user.id,
    });
    expect((await officer.get(P())).body.status).toBe('closed');
    const ledger = await pi.get(`/credit-records?subjectType=person&subjectId=${pi.user.id}&limit=200`);
    expect(ledger.body.items).toEqual([
      expect.objectContaining({ id: view.creditRecordId, kind: 'honest_failure', severity: 'neutral' }),
    ]);

    // Each party sees 结题 and the neutral record: the officer and the PI with the record's kind.
    await reload(page);
    const seen = async (p: Page) => {
      expect(await p.getByTestId('project-status').textContent()).toBe('已结题');
      expect(await p.getByTestId('honest-phase').textContent()).toBe('已结题（容错）');
      await p.getByTestId('honest-experts').getByText('周明辉、韦国栋、李晓东', { exact: false }).waitFor();
      await p.getByTestId('honest-record').getByText('中性').waitFor();
    };
    await seen(page);
    await page.getByTestId('honest-record').getByText('勤勉尽责仍未完成（容错，不计失信）').waitFor();
    // Nothing more to decide or flag on a closed project.
    expect(await page.getByTestId('honest-decide').count()).toBe(0);
    expect(await page.getByTestId('risk-profile').count()).toBe(0);
    await context.close();

    const piPage = await pageOf(pi, `/work/projects/${projectId}/honest-failure`);
    await seen(piPage);
    await piPage.getByTestId('honest-record').getByText('勤勉尽责仍未完成（容错，不计失信）').waitFor();
    expect(await piPage.getByTestId('honest-form').count()).toBe(0);
    await piPage.context().close();

    const hostPage = await pageOf(host, `/work/institution/projects/${projectId}`);
    await seen(hostPage);
    await hostPage
      .getByTestId('honest-record')
      .getByText(/不作失信处理/)
      .waitFor();
    await hostPage.context().close();
  }, 240_000);
});
