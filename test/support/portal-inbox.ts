import type { Locator, Page } from 'playwright-core';

/**
 * The inbox's filter for a kind, as one clicks it: the radio button's label (antd keeps the radio
 * input itself at zero size, so the label is what is seen and pressed).
 */
export function inboxKindFilter(page: Page, name: RegExp) {
  return page
    .getByTestId('inbox-kinds')
    .locator('label', { has: page.getByRole('radio', { name }) })
    .first();
}

/**
 * The inbox item whose link names `text`, on the home's inbox (within the kind filter `kind` when given),
 * paging with the inbox's "next page" button: the demo users are shared by every e2e file, so an
 * item may be on a later page. Null when no page has it.
 */
export async function inboxItem(page: Page, text: string, opts: { kind?: RegExp; lang?: 'zh' | 'en' } = {}) {
  const inbox = page.getByTestId('inbox');
  await inbox.waitFor();
  // The inbox has loaded: either its empty state or its kind filters (shown once the counts are in).
  await inbox.locator('[data-testid="inbox-empty"], [role="radiogroup"]').first().waitFor();
  if (await inbox.getByTestId('inbox-empty').count()) return null;
  if (opts.kind) {
    // A kind's filter arrives with the counts, which may come after the filter group itself.
    const filter = inboxKindFilter(page, opts.kind);
    const shown = await filter.waitFor({ timeout: 15_000 }).then(
      () => true,
      () => false,
    );
    if (!shown) return null;
    await filter.click();
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
