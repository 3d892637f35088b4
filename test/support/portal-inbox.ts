import type { Locator, Page } from 'playwright-core';

/**
 * The inbox item whose link names `text`, on the home's inbox (within the tab `tab` when given),
 * paging with the inbox's "next page" button: the demo users are shared by every e2e file, so an
 * item may be on a later page. Null when no page has it.
 */
export async function inboxItem(page: Page, text: string, opts: { tab?: RegExp; lang?: 'zh' | 'en' } = {}) {
  const inbox = page.getByTestId('inbox');
  await inbox.waitFor();
  // The inbox has loaded: either its empty state or its first page of rows.
  await inbox.locator('.ant-empty, .ant-table-row, .ant-table-placeholder').first().waitFor();
  if (await inbox.locator('.ant-empty-description').count()) return null;
  if (opts.tab) {
    const tab = inbox.getByRole('tab', { name: opts.tab });
    if (!(await tab.count())) return null;
    await tab.click();
  }
  const next = inbox.getByRole('button', { name: opts.lang === 'en' ? 'Next page' : '下一页' });
  for (let i = 0; i < 50; i++) {
    await inbox
      .locator('.ant-spin-spinning')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    const link: Locator = inbox.getByRole('link', { name: text });
    if (await link.count()) return link.first();
    if (!(await next.isEnabled())) return null;
    await next.click();
  }
  return null;
}
