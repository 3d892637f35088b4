import {
  ActivityOptions,
  allHandlersFinished,
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { assertMayManageNotifications } from '@kjflow/domain/notification/notification.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { check } from './lib/failures';
import { idleTracker } from './lib/idle';
import { handlerQueue } from './lib/serial';
import {
  DispatcherInput,
  eventsAppendedSignal,
  markNotificationsReadUpdate,
  MarkNotificationsReadArgs,
  NotificationInboxState,
  NotificationTemplatesState,
  saveNotificationPreferencesUpdate,
  SaveNotificationPreferencesArgs,
  saveNotificationTemplateUpdate,
  SaveNotificationTemplateArgs,
  WebhookCommandArgs,
  webhookCommandUpdate,
  WebhookDeliveryInput,
  WebhooksState,
} from './notification.definitions';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/** A page of the log is one transaction over at most a page of events and their recipients. */
const PAGE_ACTIVITY: ActivityOptions = { ...WRITE_ACTIVITY, startToCloseTimeout: '1 minute' };
const pageActs = proxyActivities<Activities>(PAGE_ACTIVITY);

/**
 * Delivery to the outside (SMTP, a webhook receiver) is retried with exponential backoff for
 * about an hour; a receiver that is down never holds up the process that caused the event.
 */
export const DELIVERY_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '10 minutes',
  maximumAttempts: 12,
} as const;
const deliver = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: DELIVERY_RETRY });

/** E-mails in flight at once per dispatcher run; more wait for one to finish. */
const MAX_SENDING = 50;
const DEFAULT_POLL_MS = 30_000;
const DEFAULT_PAGE = 100;
/**
 * A dispatcher runs for ever; when the worker's cache evicts it under load, its next task replays
 * the whole history. Temporal suggests continuing as new near 4 K events (1 MB here: 10–15 s of
 * replay on a busy 2-core machine, past the 10 s task timeout, again and again); a run of at
 * most 1,000 events replays in well under a second.
 */
export const DISPATCHER_MAX_HISTORY = 1_000;
/** Dispatcher runs from this patch on continue as new at DISPATCHER_MAX_HISTORY events. */
const SHORT_RUNS = 'dispatcher-short-runs';
/**
 * Runs from this patch on stop before the bound rather than after it: the next page and what is
 * still in flight are counted, since they land in this run's history before it can continue as new.
 */
const COUNTS_AHEAD = 'dispatcher-counts-in-flight';
/** A page: its activity's three events and the workflow task that reads its result. */
const EVENTS_PER_PAGE = 6;
/** An activity in flight: its start and completion, and at worst a workflow task of its own. */
const EVENTS_PER_ACTIVITY = 5;

/** What went wrong in the last attempt (an ActivityFailure's message is only "Activity task failed"). */
const reason = (err: unknown): string => {
  const e = err as { message?: string; cause?: { message?: string } };
  return String(e.cause?.message ?? e.message ?? err);
};

/** Reads the log to its end, then sleeps until a signal says events were appended (or `pollMs`). */
async function readLog(
  input: DispatcherInput,
  page: () => Promise<{ events: number }>,
  drain: () => Promise<void>,
  inFlight: () => number = () => 0,
): Promise<never> {
  const pageSize = input.pageSize ?? DEFAULT_PAGE;
  const maxHistory = patched(SHORT_RUNS) ? (input.maxHistory ?? DISPATCHER_MAX_HISTORY) : Infinity;
  const ahead = patched(COUNTS_AHEAD) ? () => EVENTS_PER_PAGE + inFlight() * EVENTS_PER_ACTIVITY : () => 0;
  let woken = false;
  setHandler(eventsAppendedSignal, () => {
    woken = true;
  });
  for (;;) {
    woken = false; // a signal during the read wakes the next round at once
    const { events } = await page();
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength + ahead() >= maxHistory) {
      await drain();
      await condition(allHandlersFinished);
      await continueAsNew<typeof notificationDispatchWorkflow>(input);
    }
    if (events < pageSize) await condition(() => woken, input.pollMs ?? DEFAULT_POLL_MS);
  }
}

/**
 * `notification-dispatch`: the one reader of the event log that tells people. Each page is one
 * activity (the mapping in libs/domain, recipients, preferences, templates, rows written once,
 * the cursor moved, in one transaction); its e-mails are sent by activities retried with
 * backoff, in the background of the next pages. Only ids pass through the history.
 */
export async function notificationDispatchWorkflow(input: DispatcherInput = {}): Promise<void> {
  const pageSize = input.pageSize ?? DEFAULT_PAGE;
  const sending = new Set<Promise<void>>();
  const send = async (notificationId: string) => {
    try {
      await deliver.sendNotificationEmail({ notificationId });
    } catch (err) {
      await acts.markNotificationFailed({ notificationId, error: reason(err) });
    }
  };
  await readLog(
    input,
    async () => {
      const page = await pageActs.dispatchNotificationPage({
        consumer: workflowIds.notificationDispatch(),
        pageSize,
      });
      for (const id of page.emailIds) {
        while (sending.size >= MAX_SENDING) await Promise.race(sending);
        const p: Promise<void> = send(id).finally(() => sending.delete(p));
        sending.add(p);
      }
      return page;
    },
    async () => {
      await Promise.all([...sending]);
    },
    () => sending.size,
  );
}

