import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications and webhooks (issue 19 §1, §2), derived from the event log.
 *
 * `domain_events.tx` is the id of the transaction that appended the event. The dispatchers read
 * the log in (tx, sequence) order and only below the oldest transaction still running
 * (`pg_snapshot_xmin`): a bigserial is taken before commit, so a plain "sequence > cursor" read
 * would skip an event whose transaction commits after a later-numbered one.
 */
export class Notifications1765518000000 implements MigrationInterface {
  name = 'Notifications1765518000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE domain_events ADD COLUMN tx bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)`,
    );
    await q.query(`CREATE INDEX domain_events_tx_idx ON domain_events (tx, sequence)`);

    await q.query(`ALTER TABLE users ADD COLUMN email text`);
    await q.query(`ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'zh-CN'`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_language_check CHECK (language IN ('zh-CN', 'en'))`,
    );

    // Where each reader of the log has got to, written in the transaction that acts on a page.
    await q.query(`
      CREATE TABLE event_consumers (
        name text PRIMARY KEY,
        cursor_tx bigint NOT NULL,
        cursor_sequence bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE notification_templates (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        language text NOT NULL CHECK (language IN ('zh-CN', 'en')),
        version integer NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_templates_version_uq UNIQUE (kind, language, version)
      )`);

    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL,
        in_app boolean NOT NULL,
        email boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind)
      )`);

    // One row per event, recipient and channel: the unique key makes a dispatcher's retried page
    // write nothing twice, and an e-mail is sent at most once per recipient and event.
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES domain_events(id),
        event_type text NOT NULL,
        kind text NOT NULL,
        recipient text NOT NULL,
        user_id uuid REFERENCES users(id),
        email text,
        channel text NOT NULL CHECK (channel IN ('in_app', 'email')),
        language text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        link text NOT NULL,
        template_version integer NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'delivered')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        read_at timestamptz,
        CONSTRAINT notifications_once_uq UNIQUE (event_id, recipient, channel)
      )`);
    await q.query(
      `CREATE INDEX notifications_inbox_idx ON notifications (user_id, created_at DESC, id DESC) WHERE channel = 'in_app'`,
    );

    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        secret text NOT NULL,
        event_types text[] NOT NULL,
        description text,
        active boolean NOT NULL DEFAULT true,
        deleted boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES webhooks(id),
        event_id uuid NOT NULL REFERENCES domain_events(id),
        event_type text NOT NULL,
        replay_of uuid REFERENCES webhook_deliveries(id),
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz
      )`);
    // A dispatcher's retried page makes one delivery per webhook and event; replays are new rows.
    await q.query(
      `CREATE UNIQUE INDEX webhook_deliveries_once_uq ON webhook_deliveries (webhook_id, event_id) WHERE replay_of IS NULL`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (webhook_id, created_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'webhook_deliveries',
      'webhooks',
      'notifications',
      'notification_preferences',
      'notification_templates',
      'event_consumers',
    ])
      await q.query(`DROP TABLE ${t}`);
    await q.query(`ALTER TABLE users DROP COLUMN language`);
    await q.query(`ALTER TABLE users DROP COLUMN email`);
    await q.query(`ALTER TABLE domain_events DROP COLUMN tx`);
  }
}
