import type { Browser } from 'playwright-core';
import { as, attachRequired, closeDb, type Client, completeDraft, SIGN } from './support/api';
import { axeViolations, contextFor, launchChromium, portal } from './support/browser';
import { closingIn, publishedCall } from './support/flows';
import { inboxItem } from './support/portal-inbox';

// The institution admin's pages in Chromium against the real stack: the inbox home, the
// endorsement queue and page, the institution's projects.
let browser: Browser;
let officer: Client;
let admin: Client;
let applicant: Client; // 百色学院
let instAdmin: Client; // 百色学院科研处

beforeAll(async () => {
  browser = await launchChromium();
  [officer, admin, applicant, instAdmin] = await Promise.all(
    ['officer', 'admin', 'applicant', 'inst-admin'].map(as),
  );
});
afterAll(async () => {
  await browser?.close();
  await closeDb();
});

/**
 * An application of 百色学院 submitted by its PI to a call of a program that asks the host
 * institution to endorse (key-rd), awaiting that endorsement.
 */
async function awaitingEndorsement(title: string) {
  const { callId, topicId } = await publishedCall(
    officer,
    admin,
    applicant,
    'key-rd',
    closingIn(30 * 60_000),
  );
  const created = await applicant.post('/applications', { callId, topicId, ...completeDraft, title });
  expect(created.status).toBe(201);
  await attachRequired(applicant, created.body.id);
  const submitted = await applicant.post(`/applications/${created.body.id}/submit`, SIGN);
  expect(submitted.body.status).toBe('awaiting_endorsement');
  return created.body.id as string;
}

describe('the institution admin in the portal', () => {
  it('finds the application in the inbox, returns nothing without comments, endorses it, and the item is gone', async () => {
    const title = `门户推荐测试${Date.now().toString(36)}`;
    const id = await awaitingEndorsement(title);
    const context = await contextFor(browser, { token: instAdmin.token });
    const page = await context.newPage();
    await page.goto(portal('/work'));

    const item = await inboxItem(page, title, { kind: /待推荐/ });
    expect(item).not.toBeNull();
    await item!.click();
    await page.waitForURL(portal(`/work/institution/endorsements/${id}`));
    await page.getByRole('heading', { name: title }).waitFor();
    // The institution reads the whole application, its PI and team included.
    expect(await page.getByTestId('application-content').getByText('李明 教授').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // A return needs comments: the form says so on the field and sends nothing.
    await page.getByLabel('退回修改').check();
    await page.getByRole('button', { name: '退回申报人' }).click();
    await page.getByText('退回时须填写意见').waitFor();
    expect((await instAdmin.get(`/applications/${id}`)).body.status).toBe('awaiting_endorsement');

    await page.getByLabel('同意推荐').check();
    await page.getByRole('button', { name: '推荐至科技局' }).click();
    await page.getByText('已推荐', { exact: true }).waitFor();
    const after = await instAdmin.get(`/applications/${id}`);
    expect(after.body.status).toBe('submitted');
    expect(after.body.pledges.institution).not.toBeNull(); // endorsing signed the pledge
    await page.getByTestId('pledge-signed').waitFor();

    await page.goto(portal('/work'));
    expect(await inboxItem(page, title, { kind: /待推荐/ })).toBeNull();
    await context.close();
  }, 180_000);

  it('returns an application with comments; the PI finds it returned', async () => {
    const title = `门户退回测试${Date.now().toString(36)}`;
    const id = await awaitingEndorsement(title);
    const context = await contextFor(browser, { token: instAdmin.token, lang: 'en' });
    const page = await context.newPage();
    await page.goto(portal('/work/institution/endorsements'));
    await page.getByRole('link', { name: title }).first().click();
    await page.waitForURL(portal(`/work/institution/endorsements/${id}`));
    await page.getByLabel('Return with comments').check();
    await page.getByRole('textbox', { name: /Comments/ }).fill('预算说明不充分，请补充设备购置理由。');
    await page.getByRole('button', { name: 'Return to the applicant' }).click();
    await page.getByText('Returned', { exact: true }).first().waitFor();
    const after = await applicant.get(`/applications/${id}`);
    expect(after.body.status).toBe('returned');
    expect(JSON.stringify(after.body.history)).toContain('预算说明不充分');
    await context.close();
  }, 120_000);

  it.each(['zh', 'en'] as const)(
    'passes axe on each institution page in %s',
    async (lang) => {
      const context = await contextFor(browser, { token: instAdmin.token, lang });
      const page = await context.newPage();
      const pages: Array<[string, string]> = [
        ['/work', lang === 'zh' ? '我的待办' : 'My tasks'],
        ['/work/institution/endorsements', lang === 'zh' ? '单位推荐' : 'Endorsements'],
        ['/work/institution/projects', lang === 'zh' ? '本单位承担的项目' : 'Projects we host'],
      ];
      const projects = await instAdmin.get('/projects/mine?limit=1');
      expect(projects.status).toBe(200);
      for (const p of projects.body.items) pages.push([`/work/institution/projects/${p.id}`, p.title]);
      for (const [route, heading] of pages) {
        await page.goto(portal(route));
        await page.getByText(heading).first().waitFor();
        expect({ route, violations: await axeViolations(page) }).toEqual({ route, violations: [] });
      }
      await context.close();
    },
    120_000,
  );
});
