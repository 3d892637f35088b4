import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import type { ChannelChoice, Page, PageQuery, RecipientRef } from '@kjflow/domain';
import {
  NotificationEntity,
  NotificationPreferenceEntity,
  NotificationTemplateEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
} from '../entities/notification.entity';
import { atMillis, keysetPage } from '../pagination';

/** An event as a reader of the log sees it. */
export interface LoggedEvent {
  id: string;
  sequence: string;
  tx: string;
  type: string;
  subjectType: string;
  subjectId: string;
  actorId: string | null;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/**
 * The event log as its readers (the notification and webhook dispatchers) read it: in
 * (transaction id, sequence) order, only below the oldest transaction still running, so an event
 * that commits later can never land behind a reader's cursor. The cursor is kept per reader in
 * `event_consumers` and moved in the transaction that acts on the page.
 */
export class EventLogRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Inside a transaction: the reader's cursor, locked until the transaction ends (a second
   * attempt of the same page waits, then reads the moved cursor). A new reader starts at the
   * present: the events appended before it existed are not its to deliver.
   */
  async lockCursor(consumer: string): Promise<{ tx: string; sequence: string }> {
    // An advisory lock, not FOR UPDATE: the page must be read before this transaction takes an
    // id of its own, or its own id would hold back the horizon it reads below.
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`event-consumer:${consumer}`]);
    const rows: Array<{ cursor_tx: string; cursor_sequence: string }> = await this.db.query(
      `SELECT cursor_tx, cursor_sequence FROM event_consumers WHERE name = $1`,
      [consumer],
    );
    if (rows.length) return { tx: String(rows[0].cursor_tx), sequence: String(rows[0].cursor_sequence) };
    const start: Array<{ tx: string }> = await this.db.query(
      `SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1)::text AS tx`,
    );
    const cursor = { tx: start[0].tx, sequence: '9223372036854775807' };
    await this.db.query(
      `INSERT INTO event_consumers (name, cursor_tx, cursor_sequence) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
      [consumer, cursor.tx, cursor.sequence],
    );
    return cursor;
  }

  async moveCursor(consumer: string, to: { tx: string; sequence: string }): Promise<void> {
    await this.db.query(
      `UPDATE event_consumers SET cursor_tx = $2, cursor_sequence = $3, updated_at = now() WHERE name = $1`,
      [consumer, to.tx, to.sequence],
    );
  }

  /** Up to `limit` committed events after the cursor, oldest first. */
  async after(cursor: { tx: string; sequence: string }, limit: number): Promise<LoggedEvent[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT id, sequence, tx, type, subject_type, subject_id, actor_id, occurred_at, payload
         FROM domain_events
        WHERE (tx, sequence) > ($1::bigint, $2::bigint)
          AND tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
        ORDER BY tx, sequence
        LIMIT $3`,
      [cursor.tx, cursor.sequence, limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      sequence: String(r.sequence),
      tx: String(r.tx),
      type: r.type as string,
      subjectType: r.subject_type as string,
      subjectId: r.subject_id as string,
      actorId: (r.actor_id as string | null) ?? null,
      occurredAt: r.occurred_at as Date,
      payload: r.payload as Record<string, unknown>,
    }));
  }

  async byId(id: string): Promise<LoggedEvent | null> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT id, sequence, tx, type, subject_type, subject_id, actor_id, occurred_at, payload
         FROM domain_events WHERE id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id as string,
      sequence: String(r.sequence),
      tx: String(r.tx),
      type: r.type as string,
      subjectType: r.subject_type as string,
      subjectId: r.subject_id as string,
      actorId: (r.actor_id as string | null) ?? null,
      occurredAt: r.occurred_at as Date,
      payload: r.payload as Record<string, unknown>,
    };
  }
}

