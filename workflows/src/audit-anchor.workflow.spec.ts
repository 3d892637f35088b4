import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from './activities';
import { auditAnchorWorkflow } from './audit-anchor.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';

describe('auditAnchorWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('writes an anchor every interval, retrying one that fails, with the workflow clock’s time', async () => {
    const { activities: fakes } = recordingActivities();
    const anchored: number[] = [];
    let failed = false;
    const activities: Activities = {
      ...fakes,
      async writeAuditAnchor({ at }) {
        if (!failed) {
          failed = true;
          throw new Error('simulated database outage');
        }
        anchored.push(at);
        return { anchorId: String(anchored.length), streams: 1 };
      },
    };
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const started = Date.now();
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(auditAnchorWorkflow, {
        workflowId: `audit-anchor-${randomUUID()}`,
        taskQueue,
        args: [{ intervalMs: 300 }],
      });
      while (anchored.length < 3) await new Promise((r) => setTimeout(r, 100));
      await handle.terminate('test done');
    });
    expect(anchored.length).toBeGreaterThanOrEqual(3);
    expect(anchored[0]).toBeGreaterThanOrEqual(started + 300);
    for (let i = 1; i < anchored.length; i++)
      expect(anchored[i] - anchored[i - 1]).toBeGreaterThanOrEqual(300);
  });
});
