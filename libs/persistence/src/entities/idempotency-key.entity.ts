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
}
