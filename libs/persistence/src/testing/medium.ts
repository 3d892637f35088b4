import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { decodeCursor, type Page, type PageQuery } from '@kjflow/domain';
import { createDataSource } from '../data-source';

/**
 * A DataSource on the medium run's database (test/support/medium-setup.ts), opened before the
 * file's tests and closed after them. Tests share the database, so each makes its own rows with
 * fresh ids (`uniqueId`) and asserts on those, never on table counts.
 */
export function useMediumDatabase(): { readonly ds: DataSource } {
  const holder: { ds?: DataSource } = {};
  beforeAll(async () => {
    const url = process.env.KJ_MEDIUM_DATABASE_URL;
    if (!url) throw new Error('KJ_MEDIUM_DATABASE_URL is not set: run with `--selectProjects medium`');
    holder.ds = createDataSource({ url, poolSize: 4, logErrors: false });
    await holder.ds.initialize();
  });
  afterAll(async () => {
    await holder.ds?.destroy();
  });
  return {
    get ds(): DataSource {
      if (!holder.ds) throw new Error('The medium database is opened in beforeAll');
      return holder.ds;
    },
  };
}

export const uniqueId = (): string => randomUUID();

/**
 * Every item of a paged list, read `limit` at a time by following `next` as a client would, with
 * the number of pages it took.
 */
export async function readAllPages<T>(
  read: (page: PageQuery) => Promise<Page<T>>,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let next: string | null = null;
  do {
    const page: Page<T> = await read({ limit, ...(next ? { next: decodeCursor(next)! } : {}) });
    items.push(...page.items);
    next = page.next;
    pages++;
  } while (next && pages < 1000);
  return { items, pages };
}
