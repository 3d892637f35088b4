import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import type { DomainEventInput } from '@kjflow/domain';
import { eventHash, GENESIS_HASH, streamOf } from './audit-chain';

/** NOTIFY channel of appended events (payload: the sequence); the API's event stream LISTENs on it. */
export const DOMAIN_EVENTS_CHANNEL = 'kj_domain_events';

/**
 * Appends one domain event and applies its read-model change in the same transaction.
 * (`workflow_id`, `step`) is unique, so an activity retried by Temporal finds its event already
 * written and skips the change: at-least-once execution, exactly-once effect.
 *
 * The event is chained to its stream (audit-chain.ts): the stream's head row is locked (upsert,
 * held to commit) so appends to one subject line up, while other subjects' appends run beside
 * them; the hash covers the sequence, taken under that lock, so chain order is sequence order.
 * Once the transaction commits, DomainEventNotifier sends a NOTIFY for the event stream.
 */
export async function appendWithChange(
  db: DataSource | EntityManager,
  event: DomainEventInput & { occurredAt: Date },
  change: (tx: EntityManager) => Promise<unknown>,
): Promise<{ applied: boolean }> {
  // Given a transaction's EntityManager, join it; given the DataSource, open one.
  const inTransaction = <T>(fn: (tx: EntityManager) => Promise<T>) =>
    db instanceof DataSource ? db.transaction(fn) : fn(db);
  return inTransaction(async (tx) => {
    const stream = streamOf(event.subjectType, event.subjectId);
    const [head]: Array<{ position: string; hash: string; sequence: string }> = await tx.query(
      `INSERT INTO audit_stream_heads (stream, position, hash) VALUES ($1, 0, $2)
       ON CONFLICT (stream) DO UPDATE SET position = audit_stream_heads.position
       RETURNING position, hash, nextval('domain_events_sequence_seq')::text AS sequence`,
      [stream, GENESIS_HASH],
    );
    const streamPosition = String(Number(head.position) + 1);
    // Hashed as stored: jsonb keeps what JSON keeps (no undefined, dates as strings).
    const payload = JSON.stringify(event.payload);
    const hash = eventHash(
      { ...event, sequence: head.sequence, payload: JSON.parse(payload), streamPosition },
      head.hash,
    );
    const rows: unknown[] = await tx.query(
      `WITH e AS (
         INSERT INTO domain_events (id, sequence, type, subject_type, subject_id, actor_id, occurred_at, payload,
                                    workflow_id, step, stream_position, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (workflow_id, step) DO NOTHING
         RETURNING sequence
       ), h AS (
         UPDATE audit_stream_heads SET position = $11, hash = $13
          WHERE stream = $14 AND EXISTS (SELECT 1 FROM e)
       )
       SELECT sequence FROM e`,
      [
        randomUUID(),
        head.sequence,
        event.type,
        event.subjectType,
        event.subjectId,
        event.actorId,
        event.occurredAt,
        payload,
        event.workflowId,
        event.step,
        streamPosition,
        head.hash,
        hash,
        stream,
      ],
    );
    if (rows.length === 0) return { applied: false };
    if (tx.queryRunner) (tx.queryRunner.data as { kjEventAppended?: boolean }).kjEventAppended = true;
    await change(tx);
    return { applied: true };
  });
}

/** Commits within this many ms of one another share one NOTIFY (see DomainEventNotifier). */
export const NOTIFY_COALESCE_MS = 10;

/**
 * NOTIFY after the commit of a transaction that appended events, outside it, and one for all the
 * commits of the next few milliseconds. Not inside: a notifying transaction holds PostgreSQL's
 * notify-queue lock through its commit's WAL flush, which lined up all appends' commits behind
 * one another (throughput fell from 598 to 234 appends/s on 8 clients in
 * bench/event-append.bench.ts). Not one per commit: the NOTIFY carries nothing (listeners read
 * what is new), and on this machine each query's round trip is dear (bench/README, "A whole
 * round": a tenth of the worker's writes in a review were NOTIFYs). A lost NOTIFY costs only
 * latency: the stream polls as well.
 */
export class DomainEventNotifier implements EntitySubscriberInterface {
  private due = false;

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const qr = event.queryRunner;
    const data = qr.data as { kjEventAppended?: boolean };
    if (!data.kjEventAppended || qr.isTransactionActive) return; // a savepoint released: not yet
    data.kjEventAppended = false;
    if (this.due) return; // the one already set covers this commit too
    this.due = true;
    const ds = event.connection;
    setTimeout(() => {
      this.due = false;
      if (ds.isInitialized)
        void ds.query(`SELECT pg_notify('${DOMAIN_EVENTS_CHANNEL}', '')`).catch(() => undefined);
    }, NOTIFY_COALESCE_MS).unref();
  }
}
