import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';
import type { SubjectType } from '@kjflow/domain';

/**
 * The audit trail: append-only (a trigger refuses UPDATE and DELETE). `sequence` orders events
 * across the whole system; (`workflow_id`, `step`) makes each activity's write idempotent;
 * `hash` chains each event to the previous one of its subject (audit-chain.ts).
 */
@Entity({ name: 'domain_events' })
export class DomainEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('bigint')
  @Generated('increment')
  sequence!: string;

  /**
   * The appending transaction's id (set by the database): readers of the log (the notification
   * and webhook dispatchers) page in (tx, sequence) order below the oldest running transaction.
   */
  @Column({ type: 'bigint', insert: false, update: false })
  tx!: string;

  @Column('text')
  type!: string;

  @Column('text', { name: 'subject_type' })
  subjectType!: SubjectType;

  @Column('text', { name: 'subject_id' })
  subjectId!: string;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column('text', { name: 'workflow_id' })
  workflowId!: string;

  @Column('text')
  step!: string;

  /** Position in its subject's hash chain (audit-chain.ts); null only on a row written by hand. */
  @Column('bigint', { name: 'stream_position', nullable: true })
  streamPosition!: string | null;

  @Column('text', { name: 'prev_hash', nullable: true })
  prevHash!: string | null;

  @Column('text', { nullable: true })
  hash!: string | null;
}
