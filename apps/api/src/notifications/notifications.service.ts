import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayManageNotifications,
  Cursor,
  DEFAULT_TEMPLATES,
  formatShanghai,
  NOTIFICATION_KINDS,
  NOTIFICATION_LANGUAGES,
  NotificationKind,
  NotificationLanguage,
  NotificationPreferences,
  NotificationTemplateInput,
  NotificationTemplateView,
  NotificationView,
  notFound,
  Page,
  PageQuery,
  pageInMemory,
  WebhookDeliveryView,
  WebhookInput,
  WebhookPatch,
  WebhookView,
  workflowIds,
} from '@kjflow/domain';
import {
  mapPage,
  NotificationEntity,
  NotificationPreferenceRepository,
  NotificationRepository,
  NotificationTemplateRepository,
  WebhookDeliveryEntity,
  WebhookEntity,
  SecretBox,
  WebhookRepository,
} from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import {
  markNotificationsReadUpdate,
  saveNotificationPreferencesUpdate,
  saveNotificationTemplateUpdate,
  WebhookCommandArgs,
  webhookCommandUpdate,
} from '@kjflow/workflows';
import type {
  notificationInboxWorkflow,
  notificationTemplatesWorkflow,
  webhooksWorkflow,
} from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { commandId } from '../common/command-context';

const NOTIFICATION = { zh: '通知', en: 'Notification' };
const WEBHOOK = { zh: 'Webhook', en: 'Webhook' };
const DELIVERY = { zh: 'Webhook 投递记录', en: 'Webhook delivery' };

