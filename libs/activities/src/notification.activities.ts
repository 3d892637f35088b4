import { ApplicationFailure } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import {
  channelsFor,
  DEFAULT_TEMPLATES,
  formatShanghai,
  NotificationKind,
  NotificationLanguage,
  notificationsFor,
  renderTemplate,
  webhookWants,
  type ChannelChoice,
} from '@kjflow/domain';
import {
  appendWithChange,
  EventLogRepository,
  LoggedEvent,
  NotificationPreferenceRepository,
  NotificationRepository,
  NotificationTemplateRepository,
  Recipient,
  RecipientRepository,
  SecretBox,
  WebhookRepository,
} from '@kjflow/persistence';
import type { NotificationActivities } from '@kjflow/workflows';
import { SIGNATURE_HEADER, signatureHeader, TIMESTAMP_HEADER } from './webhook-signature';

export interface Mailer {
  transport: Pick<Transporter, 'sendMail'>;
  from: string;
}

/** What became of one delivery, for the worker's `kjflow_notifications_total`. */
export interface NotificationOutcome {
  kind: string;
  channel: 'in_app' | 'email';
  /** `failed`: one attempt (an e-mail is retried with backoff, each failed attempt counts). */
  outcome: 'sent' | 'failed';
}
/** Counts deliveries; the worker passes its metric (apps/worker telemetry), tests a spy or nothing. */
export type CountNotification = (o: NotificationOutcome) => void;

const DEADLINE_FIELDS = ['dueAt', 'respondBy', 'scoreBy', 'signBy', 'deadline', 'fixBy'];
const REASON_FIELDS = ['reason', 'comment', 'comments'];

