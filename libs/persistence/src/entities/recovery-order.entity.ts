import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A recovery order (追回单) of a terminated or revoked project; written by the project's workflow. */
@Entity({ name: 'recovery_orders' })
export class RecoveryOrderEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  /** Integer fen (bigint reads as text). */
  @Column('bigint', { name: 'amount_fen' })
  amountFen!: string;

  @Column('text')
  reason!: string;

  @Column('timestamptz', { name: 'due_at' })
  dueAt!: Date;

  @Column('text')
  status!: string;

  @Column('timestamptz', { name: 'paid_at', nullable: true })
  paidAt!: Date | null;

  @Column('uuid', { name: 'paid_by', nullable: true })
  paidBy!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
