import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Role } from '@kjflow/domain/kernel/roles.rules';
import type { ChannelChoice } from '@kjflow/domain/notification/notification.rules';

// ---- notifications and webhooks (issue 19 §1, §2) ----------------------------------------------

/** Sent (debounced) by the worker after activities that append events: read the log now. */
export const eventsAppendedSignal = defineSignal('eventsAppended');

export interface DispatcherInput {
  /** How long to sleep when the log is read to its end and no signal comes (the fallback poll). */
  pollMs?: number;
  /** Events per page. */
  pageSize?: number;
  /** The history length at which a run continues as new (default DISPATCHER_MAX_HISTORY). */
  maxHistory?: number;
}

/** What one page of the log gave the notification dispatcher. */
export interface NotificationPage {
  /** Events read (0: the log is read to its end). */
  events: number;
  /** E-mail rows to send (written pending, once per event and recipient). */
  emailIds: string[];
}

/** What one page of the log gave the webhook dispatcher. */
export interface WebhookPage {
  events: number;
  deliveryIds: string[];
}

export interface WebhookDeliveryInput {
  deliveryId: string;
}

export interface SaveNotificationTemplateArgs {
  actorId: string;
  actorRoles: Role[];
  kind: string;
  language: string;
  subject: string;
  body: string;
}
export interface NotificationTemplatesState {
  lastId: string | null;
  lastVersion: number | null;
}
export const saveNotificationTemplateUpdate = defineUpdate<
  NotificationTemplatesState,
  [SaveNotificationTemplateArgs]
>('saveNotificationTemplate');

export interface NotificationInboxState {
  userId: string;
  /** How many the last mark-read command marked. */
  lastMarked: number;
}
export interface MarkNotificationsReadArgs {
  actorId: string;
  /** Notification ids, or every unread one. */
  ids: string[] | 'all';
}
export const markNotificationsReadUpdate = defineUpdate<NotificationInboxState, [MarkNotificationsReadArgs]>(
  'markNotificationsRead',
);
export interface SaveNotificationPreferencesArgs {
  actorId: string;
  language: string;
  channels: Record<string, ChannelChoice>;
}
export const saveNotificationPreferencesUpdate = defineUpdate<
  NotificationInboxState,
  [SaveNotificationPreferencesArgs]
>('saveNotificationPreferences');

export interface WebhooksState {
  /** The webhook or delivery the last command made or changed. */
  lastId: string | null;
}
export type WebhookCommandArgs = { actorId: string; actorRoles: Role[] } & (
  | {
      command: 'register';
      id: string;
      url: string;
      secret: string;
      eventTypes: string[];
      description: string | null;
    }
  | {
      command: 'change';
      id: string;
      patch: {
        url?: string;
        secret?: string;
        eventTypes?: string[];
        description?: string;
        active?: boolean;
      };
    }
  | { command: 'delete'; id: string }
  | { command: 'replay'; deliveryId: string; replayId: string }
);
export const webhookCommandUpdate = defineUpdate<WebhooksState, [WebhookCommandArgs]>('webhookCommand');

/** The activities of notifications and webhooks (part of the worker's `Activities`). */
export interface NotificationActivities {
  /**
   * Reads the next page of the log after the dispatcher's cursor, writes the notifications it
   * asks for (once per event, recipient and channel; in-app rows delivered at once) and moves
   * the cursor, in one transaction; answers the e-mail rows to send.
   */
  dispatchNotificationPage(input: { consumer: string; pageSize: number }): Promise<NotificationPage>;
  /** Sends one e-mail row over SMTP (a row already sent is not sent again); throws to be retried. */
  sendNotificationEmail(input: { notificationId: string }): Promise<void>;
  /** The row's last attempt failed: marked failed (the process that caused it never waits). */
  markNotificationFailed(input: { notificationId: string; error: string }): Promise<void>;
  /** The next page for the webhooks: one delivery per subscribed webhook and event. */
  dispatchWebhookPage(input: { consumer: string; pageSize: number }): Promise<WebhookPage>;
  /** One signed POST of a delivery, its outcome recorded; throws on failure to be retried. */
  sendWebhookDelivery(input: { deliveryId: string }): Promise<void>;
  markWebhookDeliveryFailed(input: { deliveryId: string; error: string }): Promise<void>;
  /** A new version of a template (numbered in the transaction), with its event. */
  saveNotificationTemplate(rec: {
    id: string;
    actorId: string;
    kind: string;
    language: string;
    subject: string;
    body: string;
    workflowId: string;
    at: number;
  }): Promise<{ version: number }>;
  /** Read marks of a user's notifications, with their event. */
  markNotificationsRead(rec: {
    userId: string;
    ids: string[] | 'all';
    workflowId: string;
    step: string;
    at: number;
  }): Promise<{ marked: number }>;
  saveNotificationPreferences(rec: {
    userId: string;
    language: string;
    channels: Record<string, ChannelChoice>;
    workflowId: string;
    step: string;
    at: number;
  }): Promise<void>;
  /** A webhook registered, changed or deleted, or a delivery replayed, with its event. */
  recordWebhookCommand(rec: {
    args: WebhookCommandArgs;
    workflowId: string;
    step: string;
    at: number;
  }): Promise<void>;
}