const firstString = (payload: Record<string, unknown>, fields: string[]): string | null => {
  for (const f of fields) {
    const v = payload[f];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return null;
};

/** A deadline as the recipient reads it: Beijing time. */
const local = (at: string | Date | null): string => (at ? formatShanghai(at) : '');

/**
 * Notifications and webhooks, derived from the event log (issue 19 §1, §2). The dispatchers'
 * page activities run the mapping of libs/domain over a page of events and write what it asks
 * for, once, with the reader's cursor, in one transaction; delivery activities talk to the
 * outside (SMTP, webhook receivers) and are retried by their workflows.
 */
export function notificationActivities(
  ds: DataSource,
  mailer: Mailer | null,
  secrets: SecretBox = new SecretBox(),
  count: CountNotification = () => undefined,
): NotificationActivities {
  /** Templates and preferences read once per page. */
  function pageCaches(tx: DataSource['manager']) {
    const templates = new NotificationTemplateRepository(tx);
    const prefs = new NotificationPreferenceRepository(tx);
    const tpl = new Map<string, Promise<{ subject: string; body: string; version: number }>>();
    const pref = new Map<string, Promise<Record<string, ChannelChoice>>>();
    return {
      template(kind: NotificationKind, language: NotificationLanguage) {
        const key = `${kind}:${language}`;
        if (!tpl.has(key))
          tpl.set(
            key,
            templates.current(kind, language).then(
              (t) => t ?? { ...DEFAULT_TEMPLATES[kind][language], version: 1 }, // the installed default
            ),
          );
        return tpl.get(key)!;
      },
      preferences(userId: string) {
        if (!pref.has(userId)) pref.set(userId, prefs.of(userId));
        return pref.get(userId)!;
      },
    };
  }

  async function deadlineOf(e: LoggedEvent, recipients: RecipientRepository): Promise<string> {
    const inPayload = firstString(e.payload, DEADLINE_FIELDS);
    if (inPayload) return local(inPayload);
    if (e.subjectType === 'review_assignment') return local(await recipients.assignmentDeadline(e.subjectId));
    if (e.subjectType === 'agreement') return local(await recipients.agreementDeadline(e.subjectId));
    return '';
  }

  return {
    async dispatchNotificationPage({ consumer, pageSize }) {
      const inApp: string[] = []; // kinds of the in-app rows written, counted once committed
      const page = await ds.transaction(async (tx) => {
        const log = new EventLogRepository(tx);
        const cursor = await log.lockCursor(consumer);
        const events = await log.after(cursor, pageSize);
        const recipients = new RecipientRepository(tx);
        const rows = new NotificationRepository(tx);
        const cache = pageCaches(tx);
        const emailIds: string[] = [];
        for (const e of events) {
          const intent = notificationsFor(e);
          if (!intent) continue;
          const people = new Map<string, Recipient>();
          for (const ref of intent.recipients)
            for (const r of await recipients.resolve(ref)) if (r.key !== e.actorId) people.set(r.key, r);
          if (people.size === 0) continue;
          const params = {
            eventType: e.type,
            subjectId: e.subjectId,
            link: intent.link,
            deadline: await deadlineOf(e, recipients),
            reason: firstString(e.payload, REASON_FIELDS) ?? '',
          };
          for (const r of people.values()) {
            const prefs = r.userId ? await cache.preferences(r.userId) : {};
            const channels = channelsFor(intent.kind, prefs).filter((c) =>
              c === 'in_app' ? r.userId !== null : r.email !== null,
            );
            if (channels.length === 0) continue;
            const language: NotificationLanguage = r.language === 'en' ? 'en' : 'zh-CN';
            const t = await cache.template(intent.kind, language);
            const link = r.link ?? intent.link;
            const filled = {
              ...params,
              recipient: r.name,
              link,
              ...(r.deadline !== undefined ? { deadline: local(r.deadline) } : {}),
            };
            for (const channel of channels) {
              const id = await rows.insertOnce({
                eventId: e.id,
                eventType: e.type,
                kind: intent.kind,
                recipient: r.key,
                userId: r.userId,
                email: channel === 'email' ? r.email : null,
                channel,
                language,
                subject: renderTemplate(t.subject, filled),
                body: renderTemplate(t.body, filled),
                link,
                templateVersion: t.version,
                status: channel === 'in_app' ? 'delivered' : 'pending',
              });
              if (channel === 'email') emailIds.push(id);
              else inApp.push(intent.kind);
            }
          }
        }
        if (events.length) {
          const last = events[events.length - 1];
          await log.moveCursor(consumer, { tx: last.tx, sequence: last.sequence });
        }
        return { events: events.length, emailIds };
      });
      // An in-app notification is delivered when its row commits; the cursor moved with it, so a
      // retried page never writes (nor counts) it again.
      for (const kind of inApp) count({ kind, channel: 'in_app', outcome: 'sent' });
      return page;
    },

    async sendNotificationEmail({ notificationId }) {
      const rows = new NotificationRepository(ds);
      const n = await rows.byId(notificationId);
      // Sent already (a retried activity) or given up: at most once per recipient and event.
      if (!n || n.channel !== 'email' || n.status !== 'pending' || !n.email) return;
      const attempt = (outcome: NotificationOutcome['outcome']) =>
        count({ kind: n.kind, channel: 'email', outcome });
      if (!mailer) {
        attempt('failed');
        throw ApplicationFailure.nonRetryable('SMTP is not configured (SMTP_HOST)', 'smtp_not_configured');
      }
      try {
        await mailer.transport.sendMail({
          from: mailer.from,
          to: n.email,
          subject: n.subject,
          text: n.body,
          headers: { 'X-Kjflow-Notification': n.id, 'X-Kjflow-Event': n.eventId, 'X-Kjflow-Kind': n.kind },
        });
      } catch (err) {
        attempt('failed');
        await rows.recordAttempt(n.id, { ok: false, error: String((err as Error).message ?? err) });
        throw err;
      }
      attempt('sent'); // the SMTP server took it, whatever becomes of the row's update
      await rows.recordAttempt(n.id, { ok: true });
    },

    async markNotificationFailed({ notificationId, error }) {
      await new NotificationRepository(ds).recordAttempt(notificationId, { ok: false, error, final: true });
    },

    async dispatchWebhookPage({ consumer, pageSize }) {
      return ds.transaction(async (tx) => {
        const log = new EventLogRepository(tx);
        const cursor = await log.lockCursor(consumer);
        const events = await log.after(cursor, pageSize);
        const hooks = new WebhookRepository(tx);
        const active = events.length ? await hooks.active() : [];
        const deliveryIds: string[] = [];
        for (const e of events)
          for (const h of active)
            if (webhookWants(h.eventTypes, e.type))
              deliveryIds.push(await hooks.deliveryOnce(h.id, e.id, e.type));
        if (events.length) {
          const last = events[events.length - 1];
          await log.moveCursor(consumer, { tx: last.tx, sequence: last.sequence });
        }
        return { events: events.length, deliveryIds };
      });
    },

    async sendWebhookDelivery({ deliveryId }) {
      const hooks = new WebhookRepository(ds);
      const d = await hooks.delivery(deliveryId);
      if (!d || d.status !== 'pending') return;
      const hook = await hooks.byId(d.webhookId);
      if (!hook || !hook.active) {
        await hooks.markFailed(d.id, 'the webhook was deleted or deactivated');
        return;
      }
      const e = (await new EventLogRepository(ds).byId(d.eventId))!;
      const body = JSON.stringify({
        id: e.id,
        deliveryId: d.id,
        type: e.type,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        actorId: e.actorId,
        occurredAt: e.occurredAt.toISOString(),
        sequence: e.sequence,
        payload: e.payload,
      });
      const timestamp = Math.floor(Date.now() / 1000);
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'kjflow-webhooks/1',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signatureHeader(secrets.open(hook.secret), timestamp, body),
            'kjflow-event-id': e.id,
            'kjflow-delivery-id': d.id,
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        });
        statusCode = res.status;
        await res.body?.cancel();
        if (res.status < 200 || res.status >= 300) error = `the receiver answered ${res.status}`;
      } catch (err) {
        error = String((err as Error).message ?? err);
      }
      await hooks.recordAttempt(d.id, { ok: error === null, statusCode, error, final: false });
      if (error) throw ApplicationFailure.retryable(error, 'webhook_delivery_failed');
    },

    async markWebhookDeliveryFailed({ deliveryId, error }) {
      await new WebhookRepository(ds).markFailed(deliveryId, error);
    },

    async saveNotificationTemplate(rec) {
      return ds.transaction(async (tx) => {
        const repo = new NotificationTemplateRepository(tx);
        const done = await repo.byId(rec.id);
        if (done) return { version: done.version };
        const version = await repo.nextVersion(rec.kind, rec.language);
        await appendWithChange(
          tx,
          {
            type: 'notification_template.saved',
            subjectType: 'notification_template',
            subjectId: `${rec.kind}:${rec.language}`,
            actorId: rec.actorId,
            payload: { id: rec.id, version, subject: rec.subject, body: rec.body },
            workflowId: rec.workflowId,
            step: `saved:${rec.id}`,
            occurredAt: new Date(rec.at),
          },
          () =>
            repo.insert({
              id: rec.id,
              kind: rec.kind,
              language: rec.language,
              version,
              subject: rec.subject,
              body: rec.body,
              createdBy: rec.actorId,
            }),
        );
        return { version };
      });
    },

    async markNotificationsRead(rec) {
      let marked = 0;
      await appendWithChange(
        ds,
        {
          type: 'notification.read',
          subjectType: 'user',
          subjectId: rec.userId,
          actorId: rec.userId,
          payload: { ids: rec.ids },
          workflowId: rec.workflowId,
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        async (tx) => {
          marked = await new NotificationRepository(tx).markRead(rec.userId, rec.ids, new Date(rec.at));
        },
      );
      return { marked };
    },

    async saveNotificationPreferences(rec) {
      await appendWithChange(
        ds,
        {
          type: 'notification_preferences.saved',
          subjectType: 'user',
          subjectId: rec.userId,
          actorId: rec.userId,
          payload: { language: rec.language, channels: rec.channels },
          workflowId: rec.workflowId,
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        (tx) => new NotificationPreferenceRepository(tx).save(rec.userId, rec.language, rec.channels),
      );
    },

    async recordWebhookCommand({ args, workflowId, step, at }) {
      const event = (type: string, subjectId: string, payload: Record<string, unknown>) => ({
        type,
        subjectType: 'webhook' as const,
        subjectId,
        actorId: args.actorId,
        payload,
        workflowId,
        step,
        occurredAt: new Date(at),
      });
      switch (args.command) {
        case 'register':
          // The secret arrives sealed by the API (SecretBox), is stored so, never in the audit trail.
          await appendWithChange(
            ds,
            event('webhook.registered', args.id, {
              url: args.url,
              eventTypes: args.eventTypes,
              description: args.description,
            }),
            (tx) =>
              new WebhookRepository(tx).insert({
                id: args.id,
                url: args.url,
                secret: args.secret,
                eventTypes: args.eventTypes,
                description: args.description,
                createdBy: args.actorId,
              }),
          );
          return;
        case 'change': {
          const { secret, ...shown } = args.patch;
          await appendWithChange(
            ds,
            event('webhook.changed', args.id, { ...shown, secretChanged: secret !== undefined }),
            (tx) => new WebhookRepository(tx).update(args.id, args.patch),
          );
          return;
        }
        case 'delete':
          await appendWithChange(ds, event('webhook.deleted', args.id, {}), (tx) =>
            new WebhookRepository(tx).update(args.id, { deleted: true, active: false }),
          );
          return;
        case 'replay': {
          const of = await new WebhookRepository(ds).delivery(args.deliveryId);
          if (!of) throw ApplicationFailure.nonRetryable(`no delivery ${args.deliveryId}`, 'not_found');
          await appendWithChange(
            ds,
            event('webhook.delivery_replayed', of.webhookId, {
              deliveryId: of.id,
              replayId: args.replayId,
              eventId: of.eventId,
            }),
            (tx) => new WebhookRepository(tx).insertReplay(args.replayId, of),
          );
          return;
        }
      }
    },
  };
}