/** A resolved recipient: a user (in-app and e-mail) or an address alone (an objector). */
export interface Recipient {
  key: string;
  userId: string | null;
  email: string | null;
  language: string;
  name: string;
  /** Where this recipient acts, when it is their own (an expert's invitation). */
  link?: string;
  /** Their own deadline (an expert's answer by). */
  deadline?: Date | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Resolves the mapping's symbolic recipients to users and addresses. */
export class RecipientRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async resolve(ref: RecipientRef): Promise<Recipient[]> {
    const users = (sql: string, params: unknown[]) => this.usersWhere(sql, params);
    switch (ref.kind) {
      case 'user':
        return users('u.id = $1', [ref.userId]);
      case 'application_applicant':
        return users('u.id = (SELECT applicant_id FROM applications WHERE id = $1)', [ref.applicationId]);
      case 'application_institution':
        return this.institutionAdmins('SELECT institution_id FROM applications WHERE id = $1', [
          ref.applicationId,
        ]);
      case 'award_applicants':
        return users(
          `u.id IN (SELECT a.applicant_id FROM award_items i JOIN applications a ON a.id = i.application_id
                     WHERE i.award_id = $1)`,
          [ref.awardId],
        );
      case 'agreement_parties':
        return [
          ...(await users(
            'u.id = (SELECT a.applicant_id FROM agreements g JOIN applications a ON a.id = g.application_id WHERE g.id = $1)',
            [ref.agreementId],
          )),
          ...(await this.institutionAdmins(
            'SELECT a.institution_id FROM agreements g JOIN applications a ON a.id = g.application_id WHERE g.id = $1',
            [ref.agreementId],
          )),
        ];
      case 'project_pi':
        return users('u.id = (SELECT pi_id FROM projects WHERE id = $1)', [ref.projectId]);
      case 'project_institution':
        return this.institutionAdmins('SELECT institution_id FROM projects WHERE id = $1', [ref.projectId]);
      case 'role':
        return users('$1 = ANY(u.roles)', [ref.role]);
      case 'assignment_expert':
        return this.expertOf(ref.assignmentId);
      case 'round_invitees':
        return this.invitees(`SELECT id FROM review_assignments WHERE round_id = $1 AND replaces IS NULL`, [
          ref.roundId,
        ]);
      case 'replacement_expert':
        return this.invitees(`SELECT id FROM review_assignments WHERE replaces = $1`, [
          ref.replacedAssignmentId,
        ]);
      case 'objector':
        return this.objector(ref.objectionId);
    }
  }

  private async usersWhere(where: string, params: unknown[]): Promise<Recipient[]> {
    const rows: Array<{ id: string; email: string | null; language: string; display_name: string }> =
      await this.db.query(
        `SELECT u.id, coalesce(u.email, (SELECT e.email FROM experts e WHERE e.user_id = u.id LIMIT 1)) AS email,
                u.language, u.display_name
           FROM users u WHERE ${where}`,
        params,
      );
    return rows.map((r) => ({
      key: r.id,
      userId: r.id,
      email: r.email && EMAIL.test(r.email) ? r.email : null,
      language: r.language,
      name: r.display_name,
    }));
  }

  private institutionAdmins(institutionQuery: string, params: unknown[]): Promise<Recipient[]> {
    return this.usersWhere(
      `'institution_admin' = ANY(u.roles) AND u.institution_id = (${institutionQuery})`,
      params,
    );
  }

  /** The invited expert: their account if they have one, else the pool's e-mail address. */
  private async expertOf(assignmentId: string): Promise<Recipient[]> {
    const rows: Array<{ user_id: string | null; email: string | null; name: string }> = await this.db.query(
      `SELECT e.user_id, e.email, e.name FROM review_assignments a JOIN experts e ON e.id = a.expert_id
        WHERE a.id = $1`,
      [assignmentId],
    );
    const r = rows[0];
    if (!r) return [];
    if (r.user_id) return this.usersWhere('u.id = $1', [r.user_id]);
    if (!r.email || !EMAIL.test(r.email)) return [];
    return [{ key: `email:${r.email}`, userId: null, email: r.email, language: 'zh-CN', name: r.name }];
  }

