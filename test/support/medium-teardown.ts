/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from 'node:path';

export default async function teardown(): Promise<void> {
  const url = process.env.KJ_MEDIUM_DATABASE_URL;
  if (!url || process.env.KJ_KEEP_TEST_DB) return;
  const { dropDatabase } = require(path.resolve(__dirname, '../../dist/libs/persistence/src'));
  await dropDatabase(url);
}
