/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from 'node:path';

/**
 * Medium tests (immich's word): repositories, activities and services on a real PostgreSQL, no
 * mocks. One fresh, migrated database per run; each test file opens its own DataSource on it
 * (libs/persistence/src/testing/medium.ts) and makes the rows it needs. Migrations run from the
 * build (global set-up is not transformed by jest), as in the e2e set-up.
 */
export default async function setup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const { build } = require(path.join(root, 'tools/build'));
  await build({ ifStale: true }); // with the bundle, so the e2e set-up after it finds dist/ current
  const { dropDatabase, migrate } = require(path.join(root, 'dist/libs/persistence/src'));
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kjflow');
  base.pathname = `/kjflow_medium_${Date.now()}_${process.pid}`;
  const url = base.toString();
  await dropDatabase(url);
  await migrate(url);
  process.env.KJ_MEDIUM_DATABASE_URL = url;
}