  /**
   * The experts of these invitations, each once: with their invitation as the link (the list of
   * their reviews if they have several) and the earliest answer deadline.
   */
  private async invitees(assignmentQuery: string, params: unknown[]): Promise<Recipient[]> {
    const rows: Array<{
      ids: string[];
      respond_by: Date | null;
      user_id: string | null;
      email: string | null;
      name: string;
    }> = await this.db.query(
      `SELECT array_agg(a.id::text ORDER BY a.id) AS ids, min(a.respond_by) AS respond_by, e.user_id, e.email, e.name
           FROM review_assignments a JOIN experts e ON e.id = a.expert_id
          WHERE a.id IN (${assignmentQuery})
          GROUP BY e.id, e.user_id, e.email, e.name`,
      params,
    );
    const out: Recipient[] = [];
    for (const r of rows) {
      const own = {
        link: r.ids.length === 1 ? `/reviews/${r.ids[0]}` : '/reviews/mine',
        deadline: r.respond_by,
      };
      if (r.user_id)
        out.push(...(await this.usersWhere('u.id = $1', [r.user_id])).map((u) => ({ ...u, ...own })));
      else if (r.email && EMAIL.test(r.email))
        out.push({
          key: `email:${r.email}`,
          userId: null,
          email: r.email,
          language: 'zh-CN',
          name: r.name,
          ...own,
        });
    }
    return out;
  }

  /** An objector has no account: the e-mail address on the objection, if the contact is one. */
  private async objector(objectionId: string): Promise<Recipient[]> {
    const rows: Array<{ objector: { name?: string; contact?: string } }> = await this.db.query(
      `SELECT objector FROM objections WHERE id = $1`,
      [objectionId],
    );
    const contact = rows[0]?.objector?.contact?.trim();
    if (!contact || !EMAIL.test(contact)) return [];
    return [
      {
        key: `email:${contact}`,
        userId: null,
        email: contact,
        language: 'zh-CN',
        name: rows[0].objector.name ?? '',
      },
    ];
  }

  /** Deadlines an invitation's recipient acts by (answer or score), for the template. */
  async assignmentDeadline(assignmentId: string): Promise<Date | null> {
    const rows: Array<{ respond_by: Date | null; score_by: Date | null; status: string }> =
      await this.db.query(`SELECT respond_by, score_by, status FROM review_assignments WHERE id = $1`, [
        assignmentId,
      ]);
    const r = rows[0];
    if (!r) return null;
    return r.status === 'invited' ? r.respond_by : (r.score_by ?? r.respond_by);
  }

  async agreementDeadline(agreementId: string): Promise<Date | null> {
    const rows: Array<{ sign_by: Date | null }> = await this.db.query(
      `SELECT sign_by FROM agreements WHERE id = $1`,
      [agreementId],
    );
    return rows[0]?.sign_by ?? null;
  }
}

