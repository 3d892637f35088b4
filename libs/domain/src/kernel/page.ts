import { z } from 'zod';
import { bilingual } from './validation';

/** The largest page a list returns; a client reads further pages with `next`. */
export const PAGE_LIMIT_MAX = 200;
export const PAGE_LIMIT_DEFAULT = 50;

/**
 * A position in a list ordered by a key and then the id: the last row's values, opaque to the
 * client (base64url JSON). Keyset paging, so a page never skips or repeats a row when rows are
 * added while a client reads.
 */
export type Cursor = readonly (string | number | null)[];

export function encodeCursor(values: Cursor): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Cursor | null {
  try {
    const values: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(values) || values.length === 0 || values.length > 4) return null;
    return values.every((v) => v === null || typeof v === 'string' || typeof v === 'number') ? values : null;
  } catch {
    return null;
  }
}

const cursorSchema = z
  .string()
  .max(512)
  .transform((text, ctx) => {
    const cursor = decodeCursor(text);
    if (cursor) return cursor;
    ctx.addIssue({
      code: 'custom',
      ...bilingual({
        zh: '分页游标无效：请使用上一页返回的 next',
        en: 'Not a cursor: pass the `next` of the previous page',
      }),
    });
    return z.NEVER;
  });

/** The paging parameters of every list: `limit` (1–200) and `next` from the previous page. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_LIMIT_MAX)
    .default(PAGE_LIMIT_DEFAULT)
    .describe(`Items per page, at most ${PAGE_LIMIT_MAX}`),
  next: cursorSchema.optional().describe('The `next` of the previous page; absent for the first page'),
});
export type PageQuery = z.output<typeof pageQuerySchema>;

/** A list's free-text filter (`q`): matched case-insensitively, literally, anywhere in the fields it names. */
export function searchTextSchema(fields: string) {
  return z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe(`Text anywhere in ${fields} (case-insensitive)`);
}

/** A page of a list: its items and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next: z.string().nullable().describe('Pass as `next` to read the following page; null on the last page'),
  });
}

/**
 * A page of a list that is computed, not queried (a ranking by a score no query orders), with the
 * keyset paging of every list: `items` in the list's order, the cursor the last item's
 * `cursorOf`, `after(item, cursor)` whether an item comes after that position. A cursor of
 * another shape (another list's) reads as the end, as keysetPage does.
 */
export function pageInMemory<T>(
  items: readonly T[],
  page: PageQuery,
  order: {
    cursorOf(item: T): Cursor;
    after(item: T, cursor: Cursor): boolean;
    fits(cursor: Cursor): boolean;
  },
): Page<T> {
  if (page.next && !order.fits(page.next)) return { items: [], next: null };
  const rest = page.next ? items.filter((item) => order.after(item, page.next!)) : [...items];
  const shown = rest.slice(0, page.limit);
  return {
    items: shown,
    next: rest.length > page.limit ? encodeCursor(order.cursorOf(shown[shown.length - 1])) : null,
  };
}