function notificationView(n: NotificationEntity): NotificationView {
  return {
    id: n.id,
    kind: n.kind as NotificationKind,
    eventId: n.eventId,
    eventType: n.eventType,
    language: n.language as NotificationLanguage,
    subject: n.subject,
    body: n.body,
    link: n.link,
    templateVersion: n.templateVersion,
    createdAt: n.createdAt.toISOString(),
    createdAtLocal: formatShanghai(n.createdAt),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

function webhookView(w: WebhookEntity): WebhookView {
  return {
    id: w.id,
    url: w.url,
    eventTypes: w.eventTypes,
    description: w.description,
    active: w.active,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

function deliveryView(d: WebhookDeliveryEntity): WebhookDeliveryView {
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventId: d.eventId,
    eventType: d.eventType,
    replayOf: d.replayOf,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

/**
 * Notifications (in-app list, read marks, preferences), their templates and the webhooks.
 * Reads come from PostgreSQL; every change is a command to its workflow
 * (`notifications-<user>`, `notification-templates`, `webhooks`).
 */
@Injectable()
export class NotificationsService {
  private readonly notifications: NotificationRepository;
  private readonly preferences: NotificationPreferenceRepository;
  private readonly templates: NotificationTemplateRepository;
  private readonly webhooks: WebhookRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {
    this.notifications = new NotificationRepository(ds);
    this.preferences = new NotificationPreferenceRepository(ds);
    this.templates = new NotificationTemplateRepository(ds);
    this.webhooks = new WebhookRepository(ds);
  }

  /** Read at start: in production a missing KJ_SECRETS_KEY stops the API here. */
  private readonly secrets = new SecretBox();

  // ---- the caller's notifications ----

  async list(actor: Actor, filter: { unread?: boolean }, page: PageQuery): Promise<Page<NotificationView>> {
    return mapPage(await this.notifications.inbox(actor.id, filter, page), notificationView);
  }

  private inboxCommand<A>(
    actor: Actor,
    update: Parameters<Client['workflow']['executeUpdateWithStart']>[0],
    args: A,
  ) {
    return this.temporal.workflow.executeUpdateWithStart(update, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof notificationInboxWorkflow>(
        'notificationInboxWorkflow',
        {
          workflowId: workflowIds.notificationInbox(actor.id),
          workflowIdConflictPolicy: 'USE_EXISTING',
          taskQueue: TASK_QUEUE,
          args: [{ userId: actor.id }],
        },
      ),
      args: [args],
    });
  }

  async markRead(id: string, actor: Actor): Promise<NotificationView> {
    const n = await this.notifications.byId(id);
    if (!n || n.userId !== actor.id || n.channel !== 'in_app') throw notFound(NOTIFICATION);
    if (!n.readAt)
      await this.inboxCommand(actor, markNotificationsReadUpdate, { actorId: actor.id, ids: [id] });
    return notificationView((await this.notifications.byId(id))!);
  }

  async markAllRead(actor: Actor): Promise<{ marked: number; unread: number }> {
    const state = (await this.inboxCommand(actor, markNotificationsReadUpdate, {
      actorId: actor.id,
      ids: 'all',
    })) as { lastMarked: number };
    return { marked: state.lastMarked, unread: await this.notifications.unreadCount(actor.id) };
  }

  async getPreferences(actor: Actor): Promise<NotificationPreferences> {
    return {
      language: (await this.preferences.language(actor.id)) as NotificationLanguage,
      channels: await this.preferences.of(actor.id),
    };
  }

  async setPreferences(p: NotificationPreferences, actor: Actor): Promise<NotificationPreferences> {
    await this.inboxCommand(actor, saveNotificationPreferencesUpdate, {
      actorId: actor.id,
      language: p.language,
      channels: p.channels,
    });
    return this.getPreferences(actor);
  }

  // ---- templates ----

  private async templateView(
    kind: NotificationKind,
    language: NotificationLanguage,
  ): Promise<NotificationTemplateView> {
    const t = await this.templates.current(kind, language);
    return t
      ? {
          kind,
          language,
          version: t.version,
          subject: t.subject,
          body: t.body,
          createdBy: t.createdBy,
          createdAt: t.createdAt.toISOString(),
        }
      : {
          kind,
          language,
          version: 1,
          ...DEFAULT_TEMPLATES[kind][language],
          createdBy: null,
          createdAt: new Date(0).toISOString(),
        };
  }

  async listTemplates(actor: Actor, page: PageQuery): Promise<Page<NotificationTemplateView>> {
    assertMayManageNotifications(actor);
    const all: NotificationTemplateView[] = [];
    for (const kind of NOTIFICATION_KINDS)
      for (const language of NOTIFICATION_LANGUAGES) all.push(await this.templateView(kind, language));
    const position = (t: { kind: string; language: string }) => `${t.kind}/${t.language}`;
    return pageInMemory(all, page, {
      cursorOf: (t) => [position(t)],
      after: (t, c: Cursor) => position(t) > String(c[0]),
      fits: (c) => c.length === 1 && typeof c[0] === 'string',
    });
  }

  async getTemplate(kind: NotificationKind, language: NotificationLanguage, actor: Actor) {
    assertMayManageNotifications(actor);
    return this.templateView(kind, language);
  }

  async saveTemplate(
    kind: NotificationKind,
    language: NotificationLanguage,
    input: NotificationTemplateInput,
    actor: Actor,
  ): Promise<NotificationTemplateView> {
    assertMayManageNotifications(actor);
    await this.temporal.workflow.executeUpdateWithStart(saveNotificationTemplateUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof notificationTemplatesWorkflow>(
        'notificationTemplatesWorkflow',
        {
          workflowId: workflowIds.notificationTemplates(),
          workflowIdConflictPolicy: 'USE_EXISTING',
          taskQueue: TASK_QUEUE,
          args: [{}],
        },
      ),
      args: [{ actorId: actor.id, actorRoles: actor.roles, kind, language, ...input }],
    });
    return this.templateView(kind, language);
  }

  // ---- webhooks ----

  private webhookCommand(args: WebhookCommandArgs) {
    return this.temporal.workflow.executeUpdateWithStart(webhookCommandUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof webhooksWorkflow>('webhooksWorkflow', {
        workflowId: workflowIds.webhooks(),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue: TASK_QUEUE,
        args: [{}],
      }),
      args: [args],
    });
  }

  private async webhook(id: string): Promise<WebhookEntity> {
    const w = await this.webhooks.byId(id);
    if (!w) throw notFound(WEBHOOK);
    return w;
  }

  async listWebhooks(actor: Actor, page: PageQuery): Promise<Page<WebhookView>> {
    assertMayManageNotifications(actor);
    return mapPage(await this.webhooks.list(page), webhookView);
  }

  async getWebhook(id: string, actor: Actor): Promise<WebhookView> {
    assertMayManageNotifications(actor);
    return webhookView(await this.webhook(id));
  }

  async registerWebhook(input: WebhookInput, actor: Actor): Promise<WebhookView> {
    assertMayManageNotifications(actor);
    const id = commandId();
    await this.webhookCommand({
      actorId: actor.id,
      actorRoles: actor.roles,
      command: 'register',
      id,
      url: input.url,
      // Sealed here, before the update: the secret never reads in clear in the workflow's history.
      secret: this.secrets.seal(input.secret),
      eventTypes: input.eventTypes,
      description: input.description ?? null,
    });
    return webhookView(await this.webhook(id));
  }

  async changeWebhook(id: string, patch: WebhookPatch, actor: Actor): Promise<WebhookView> {
    assertMayManageNotifications(actor);
    await this.webhook(id);
    const sealed = patch.secret === undefined ? patch : { ...patch, secret: this.secrets.seal(patch.secret) };
    await this.webhookCommand({
      actorId: actor.id,
      actorRoles: actor.roles,
      command: 'change',
      id,
      patch: sealed,
    });
    return webhookView(await this.webhook(id));
  }

  async deleteWebhook(id: string, actor: Actor): Promise<void> {
    assertMayManageNotifications(actor);
    await this.webhook(id);
    await this.webhookCommand({ actorId: actor.id, actorRoles: actor.roles, command: 'delete', id });
  }

  async deliveries(id: string, actor: Actor, page: PageQuery): Promise<Page<WebhookDeliveryView>> {
    assertMayManageNotifications(actor);
    await this.webhook(id);
    return mapPage(await this.webhooks.deliveriesOf(id, page), deliveryView);
  }

  async replay(deliveryId: string, actor: Actor): Promise<WebhookDeliveryView> {
    assertMayManageNotifications(actor);
    const d = await this.webhooks.delivery(deliveryId);
    if (!d || !(await this.webhooks.byId(d.webhookId))) throw notFound(DELIVERY);
    const replayId = commandId();
    await this.webhookCommand({
      actorId: actor.id,
      actorRoles: actor.roles,
      command: 'replay',
      deliveryId,
      replayId,
    });
    return deliveryView((await this.webhooks.delivery(replayId))!);
  }
}