/** The notifications written by the dispatcher, read by their users. */
export class NotificationRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(NotificationEntity);
  }

  /** Once per (event, recipient, channel); answers the id of the row, new or already there. */
  async insertOnce(
    row: Omit<NotificationEntity, 'id' | 'createdAt' | 'attempts' | 'lastError' | 'sentAt' | 'readAt'>,
  ): Promise<string> {
    const inserted: Array<{ id: string }> = await this.db.query(
      `INSERT INTO notifications (id, event_id, event_type, kind, recipient, user_id, email, channel, language,
                                  subject, body, link, template_version, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (event_id, recipient, channel) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        row.eventId,
        row.eventType,
        row.kind,
        row.recipient,
        row.userId,
        row.email,
        row.channel,
        row.language,
        row.subject,
        row.body,
        row.link,
        row.templateVersion,
        row.status,
      ],
    );
    if (inserted.length) return inserted[0].id;
    const existing = await this.rows.findOneByOrFail({
      eventId: row.eventId,
      recipient: row.recipient,
      channel: row.channel,
    });
    return existing.id;
  }

  byId(id: string): Promise<NotificationEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** A user's in-app notifications, newest first. */
  inbox(userId: string, filter: { unread?: boolean }, page: PageQuery): Promise<Page<NotificationEntity>> {
    const q = this.rows
      .createQueryBuilder('n')
      .where('n.user_id = :userId', { userId })
      .andWhere(`n.channel = 'in_app'`);
    if (filter.unread) q.andWhere('n.read_at IS NULL');
    return keysetPage(
      q,
      {
        columns: [atMillis('n.created_at'), 'n.id'],
        direction: 'DESC',
        cursorOf: (n) => [n.createdAt.toISOString(), n.id],
      },
      page,
    );
  }

  async unreadCount(userId: string): Promise<number> {
    return this.rows.count({ where: { userId, channel: 'in_app', readAt: IsNull() } });
  }

  /** Marks read those of `ids` (or all) that are the user's and unread; answers how many. */
  async markRead(userId: string, ids: readonly string[] | 'all', at: Date): Promise<number> {
    const res = await this.rows.update(
      ids === 'all'
        ? { userId, channel: 'in_app', readAt: IsNull() }
        : { userId, channel: 'in_app', readAt: IsNull(), id: In([...ids]) },
      { readAt: at },
    );
    return res.affected ?? 0;
  }

  /** One delivery attempt's outcome. */
  async recordAttempt(id: string, outcome: { ok: boolean; error?: string; final?: boolean }): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET attempts = attempts + 1,
              status = CASE WHEN $2 THEN 'sent' WHEN $4 THEN 'failed' ELSE status END,
              sent_at = CASE WHEN $2 THEN now() ELSE sent_at END,
              last_error = $3
        WHERE id = $1`,
      [id, outcome.ok, outcome.error ?? null, outcome.final ?? false],
    );
  }
}

export class NotificationPreferenceRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async of(userId: string): Promise<Record<string, ChannelChoice>> {
    const rows = await this.db.getRepository(NotificationPreferenceEntity).findBy({ userId });
    return Object.fromEntries(rows.map((r) => [r.kind, { inApp: r.inApp, email: r.email }]));
  }

  /** Replaces the user's choices and language (inside the activity's transaction). */
  async save(userId: string, language: string, channels: Record<string, ChannelChoice>): Promise<void> {
    await this.db.query(`UPDATE users SET language = $2 WHERE id = $1`, [userId, language]);
    await this.db.getRepository(NotificationPreferenceEntity).delete({ userId });
    const rows = Object.entries(channels).map(([kind, c]) => ({
      userId,
      kind,
      inApp: c.inApp,
      email: c.email,
    }));
    if (rows.length) await this.db.getRepository(NotificationPreferenceEntity).insert(rows);
  }

  async language(userId: string): Promise<string> {
    const rows: Array<{ language: string }> = await this.db.query(
      `SELECT language FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0]?.language ?? 'zh-CN';
  }
}

export class NotificationTemplateRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(NotificationTemplateEntity);
  }

  /** The version in force of one kind in one language, or null (the built-in default applies). */
  current(kind: string, language: string): Promise<NotificationTemplateEntity | null> {
    return this.rows.findOne({ where: { kind, language }, order: { version: 'DESC' } });
  }

  byId(id: string): Promise<NotificationTemplateEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** Every version in force (the latest of each kind and language). */
  async allCurrent(): Promise<NotificationTemplateEntity[]> {
    return this.rows
      .createQueryBuilder('t')
      .distinctOn(['t.kind', 't.language'])
      .orderBy('t.kind')
      .addOrderBy('t.language')
      .addOrderBy('t.version', 'DESC')
      .getMany();
  }

  versions(kind: string, language: string): Promise<NotificationTemplateEntity[]> {
    return this.rows.find({ where: { kind, language }, order: { version: 'ASC' } });
  }

  /** Inside a transaction: the next version, holding the template's lock until it ends. */
  async nextVersion(kind: string, language: string): Promise<number> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `notification-template:${kind}:${language}`,
    ]);
    const rows: Array<{ v: number }> = await this.db.query(
      `SELECT coalesce(max(version), 0)::int AS v FROM notification_templates WHERE kind = $1 AND language = $2`,
      [kind, language],
    );
    return Number(rows[0].v) + 1;
  }

  async insert(row: Omit<NotificationTemplateEntity, 'createdAt'>): Promise<void> {
    await this.rows.insert(row);
  }

  /** The installed defaults as version 1 (the seed); a kind already versioned is left alone. */
  async seedDefault(row: {
    kind: string;
    language: string;
    subject: string;
    body: string;
  }): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO notification_templates (id, kind, language, version, subject, body)
       VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (kind, language, version) DO NOTHING RETURNING id`,
      [randomUUID(), row.kind, row.language, row.subject, row.body],
    );
    return rows.length > 0;
  }
}

