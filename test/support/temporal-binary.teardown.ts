import type { TestWorkflowEnvironment } from '@temporalio/testing';

/** Stops the unit project's Temporal dev server (temporal-binary.setup.ts). */
export default async function teardown(): Promise<void> {
  const env = (globalThis as Record<string, unknown>).__KJ_UNIT_TEMPORAL__ as
    TestWorkflowEnvironment | undefined;
  delete (globalThis as Record<string, unknown>).__KJ_UNIT_TEMPORAL__;
  delete process.env.KJ_UNIT_TEMPORAL_ADDRESS;
  await env?.teardown();
}
