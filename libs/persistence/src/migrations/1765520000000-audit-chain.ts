import { MigrationInterface, QueryRunner } from 'typeorm';
import { eventHash, GENESIS_HASH, streamOf } from '../audit-chain';

/**
 * The tamper-evident audit trail (issue 19 §3): each event's hash chains to the previous event of
 * its subject's stream; the heads table serialises a stream's appends (its row lock) and tells the
 * anchors which streams moved; the anchors are signed and append-only. Existing events are chained
 * here in their order, before any new event is appended.
 */
export class AuditChain1765520000000 implements MigrationInterface {
  name = 'AuditChain1765520000000';

  async up(q: QueryRunner): Promise<void> {
    // Nullable: a row inserted by hand carries none, and the verifier names it for that.
    await q.query(`ALTER TABLE domain_events ADD COLUMN stream_position bigint, ADD COLUMN prev_hash text,
      ADD COLUMN hash text`);
    await q.query(`
      CREATE TABLE audit_stream_heads (
        stream text PRIMARY KEY,
        position bigint NOT NULL,
        hash text NOT NULL,
        anchored_position bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE audit_anchors (
        id bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL,
        heads jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE,
        signature text NOT NULL,
        key_id text NOT NULL
      )`);
    await q.query(`
      CREATE TRIGGER audit_anchors_append_only BEFORE UPDATE OR DELETE ON audit_anchors
      FOR EACH ROW EXECUTE FUNCTION kj_forbid_change()`);
    await q.query(`
      CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors
      FOR EACH STATEMENT EXECUTE FUNCTION kj_forbid_change()`);

    // Backfill in sequence order, a batch at a time; the append-only trigger is lifted for it only.
    await q.query(`ALTER TABLE domain_events DISABLE TRIGGER domain_events_append_only`);
    const heads = new Map<string, { position: number; hash: string }>();
    let after = '0';
    for (;;) {
      const rows: Array<{
        id: string;
        sequence: string;
        type: string;
        subject_type: string;
        subject_id: string;
        actor_id: string | null;
        occurred_at: Date;
        payload: unknown;
      }> = await q.query(
        `SELECT id, sequence, type, subject_type, subject_id, actor_id, occurred_at, payload
           FROM domain_events WHERE sequence > $1 ORDER BY sequence LIMIT 2000`,
        [after],
      );
      if (rows.length === 0) break;
      const update = {
        ids: [] as string[],
        positions: [] as number[],
        prev: [] as string[],
        hashes: [] as string[],
      };
      for (const r of rows) {
        const stream = streamOf(r.subject_type, r.subject_id);
        const head = heads.get(stream) ?? { position: 0, hash: GENESIS_HASH };
        const position = head.position + 1;
        const hash = eventHash(
          {
            sequence: r.sequence,
            type: r.type,
            subjectType: r.subject_type,
            subjectId: r.subject_id,
            actorId: r.actor_id,
            occurredAt: r.occurred_at,
            payload: r.payload,
            streamPosition: String(position),
          },
          head.hash,
        );
        update.ids.push(r.id);
        update.positions.push(position);
        update.prev.push(head.hash);
        update.hashes.push(hash);
        heads.set(stream, { position, hash });
      }
      await q.query(
        `UPDATE domain_events d SET stream_position = v.position, prev_hash = v.prev, hash = v.hash
           FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) AS v(id, position, prev, hash)
          WHERE d.id = v.id`,
        [update.ids, update.positions, update.prev, update.hashes],
      );
      after = rows[rows.length - 1].sequence;
    }
    await q.query(`ALTER TABLE domain_events ENABLE TRIGGER domain_events_append_only`);
    const streams = [...heads];
    for (let i = 0; i < streams.length; i += 2000) {
      const batch = streams.slice(i, i + 2000);
      await q.query(
        `INSERT INTO audit_stream_heads (stream, position, hash)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])`,
        [batch.map(([s]) => s), batch.map(([, h]) => h.position), batch.map(([, h]) => h.hash)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_anchors`);
    await q.query(`DROP TABLE audit_stream_heads`);
    await q.query(`ALTER TABLE domain_events DISABLE TRIGGER domain_events_append_only`);
    await q.query(
      `ALTER TABLE domain_events DROP COLUMN stream_position, DROP COLUMN prev_hash, DROP COLUMN hash`,
    );
    await q.query(`ALTER TABLE domain_events ENABLE TRIGGER domain_events_append_only`);
  }
}
