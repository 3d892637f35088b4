import type { Locator, Page } from 'playwright-core';

/**
 * The inbox item whose link names `text`, on the home's inbox (within the tab `tab` when given),
 * paging with the inbox's "next page" button: the demo users are shared by every e2e file, so an
 * item may be on a later page. Null when no page has it.
 */
export async function inboxItem(page: Page, text: string, opts: { tab?: RegExp; lang?: 'zh' | 'en' } = {}) {
  const inbox = page.getByTestId('inbox');
  await inbox.waitFor();
  // The inbox has loaded: either its empty state or its tabs (shown once the counts are in).
  await inbox.locator('[data-testid="inbox-empty"], [role="tablist"]').first().waitFor();
  if (await inbox.getByTestId('inbox-empty').count()) return null;
  if (opts.tab) {
    // A kind's tab arrives with the counts, which may come after the tab list itself.
    const tab = inbox.getByRole('tab', { name: opts.tab }).first();
    const shown = await tab.waitFor({ timeout: 15_000 }).then(
      () => true,
      () => false,
    );
    if (!shown) return null;
    await tab.click();
  }
  const next = inbox.getByRole('button', { name: opts.lang === 'en' ? 'Next page' : '下一页' });
  for (let i = 0; i < 50; i++) {
    // Wait for the link on this page (the page may still be loading); none after a while: next page.
    const link: Locator = inbox.getByRole('link', { name: text }).first();
    const found = await link.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (found) return link;
    if (!(await next.isEnabled())) return null;
    await next.click();
  }
  return null;
}
