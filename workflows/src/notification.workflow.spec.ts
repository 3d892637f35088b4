import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from './activities';
import { eventsAppendedSignal, NotificationPage, WebhookPage } from './notification.definitions';
import {
  notificationDispatchWorkflow,
  webhookDispatchWorkflow,
  webhookDeliveryWorkflow,
} from './notification.workflow';
import { createTestEnv, recordingActivities, startWorker, workflowBundle } from './testing/env';

const until = async (ok: () => boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('the event-log dispatchers (notifications, webhooks)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
    await workflowBundle(); // once, before the timed tests (slow on a busy machine)
  }, 180_000);
  afterAll(async () => {
    await env?.teardown();
  });

  it('reads pages to the end, sends each e-mail, sleeps until signalled, and a failed e-mail blocks nothing', async () => {
    const { activities: fakes, calls } = recordingActivities();
    // The log: a full page, a short page, then nothing until the signal, then one more page.
    const pages: NotificationPage[] = [
      { events: 2, emailIds: ['m1', 'm2'] },
      { events: 1, emailIds: ['m3'] },
    ];
    let reads = 0;
    const sent: string[] = [];
    const activities: Activities = {
      ...fakes,
      async dispatchNotificationPage(input) {
        reads += 1;
        calls.push({ name: 'dispatchNotificationPage', args: [input] });
        return pages.shift() ?? { events: 0, emailIds: [] };
      },
      async sendNotificationEmail({ notificationId }) {
        // The SMTP server refuses m2 for good: its row is marked failed, the others go on.
        if (notificationId === 'm2') throw ApplicationFailure.nonRetryable('550 mailbox unavailable');
        sent.push(notificationId);
      },
    };
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(notificationDispatchWorkflow, {
        workflowId: `notification-dispatch-${randomUUID()}`,
        taskQueue,
        args: [{ pageSize: 2, pollMs: 600_000 }],
      });
      await until(
        () => sent.length === 2 && reads === 2 && calls.some((c) => c.name === 'markNotificationFailed'),
      );
      expect(sent.sort()).toEqual(['m1', 'm3']);
      const failed = calls.filter((c) => c.name === 'markNotificationFailed').map((c) => c.args[0]);
      expect(failed).toEqual([{ notificationId: 'm2', error: expect.stringContaining('550') }]);
      // Read to its end (a short page): asleep, not polling.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(reads).toBe(2);
      pages.push({ events: 1, emailIds: ['m4'] });
      await handle.signal(eventsAppendedSignal);
      await until(() => sent.includes('m4'));
      expect(reads).toBe(3);
      await handle.terminate();
    });
    expect(
      calls
        .filter((c) => c.name === 'dispatchNotificationPage')
        .every((c) => {
          const a = c.args[0] as { consumer: string; pageSize: number };
          return a.consumer === 'notification-dispatch' && a.pageSize === 2;
        }),
    ).toBe(true);
  }, 120_000);

  it('continues as new once its history reaches the bound, each e-mail sent once across the runs', async () => {
    const { activities: fakes } = recordingActivities();
    // 30 full pages of one event and one e-mail each, then the end of the log.
    const pages: NotificationPage[] = Array.from({ length: 30 }, (_, i) => ({
      events: 1,
      emailIds: [`m${i}`],
    }));
    const sent: string[] = [];
    const activities: Activities = {
      ...fakes,
      async dispatchNotificationPage() {
        return pages.shift() ?? { events: 0, emailIds: [] };
      },
      async sendNotificationEmail({ notificationId }) {
        sent.push(notificationId);
      },
    };
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const maxHistory = 40;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(notificationDispatchWorkflow, {
        workflowId: `notification-dispatch-${randomUUID()}`,
        taskQueue,
        args: [{ pageSize: 1, pollMs: 600_000, maxHistory }],
      });
      await until(() => sent.length === 30 && pages.length === 0);
      expect(new Set(sent).size).toBe(30);
      const first = env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
      expect((await first.describe()).status.name).toBe('CONTINUED_AS_NEW');
      const latest = await env.client.workflow.getHandle(handle.workflowId).describe();
      expect(latest.runId).not.toBe(handle.firstExecutionRunId);
      expect(latest.status.name).toBe('RUNNING');
      // Each run stopped near the bound (a page and its e-mails past it at most).
      const history = await first.fetchHistory();
      expect(history.events!.length).toBeLessThan(maxHistory + 20);
      await handle.terminate();
    });
  }, 120_000);

  it('starts one delivery workflow per webhook delivery, which retries with backoff until the receiver answers', async () => {
    const { activities: fakes, calls } = recordingActivities();
    const pages: WebhookPage[] = [{ events: 1, deliveryIds: ['d1', 'd2'] }];
    const attempts: Record<string, number> = {};
    const activities: Activities = {
      ...fakes,
      async dispatchWebhookPage() {
        return pages.shift() ?? { events: 0, deliveryIds: [] };
      },
      async sendWebhookDelivery({ deliveryId }) {
        attempts[deliveryId] = (attempts[deliveryId] ?? 0) + 1;
        // d1: the receiver fails once, then answers 2xx; d2: always refused (a gone endpoint).
        if (deliveryId === 'd1' && attempts.d1 === 1) throw new Error('the receiver answered 500');
        if (deliveryId === 'd2') throw ApplicationFailure.nonRetryable('the receiver answered 410');
      },
    };
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(webhookDispatchWorkflow, {
        workflowId: `webhook-dispatch-${randomUUID()}`,
        taskQueue,
        args: [{ pollMs: 600_000 }],
      });
      const d1 = env.client.workflow.getHandle('webhook-delivery-d1');
      await until(() => attempts.d1 === 2 && calls.some((c) => c.name === 'markWebhookDeliveryFailed'));
      await d1.result();
      expect(attempts).toEqual({ d1: 2, d2: 1 });
      expect(calls.filter((c) => c.name === 'markWebhookDeliveryFailed').map((c) => c.args[0])).toEqual([
        { deliveryId: 'd2', error: expect.stringContaining('410') },
      ]);
      await handle.terminate();
    });
  }, 120_000);

  it('a delivery workflow started twice for one delivery runs once', async () => {
    const { activities: fakes } = recordingActivities();
    let sends = 0;
    const activities: Activities = {
      ...fakes,
      async sendWebhookDelivery() {
        sends += 1;
        await new Promise((r) => setTimeout(r, 300));
      },
    };
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    await worker.runUntil(async () => {
      const id = `webhook-delivery-${randomUUID()}`;
      const first = await env.client.workflow.start(webhookDeliveryWorkflow, {
        workflowId: id,
        taskQueue,
        args: [{ deliveryId: 'x' }],
      });
      await expect(
        env.client.workflow.start(webhookDeliveryWorkflow, {
          workflowId: id,
          taskQueue,
          args: [{ deliveryId: 'x' }],
        }),
      ).rejects.toThrow(/already started/i);
      await first.result();
    });
    expect(sends).toBe(1);
  }, 120_000);
});
