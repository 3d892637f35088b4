/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Stack {
  stop(): Promise<void>;
  databaseUrl: string;
  temporalAddress: string;
}

/**
 * Stops the API, worker and Temporal server and drops the run's database. With
 * KJ_RECORD_HISTORIES=1 it first saves the histories of the run's finished workflows into
 * workflows/histories/ for the replay test.
 */
export default async function teardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>).__KJ_STACK__ as Stack | undefined;
  if (!stack) return;
  const root = path.resolve(__dirname, '../..');
  try {
    if (process.env.KJ_RECORD_HISTORIES === '1') {
      const { recordHistories } = require(path.join(root, 'tools/record-histories'));
      await recordHistories({ address: stack.temporalAddress, taskQueue: process.env.KJ_TEST_TASK_QUEUE });
    }
  } finally {
    await stack.stop();
    if (process.env.KJ_STORAGE_DIR) fs.rmSync(process.env.KJ_STORAGE_DIR, { recursive: true, force: true });
    if (!process.env.KJ_KEEP_TEST_DB) {
      const { dropDatabase } = require(path.join(root, 'dist/libs/persistence/src'));
      await dropDatabase(stack.databaseUrl);
    }
  }
}
