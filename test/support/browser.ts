import * as fs from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
  type Request,
} from 'playwright-core';
import { apiUrl } from './api';

/**
 * The portal in Debian's Chromium, driven by playwright-core: no browser is downloaded. Its old
 * headless shell (apt-get install chromium-headless-shell; what Playwright itself runs headless)
 * rather than the full browser in headless mode: the same Blink, without the browser's UI
 * machinery, for 25–40 % less CPU per test file on CI's two cores. KJ_CHROMIUM names another binary.
 */
export const CHROMIUM = process.env.KJ_CHROMIUM || '/usr/bin/chromium-headless-shell';

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y chromium-headless-shell (or set KJ_CHROMIUM)`,
    );
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
}

/** The portal's URL for a client route (`/public/guides` → http://…/portal/public/guides). */
export function portal(route = '/'): string {
  return `${apiUrl()}/portal${route}`;
}

/** A fresh browser context (own storage) in the given language, logged in when a token is given. */
export async function contextFor(
  browser: Browser,
  opts: { lang?: 'zh' | 'en'; token?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: opts.lang === 'en' ? 'en-US' : 'zh-CN',
    timezoneId: 'Europe/London', // the portal shows Asia/Shanghai whatever the browser's zone
    viewport: { width: 1366, height: 900 },
    // As a user who asked for less motion: the portal then turns antd's animations off, which
    // the tests would only wait out (and Chromium draw, on the CI's two cores).
    reducedMotion: 'reduce',
  });
  const storage: Record<string, string> = { 'kjflow.lang': opts.lang ?? 'zh' };
  if (opts.token) storage['kjflow.token'] = opts.token;
  await context.addInitScript(
    `(() => { const s = ${JSON.stringify(storage)}; for (const k in s) if (localStorage.getItem(k) === null) localStorage.setItem(k, s[k]); })()`,
  );
  return context;
}

/** A logged-in page (in Chinese) on the portal's `route`, once its level-1 heading `heading` shows. */
export async function pageAt(browser: Browser, token: string, route: string, heading: string): Promise<Page> {
  const context = await contextFor(browser, { token });
  const page = await context.newPage();
  await page.goto(portal(route));
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  return page;
}

/** Reloads the page and waits for its level-1 heading again (the page reads the API anew). */
export async function reloadTo(page: Page, heading: string): Promise<void> {
  await page.reload();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Clicks the submit button of the form `scope` (a test id), then the confirmation dialog's button of the same name. */
export async function submitAndConfirm(page: Page, scope: string, button: string, question: string | RegExp) {
  await page.getByTestId(scope).getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: question });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** The option titled `title` of the select dropdown open now. */
export function dropdownOption(page: Page, title: string): Locator {
  return page.locator(
    `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${title}"]`,
  );
}

/** The Idempotency-Key of each POST the page sends to a path ending in `suffix`, from now on. */
export function idempotencyKeys(page: Page, suffix: string): string[] {
  const keys: string[] = [];
  page.on('request', (r: Request) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix))
      keys.push(r.headers()['idempotency-key'] ?? '');
  });
  return keys;
}

/**
 * Waits until the page has settled: no request in flight, no antd spinner, no finite animation or
 * transition running. Polled inside one evaluation: Playwright's waitForFunction evaluates a string
 * predicate with eval, which the portal's Content-Security-Policy refuses.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(
    `new Promise((done) => (function poll() {
      const spinning = document.querySelector('.ant-spin-spinning');
      const moving = document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity);
      if (!spinning && !moving) done(true); else setTimeout(poll, 50);
    })())`,
  );
}

let axeCode: string | null = null;
const axeSource = () => (axeCode ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** Serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function axeViolations(
  page: Page,
): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  // Settled first: a list still loading, or a button mid-way through antd's 0.2 s colour transition
  // (disabled → enabled when its page arrives), reads as low contrast although neither end is.
  await settled(page);
  // Evaluated through the DevTools protocol, not an inline <script>: the API's Content-Security-Policy
  // (helmet: script-src 'self') stays enforced on the portal under test.
  // Once per document: a page checked twice (before and after a step) keeps the first copy.
  if ((await page.evaluate('typeof axe')) === 'undefined') await page.evaluate(axeSource());
  const result = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`,
  )) as { id: string; impact: string; help: string; nodes: string[] }[];
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * No serious accessibility violation on the page, in Chinese and after switching to English (the
 * choice the portal keeps in localStorage); the page ends in Chinese again. `heading`: a pattern of
 * the level-1 heading in either language, waited for after each reload.
 */
export async function accessibleInBothLanguages(page: Page, heading: string) {
  expect(await axeViolations(page)).toEqual([]);
  await page.evaluate(`localStorage.setItem('kjflow.lang', 'en')`);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: new RegExp(heading) }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.evaluate(`localStorage.setItem('kjflow.lang', 'zh')`);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: new RegExp(heading) }).waitFor();
}
