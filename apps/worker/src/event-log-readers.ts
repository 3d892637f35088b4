import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import { workflowIds } from '@kjflow/domain';
import { TASK_QUEUE } from '@kjflow/temporal';
import { eventsAppendedSignal } from '@kjflow/workflows';
import type { Activities } from '@kjflow/workflows';

/** The readers of the event log: each one workflow, started here (once: the id is fixed). */
export const EVENT_LOG_READERS = [
  { workflowType: 'notificationDispatchWorkflow', workflowId: workflowIds.notificationDispatch() },
  { workflowType: 'webhookDispatchWorkflow', workflowId: workflowIds.webhookDispatch() },
] as const;

/** Started with the worker; one already running is kept (so restarts and many workers are safe). */
export async function startEventLogReaders(client: Client): Promise<void> {
  for (const r of EVENT_LOG_READERS)
    await client.workflow.start(r.workflowType, {
      workflowId: r.workflowId,
      taskQueue: TASK_QUEUE,
      args: [{}],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
}

/** The readers' own activities and the deliveries: they append nothing a reader waits for. */
const QUIET = new Set<string>([
  'dispatchNotificationPage',
  'sendNotificationEmail',
  'markNotificationFailed',
  'dispatchWebhookPage',
  'sendWebhookDelivery',
  'markWebhookDeliveryFailed',
]);

/**
 * Wakes the readers after activities that may have appended events: a signal, at most one per
 * `debounceMs` per reader (trailing), instead of a reader polling the log every second. Missed
 * signals only delay delivery until the readers' fallback poll.
 */
export function wakeReadersAfterWrites(
  activities: Activities,
  signal: (workflowId: string) => Promise<void>,
  debounceMs = 100,
): Activities {
  let timer: NodeJS.Timeout | null = null;
  const wake = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      for (const r of EVENT_LOG_READERS) signal(r.workflowId).catch(() => undefined);
    }, debounceMs);
    timer.unref();
  };
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities) as Array<
    [string, (...a: unknown[]) => Promise<unknown>]
  >) {
    wrapped[name] = QUIET.has(name)
      ? fn
      : async (...args: unknown[]) => {
          const result = await fn(...args);
          wake();
          return result;
        };
  }
  return wrapped as unknown as Activities;
}

export function signalReader(client: Promise<Client>) {
  return async (workflowId: string) =>
    (await client).workflow.getHandle(workflowId).signal(eventsAppendedSignal);
}
