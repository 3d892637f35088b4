/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from 'node:path';
import { createFuzzUsers, createOwnUsers } from './fuzz-users';

/**
 * End-to-end set-up: build, then start what `npm start` starts (Temporal dev server unless
 * TEMPORAL_ADDRESS, migrations, demo seed, worker and API as processes) against a fresh database
 * created for this run. Tests reach it over HTTP at KJ_API_URL; teardown drops the database.
 */
export default async function setup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const { build } = require(path.join(root, 'tools/build'));
  const { startStack } = require(path.join(root, 'tools/stack'));
  const { freePort } = require(path.join(root, 'tools/temporal'));
  await build({ ifStale: true }); // dist/ is reused when built from these very sources

  const runId = `${Date.now()}_${process.pid}`;
  // Attachments of this run, removed at teardown.
  process.env.KJ_STORAGE_DIR = path.join(root, '.data/storage', `e2e-${runId}`);
  // Anchors every 3 s rather than 5 min, so the audit test sees them (test/audit.e2e-spec.ts).
  process.env.KJ_AUDIT_ANCHOR_MS ??= '3000';
  // An idle event stream's heartbeat every second rather than 15 s, for the same test.
  process.env.KJ_SSE_HEARTBEAT_MS ??= '1000';
  // The worker's Prometheus endpoint on a port of this run's own (a shell's setting could be taken
  // by a running `npm start`), read by test/notifications.e2e-spec.ts.
  process.env.KJ_WORKER_METRICS_ADDRESS = `127.0.0.1:${await freePort()}`;
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kjflow');
  base.pathname = `/kjflow_e2e_${runId}`;
  const stack = await startStack({
    databaseUrl: base.toString(),
    logDir: path.join(root, '.data/logs', `e2e-${runId}`),
    mailDir: path.join(root, '.data/logs', `e2e-${runId}`, 'mail'),
    taskQueue: `kjflow-e2e-${runId}`,
    log: () => undefined,
  });
  (globalThis as Record<string, unknown>).__KJ_STACK__ = stack;
  // The fuzz suite's own accounts, made before any test runs (see fuzz-users.ts).
  await createFuzzUsers(stack.databaseUrl);
  // Accounts single e2e files keep to themselves (see OWN_USERS).
  await createOwnUsers(stack.databaseUrl);
  process.env.KJ_API_URL = stack.apiUrl;
  process.env.KJ_TEST_DATABASE_URL = stack.databaseUrl;
  process.env.KJ_TEST_TEMPORAL_ADDRESS = stack.temporalAddress;
  process.env.KJ_TEST_TASK_QUEUE = `kjflow-e2e-${runId}`;
  // The API's process id: the attachment test reads its peak memory from /proc.
  process.env.KJ_TEST_API_PID = String(stack.pids.api);
  // The stack's mailbox: every notification e-mail of the run, one .eml file each.
  process.env.KJ_TEST_MAIL_DIR = stack.mailDir;
  process.env.KJ_TEST_LOG_DIR = path.join(root, '.data/logs', `e2e-${runId}`);
  process.env.KJ_TEST_WORKER_METRICS = `http://${process.env.KJ_WORKER_METRICS_ADDRESS}/metrics`;
}
