import type { Browser, Page } from 'playwright-core';
import { as, login, DEMO_PASSWORD, type Client } from './support/api';
import { axeViolations, contextFor, launchChromium, portal, settled } from './support/browser';

// The administrators' users and roles page in Chromium, against the real stack (issue 18). The
// accounts are this file's own (users-web-admin, users-web-target: see OWN_USERS).
let browser: Browser;
let admin: Client;
let target: Client;

beforeAll(async () => {
  browser = await launchChromium();
  [admin, target] = await Promise.all([as('users-web-admin'), as('users-web-target')]);
});
afterAll(async () => {
  await browser?.close();
});

/** antd puts a space between the two characters of a two-character Chinese button label. */
const button = (page: Page, label: string) =>
  page.getByRole('button', { name: new RegExp(`^${[...label].join('\\s?')}$`) });

const rolesOf = async () =>
  ((await admin.get('/users?q=users-web-target' as '/users')).body.items as { roles: string[] }[])[0].roles;

describe('users and roles (admin)', () => {
  it('filters the list, changes a user’s role, and shows the API’s message on a refused change', async () => {
    expect(await rolesOf()).toEqual(['applicant']);
    const context = await contextFor(browser, { token: admin.token });
    const page = await context.newPage();
    await page.goto(portal('/work'));
    // Reached from the administrator's menu.
    await page.getByRole('menuitem', { name: '用户与角色' }).click();
    await page.waitForURL(portal('/work/admin/users'));
    await page.getByRole('heading', { name: '用户与角色' }).waitFor();
    await settled(page);

    await page.getByLabel('用户名或姓名').fill('users-web-target');
    await button(page, '筛选').click();
    const row = page.getByRole('row', { name: /users-web-target/ });
    await row.getByText('申报人').waitFor();
    await settled(page);
    expect(await page.locator('.ant-table-tbody tr').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // Add the auditor role.
    await page.getByRole('button', { name: '修改角色（users-web-target）' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('角色').click();
    await page.locator('.ant-select-item-option[title="审计人员"]').click();
    await page.keyboard.press('Escape');
    await button(page, '保存').click();
    await page.getByText(/已更新 .* 的角色/).waitFor();
    await row.getByText('审计人员').waitFor();
    expect(await rolesOf()).toEqual(['applicant', 'auditor']);
    // The user's next login carries it.
    expect((await login('users-web-target', DEMO_PASSWORD)).user.roles).toEqual(['applicant', 'auditor']);
    expect(target.user.roles).toEqual(['applicant']);
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);

    // Every role removed: refused, the API's message on the field, nothing changed.
    await page.getByRole('button', { name: '修改角色（users-web-target）' }).click();
    const input = dialog.getByLabel('角色');
    await input.click();
    await input.press('Backspace');
    await input.press('Backspace');
    await page.keyboard.press('Escape');
    await button(page, '保存').click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '至少保留一个角色' }).waitFor();
    expect(await rolesOf()).toEqual(['applicant', 'auditor']);
    await context.close();

    // The page in English, accessibly too.
    const en = await contextFor(browser, { lang: 'en', token: admin.token });
    const enPage = await en.newPage();
    await enPage.goto(portal('/work/admin/users'));
    await enPage.getByRole('heading', { name: 'Users and roles' }).waitFor();
    await enPage.getByRole('cell', { name: 'admin', exact: true }).waitFor();
    await settled(enPage);
    expect(await axeViolations(enPage)).toEqual([]);
    await en.close();
  }, 180_000);
});
