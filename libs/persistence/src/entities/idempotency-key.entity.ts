import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first answer to a command sent with an Idempotency-Key, per caller. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  /** The caller's user id. */
  @PrimaryColumn('text')
  scope!: string;

  @PrimaryColumn('text')
  key!: string;

  /** sha256 of method, path and body: the same key with another request is refused. */
  @Column('text', { name: 'request_hash' })
  requestHash!: string;

  /** Null while the first request runs. */
  @Column('int', { nullable: true })
  status!: number | null;

  @Column('jsonb', { nullable: true })
  body!: unknown;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  /** When the attempt running now began (null on keys from before it was kept: created_at). */
  @Column('timestamptz', { name: 'attempted_at', nullable: true })
  attemptedAt!: Date | null;

  /** The updates an unanswered attempt sent (Temporal timed out): waiting for a retry to settle. */
  @Column('jsonb', { name: 'in_doubt', nullable: true })
  inDoubt!: SentUpdate[] | null;

  /** The same list while a retry runs. */
  @Column('jsonb', { nullable: true })
  doubted!: SentUpdate[] | null;
}

/** A Temporal update a command sent: whether it took effect can be asked of Temporal by these. */
export interface SentUpdate {
  workflowId: string;
  updateId: string;
}