export class WebhookRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get hooks() {
    return this.db.getRepository(WebhookEntity);
  }

  private get deliveries() {
    return this.db.getRepository(WebhookDeliveryEntity);
  }

  byId(id: string): Promise<WebhookEntity | null> {
    return this.hooks.findOneBy({ id, deleted: false });
  }

  list(page: PageQuery): Promise<Page<WebhookEntity>> {
    return keysetPage(
      this.hooks.createQueryBuilder('w').where('w.deleted = false'),
      {
        columns: [atMillis('w.created_at'), 'w.id'],
        direction: 'ASC',
        cursorOf: (w) => [w.createdAt.toISOString(), w.id],
      },
      page,
    );
  }

  active(): Promise<WebhookEntity[]> {
    return this.hooks.findBy({ active: true, deleted: false });
  }

  async insert(
    row: Pick<WebhookEntity, 'id' | 'url' | 'secret' | 'eventTypes' | 'description' | 'createdBy'>,
  ) {
    await this.hooks.insert(row);
  }

  async update(
    id: string,
    patch: Partial<
      Pick<WebhookEntity, 'url' | 'secret' | 'eventTypes' | 'description' | 'active' | 'deleted'>
    >,
  ) {
    await this.hooks.update({ id }, { ...patch, updatedAt: new Date() });
  }

  /** One delivery per webhook and event (a retried page finds it); answers its id. */
  async deliveryOnce(webhookId: string, eventId: string, eventType: string): Promise<string> {
    const rows: Array<{ id: string }> = await this.db.query(
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, status)
       VALUES ($1, $2, $3, $4, 'pending')
       ON CONFLICT (webhook_id, event_id) WHERE replay_of IS NULL DO NOTHING RETURNING id`,
      [randomUUID(), webhookId, eventId, eventType],
    );
    if (rows.length) return rows[0].id;
    const found = await this.deliveries.findOneByOrFail({ webhookId, eventId, replayOf: IsNull() });
    return found.id;
  }

  delivery(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.deliveries.findOneBy({ id });
  }

  async insertReplay(id: string, of: WebhookDeliveryEntity): Promise<void> {
    await this.deliveries.insert({
      id,
      webhookId: of.webhookId,
      eventId: of.eventId,
      eventType: of.eventType,
      replayOf: of.id,
      status: 'pending',
    });
  }

  deliveriesOf(webhookId: string, page: PageQuery): Promise<Page<WebhookDeliveryEntity>> {
    return keysetPage(
      this.deliveries.createQueryBuilder('d').where('d.webhook_id = :webhookId', { webhookId }),
      {
        columns: [atMillis('d.created_at'), 'd.id'],
        direction: 'ASC',
        cursorOf: (d) => [d.createdAt.toISOString(), d.id],
      },
      page,
    );
  }

  async recordAttempt(
    id: string,
    outcome: { ok: boolean; statusCode: number | null; error: string | null; final: boolean },
  ): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1,
              status = CASE WHEN $2 THEN 'delivered' WHEN $5 THEN 'failed' ELSE status END,
              delivered_at = CASE WHEN $2 THEN now() ELSE delivered_at END,
              last_status_code = $3, last_error = $4
        WHERE id = $1`,
      [id, outcome.ok, outcome.statusCode, outcome.error, outcome.final],
    );
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'failed', last_error = coalesce(last_error, $2)
        WHERE id = $1 AND status = 'pending'`,
      [id, error],
    );
  }
}
