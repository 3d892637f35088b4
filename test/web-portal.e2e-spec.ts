import type { Browser } from 'playwright-core';
import { apiUrl, as, type Client } from './support/api';
import { axeViolations, contextFor, launchChromium, portal } from './support/browser';
import { closingIn, publishedCall } from './support/flows';

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
    const link = page.getByRole('link', { name: 'key-rd 测试指南' }).first();
    await link.waitFor();
    await link.click();
    await page.waitForURL(portal(`/public/guides/${guideId}`));
    await page.getByRole('heading', { name: /key-rd 测试指南/ }).waitFor();
    expect(await page.getByText('历次发布版本').isVisible()).toBe(true);
    expect(await page.getByText('芒果重大病虫害绿色防控').first().isVisible()).toBe(true);
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