/**
 * `webhook-dispatch`: the reader of the log for webhooks. Each page writes one delivery per
 * subscribed webhook and event, and starts one `webhook-delivery-<id>` workflow for each (left
 * running on its own when this one continues as new).
 */
export async function webhookDispatchWorkflow(input: DispatcherInput = {}): Promise<void> {
  const pageSize = input.pageSize ?? DEFAULT_PAGE;
  await readLog(
    input,
    async () => {
      const page = await pageActs.dispatchWebhookPage({ consumer: workflowIds.webhookDispatch(), pageSize });
      await Promise.all(page.deliveryIds.map(startDelivery));
      return page;
    },
    async () => undefined,
  );
}

async function startDelivery(deliveryId: string): Promise<void> {
  try {
    await startChild(webhookDeliveryWorkflow, {
      workflowId: workflowIds.webhookDelivery(deliveryId),
      args: [{ deliveryId }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    // A page retried after its deliveries started: each one runs once.
    if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
  }
}

/** One delivery: signed POSTs retried with exponential backoff, then recorded as failed. */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<void> {
  try {
    await deliver.sendWebhookDelivery({ deliveryId: input.deliveryId });
  } catch (err) {
    await acts.markWebhookDeliveryFailed({
      deliveryId: input.deliveryId,
      error: reason(err),
    });
  }
}

/** `notification-templates`: an administrator's edit is a new version; closes when idle. */
export async function notificationTemplatesWorkflow(
  input: { idleMs?: number } = {},
): Promise<NotificationTemplatesState> {
  const state: NotificationTemplatesState = { lastId: null, lastVersion: null };
  const { guarded } = handlerQueue(state);
  const { counted, untilIdle } = idleTracker();
  const validate = (a: SaveNotificationTemplateArgs) =>
    check(() => assertMayManageNotifications({ roles: a.actorRoles }));
  setHandler(
    saveNotificationTemplateUpdate,
    counted(
      guarded<SaveNotificationTemplateArgs>(async (a) => {
        validate(a);
        const id = uuid4();
        const { version } = await acts.saveNotificationTemplate({
          id,
          actorId: a.actorId,
          kind: a.kind,
          language: a.language,
          subject: a.subject,
          body: a.body,
          workflowId: workflowIds.notificationTemplates(),
          at: Date.now(),
        });
        state.lastId = id;
        state.lastVersion = version;
      }),
    ),
    { validator: validate },
  );
  await untilIdle(input.idleMs ?? 10 * 60_000);
  return state;
}

/** `notifications-<userId>`: one user's read marks and preferences; closes when idle. */
export async function notificationInboxWorkflow(input: {
  userId: string;
  idleMs?: number;
}): Promise<NotificationInboxState> {
  const state: NotificationInboxState = { userId: input.userId, lastMarked: 0 };
  const { guarded } = handlerQueue(state);
  const { counted, untilIdle } = idleTracker();
  const own = (actorId: string) =>
    check(() => {
      if (actorId !== input.userId) assertMayManageNotifications({ roles: [] });
    });
  const workflowId = workflowIds.notificationInbox(input.userId);
  setHandler(
    markNotificationsReadUpdate,
    counted(
      guarded<MarkNotificationsReadArgs>(async (a) => {
        own(a.actorId);
        const { marked } = await acts.markNotificationsRead({
          userId: input.userId,
          ids: a.ids,
          workflowId,
          step: `read:${uuid4()}`,
          at: Date.now(),
        });
        state.lastMarked = marked;
      }),
    ),
    { validator: (a) => own(a.actorId) },
  );
  setHandler(
    saveNotificationPreferencesUpdate,
    counted(
      guarded<SaveNotificationPreferencesArgs>(async (a) => {
        own(a.actorId);
        await acts.saveNotificationPreferences({
          userId: input.userId,
          language: a.language,
          channels: a.channels,
          workflowId,
          step: `preferences:${uuid4()}`,
          at: Date.now(),
        });
      }),
    ),
    { validator: (a) => own(a.actorId) },
  );
  await untilIdle(input.idleMs ?? 60_000);
  return state;
}

/**
 * `webhooks`: the administrators' registrations, changes, deletions and replays, one after the
 * other; a replay is a new delivery with its own `webhook-delivery-<id>` workflow. Closes when idle.
 */
export async function webhooksWorkflow(input: { idleMs?: number } = {}): Promise<WebhooksState> {
  const state: WebhooksState = { lastId: null };
  const { guarded } = handlerQueue(state);
  const { counted, untilIdle } = idleTracker();
  const validate = (a: WebhookCommandArgs) =>
    check(() => assertMayManageNotifications({ roles: a.actorRoles }));
  setHandler(
    webhookCommandUpdate,
    counted(
      guarded<WebhookCommandArgs>(async (a) => {
        validate(a);
        const key = a.command === 'replay' ? a.replayId : a.id;
        await acts.recordWebhookCommand({
          args: a,
          workflowId: workflowIds.webhooks(),
          step: `${a.command}:${key}:${uuid4()}`,
          at: Date.now(),
        });
        if (a.command === 'replay') await startDelivery(a.replayId);
        state.lastId = key;
      }),
    ),
    { validator: validate },
  );
  await untilIdle(input.idleMs ?? 10 * 60_000);
  return state;
}
