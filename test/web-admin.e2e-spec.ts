import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { as, type Client } from './support/api';
import { axeViolations, contextFor, launchChromium, portal, settled } from './support/browser';

// The admin's and the auditor's pages in Chromium, against the real stack (issue 18).
let browser: Browser;
let admin: Client;
let auditor: Client;

beforeAll(async () => {
  browser = await launchChromium();
  [admin, auditor] = await Promise.all([as('admin'), as('auditor')]);
});
afterAll(async () => {
  await browser?.close();
});

/** Today in Asia/Shanghai as YYYY-MM-DD (the portal's dates are Shanghai's). */
function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

describe('program templates (admin)', () => {
  it('shows the API’s messages on the fields, then saves the corrected form as a new version', async () => {
    const before = (await admin.get('/program-templates/key-rd')).body as {
      version: number;
      template: { rubric: { criteria: { weight: number }[] } };
    };
    const context = await contextFor(browser, { token: admin.token });
    const page = await context.newPage();
    await page.goto(portal('/work/admin/templates'));
    await page
      .getByRole('row', { name: /key-rd/ })
      .getByRole('link')
      .first()
      .click();
    await page.waitForURL(portal('/work/admin/templates/key-rd'));
    const window = page.getByLabel('申报期');
    await window.waitFor();
    const windowBefore = await window.inputValue();
    const weight = page.getByLabel('权重（%）').first();
    const weightBefore = before.template.rubric.criteria[0].weight;
    expect(await weight.inputValue()).toBe(String(weightBefore));

    // Two mistakes: a duration that is not ISO 8601 and weights summing to 99.
    await window.fill('30天');
    await weight.fill(String(weightBefore - 1));
    await page.getByText('权重合计 99（须为 100）').waitFor();
    await page.getByRole('button', { name: '保存为新版本' }).click();
    const fieldError = page.locator('.ant-form-item-has-error', { has: page.getByLabel('申报期') });
    await fieldError.locator('.ant-form-item-explain-error').waitFor();
    expect(await page.getByTestId('error-rubric.criteria').innerText()).toContain(
      '评分项权重之和为 99，必须恰好等于 100',
    );
    // Nothing typed is lost on the refused save.
    expect(await window.inputValue()).toBe('30天');
    expect((await admin.get('/program-templates/key-rd')).body.version).toBe(before.version);
    expect(await axeViolations(page)).toEqual([]);

    await window.fill(windowBefore);
    await weight.fill(String(weightBefore));
    // The first save reaches the API but its answer is lost (the connection drops): the page says
    // so, and the admin clicks again. The retry carries the same Idempotency-Key, so the API
    // hands back the first answer and saves no second version.
    const lost: { key?: string; status?: number } = {};
    await page.route('**/program-templates', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      lost.key = route.request().headers()['idempotency-key'];
      lost.status = (await route.fetch()).status();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText('网络连接中断，未收到服务器答复；请重试').waitFor();
    expect(lost).toEqual({ key: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 201 });
    await page.unrouteAll();
    const [retry] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/program-templates') && r.request().method() === 'POST'),
      page.getByRole('button', { name: '保存为新版本' }).click(),
    ]);
    expect(retry.request().headers()['idempotency-key']).toBe(lost.key);
    expect(retry.headers()['idempotent-replayed']).toBe('true');
    await page.getByText(`已保存为第 ${before.version + 1} 版`).waitFor();
    const after = (await admin.get('/program-templates/key-rd')).body;
    expect(after.version).toBe(before.version + 1);
    // The fields the form does not show are kept as they were.
    expect(after.template).toEqual(before.template);
    await page.getByRole('cell', { name: String(before.version + 1), exact: true }).waitFor();
    await context.close();
  }, 180_000);

  it('in English, shows the API’s messages on the fields in English, and saves nothing', async () => {
    const before = (await admin.get('/program-templates/key-rd')).body as {
      version: number;
      template: { rubric: { criteria: { weight: number }[] } };
    };
    const context = await contextFor(browser, { lang: 'en', token: admin.token });
    const page = await context.newPage();
    await page.goto(portal('/work/admin/templates/key-rd'));
    const window = page.getByLabel('Application window');
    await window.waitFor();
    await window.fill('thirty days');
    await page
      .getByLabel('Weight (%)')
      .first()
      .fill(String(before.template.rubric.criteria[0].weight - 1));
    await page.getByText('Weights sum to 99 (must be 100)').waitFor();
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    const windowError = page
      .locator('.ant-form-item-has-error', { has: page.getByLabel('Application window') })
      .locator('.ant-form-item-explain-error');
    await windowError.waitFor();
    expect(await windowError.innerText()).toContain('Must be an ISO 8601 duration');
    expect(await page.getByTestId('error-rubric.criteria').innerText()).toContain(
      'The criterion weights sum to 99; they must sum to exactly 100',
    );
    // In English only: no Chinese message beside it on the page's field errors.
    expect(await page.locator('.ant-form-item-explain-error').allInnerTexts()).not.toContainEqual(
      expect.stringMatching(/[\u4e00-\u9fff]/),
    );
    expect(await window.inputValue()).toBe('thirty days');
    expect((await admin.get('/program-templates/key-rd')).body.version).toBe(before.version);
    await context.close();
  }, 120_000);
});

