import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { DomainEventInput } from '@kjflow/domain';

/**
 * Appends one domain event and applies its read-model change in the same transaction.
 * (`workflow_id`, `step`) is unique, so an activity retried by Temporal finds its event already
 * written and skips the change: at-least-once execution, exactly-once effect.
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
    const rows: unknown[] = await tx.query(
      `INSERT INTO domain_events (id, type, subject_type, subject_id, actor_id, occurred_at, payload, workflow_id, step)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (workflow_id, step) DO NOTHING
       RETURNING id`,
      [
        randomUUID(),
        event.type,
        event.subjectType,
        event.subjectId,
        event.actorId,
        event.occurredAt,
        JSON.stringify(event.payload),
        event.workflowId,
        event.step,
      ],
    );
    if (rows.length === 0) return { applied: false };
    await change(tx);
    return { applied: true };
  });
}
