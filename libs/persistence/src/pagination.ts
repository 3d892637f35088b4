import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Cursor, encodeCursor, Page, PageQuery } from '@kjflow/domain';

export interface KeysetOrder<Row> {
  /** SQL expressions of the order, most significant first; the last must be unique (the id). */
  columns: string[];
  direction: 'ASC' | 'DESC';
  /** The cursor values of a row, one per column. */
  cursorOf(row: Row): Cursor;
}

/**
 * A timestamp column as a cursor compares it: PostgreSQL keeps microseconds, a cursor (an ISO
 * string from a JS Date) milliseconds, so order and compare at milliseconds (the id breaks ties),
 * or rows within one millisecond of a page's last row would be skipped. Truncated as UTC
 * wall-clock time (the cursor's ISO string read as a plain timestamp is that too): unlike
 * date_trunc of a timestamptz, which depends on the session's time zone, this expression is
 * immutable, so an index can hold it and serve a page without sorting the whole list.
 */
export const atMillis = (column: string): string =>
  `date_trunc('milliseconds', ${column} AT TIME ZONE 'UTC')`;

/** An ILIKE pattern for text anywhere in a column, the text taken literally (its wildcards escaped). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of a query ordered by `order` (keyset paging: `(a, b) > (:a, :b)`), read with one
 * row more than asked to know whether a next page exists. The query builder's own filters stay.
 */
export function keysetPage<Row extends ObjectLiteral>(
  query: SelectQueryBuilder<Row>,
  order: KeysetOrder<Row>,
  page: PageQuery,
): Promise<Page<Row>> {
  return keyset(query, order, page, (q) => q.getMany());
}

/**
 * The same paging for a query whose rows are its selected columns (`getRawMany`): lists of
 * joined rows that are no one table's entity (a challenge as listed under its guide).
 */
export function keysetRawPage<Raw extends ObjectLiteral>(
  query: SelectQueryBuilder<ObjectLiteral>,
  order: KeysetOrder<Raw>,
  page: PageQuery,
): Promise<Page<Raw>> {
  return keyset(query, order, page, (q) => q.getRawMany<Raw>());
}

/**
 * The same paging with the caller's own read of the query: one query for rows built from the
 * entities and their joined columns (`getRawAndEntities`), rather than a page of keys and a
 * second query for the rows.
 */
export async function keyset<Row, Q extends SelectQueryBuilder<ObjectLiteral>>(
  query: Q,
  order: KeysetOrder<Row>,
  page: PageQuery,
  read: (query: Q) => Promise<Row[]>,
): Promise<Page<Row>> {
  const { columns, direction } = order;
  if (page.next) {
    if (page.next.length !== columns.length) return { items: [], next: null };
    const params = Object.fromEntries(page.next.map((v, i) => [`__k${i}`, v]));
    const tuple = columns.map((_, i) => `:__k${i}`).join(', ');
    query.andWhere(`(${columns.join(', ')}) ${direction === 'ASC' ? '>' : '<'} (${tuple})`, params);
  }
  columns.forEach((c, i) => (i === 0 ? query.orderBy(c, direction) : query.addOrderBy(c, direction)));
  const rows = await read(query.limit(page.limit + 1) as Q);
  const items = rows.slice(0, page.limit);
  const more = rows.length > page.limit;
  return { items, next: more ? encodeCursor(order.cursorOf(items[items.length - 1])) : null };
}

/** A page of rows already mapped: the same paging, for callers that map rows to views. */
export function mapPage<Row, View>(page: Page<Row>, map: (row: Row) => View): Page<View> {
  return { items: page.items.map(map), next: page.next };
}