describe('event log (auditor)', () => {
  it('filters the trail on the server by type, actor and dates, pages, and exports what it shows', async () => {
    // An event to find: an admin of this file's own saves the current template again (a new
    // version, same content); nothing else writes under that actor while the test reads.
    const eventsAdmin = await as('events-admin');
    const current = (await eventsAdmin.get('/program-templates/sci-tech-commissioner')).body;
    const saved = await eventsAdmin.post('/program-templates', current.template);
    expect(saved.status).toBe(201);

    const context = await contextFor(browser, { token: auditor.token });
    const page = await context.newPage();
    await page.goto(portal('/work/auditor/events'));
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    await settled(page);
    await page.getByLabel('事件类型').fill('program_template.versioned');
    await page.getByLabel('操作人').fill(eventsAdmin.user.id);
    const today = shanghaiToday();
    await page.getByPlaceholder('开始日期').fill(today);
    await page.getByPlaceholder('开始日期').press('Enter');
    await page.getByPlaceholder('结束日期').fill(today);
    await page.getByPlaceholder('结束日期').press('Enter');
    await page
      .getByRole('button', { name: '筛 选' })
      .or(page.getByRole('button', { name: '筛选' }))
      .click();
    await page.getByRole('cell', { name: 'program_template.versioned' }).first().waitFor();
    await settled(page);
    const types = await page.locator('.ant-table-tbody tr td:nth-child(3)').allInnerTexts();
    // The one save, and nothing else of that actor's trail.
    expect(types).toEqual(['program_template.versioned']);
    const actors = await page.locator('.ant-table-tbody tr td:nth-child(5)').allInnerTexts();
    expect(actors).toEqual([eventsAdmin.user.id]);
    const times = await page.locator('.ant-table-tbody tr td:nth-child(2)').allInnerTexts();
    for (const t of times) expect(t.startsWith(today)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出/ }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const sheet = wb.worksheets[0];
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    expect(sheet.getRow(1).getCell(3).value).toBe('事件 Type');
    expect(rows.map((r) => r[3])).toEqual(types);
    expect(rows.map((r) => r[6])).toEqual(actors);
    await context.close();
  }, 180_000);

  it('refuses a malformed actor with a field message, in the user’s language', async () => {
    const res = await auditor.get('/events?actorId=not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['actorId']);
  });
});

describe('charts', () => {
  it('draws the plan indicators against their targets, and outcomes by key field and county', async () => {
    const rollup = (await auditor.get('/outcomes/rollup?by=indicator' as '/outcomes/rollup')).body as {
      indicators: { indicator: string }[];
    };
    expect(rollup.indicators.length).toBeGreaterThan(0);
    const context = await contextFor(browser, { token: auditor.token });
    const page = await context.newPage();
    await page.goto(portal('/work/charts'));
    await page.getByRole('heading', { name: '规划指标完成情况（占目标 %）' }).waitFor();
    const figure = page.locator('[data-rows]').first();
    // One bar per indicator, the same as the API's roll-up; the chart is drawn (a canvas with size).
    expect(Number(await figure.getAttribute('data-rows'))).toBe(rollup.indicators.length);
    expect(await figure.getAttribute('aria-label')).toContain(rollup.indicators[0].indicator);
    const canvas = figure.locator('canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(200);
    await context.close();
  }, 120_000);
});

describe('accessibility in both languages', () => {
  it.each([
    ['/work/admin/templates', 'admin', '计划模板', 'Program templates'],
    ['/work/auditor/events', 'auditor', '审计日志', 'Event log'],
    ['/work/charts', 'auditor', '规划指标完成情况', 'Plan indicators against their targets'],
  ])(
    '%s has no serious or critical violations in zh and en',
    async (route, username, zh, en) => {
      const user = username === 'admin' ? admin : auditor;
      for (const [lang, title] of [
        ['zh', zh],
        ['en', en],
      ] as const) {
        const context = await contextFor(browser, { lang, token: user.token });
        const page = await context.newPage();
        await page.goto(portal(route));
        await page.getByRole('heading', { name: title }).first().waitFor();
        await settled(page);
        expect(await axeViolations(page)).toEqual([]);
        await context.close();
      }
    },
    120_000,
  );
});
