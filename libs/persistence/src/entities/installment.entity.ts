import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InstallmentStatus, ReleaseEvent } from '@kjflow/domain';
import { fenTransformer } from './transformers';

/** 经费拨付: one tranche of an agreement's plan, approved and paid by two different people. */
@Entity({ name: 'installments' })
export class InstallmentEntity {
  @PrimaryColumn('uuid', { name: 'agreement_id' })
  agreementId!: string;

  @PrimaryColumn('int')
  seq!: number;

  @Column('int', { name: 'share_percent' })
  sharePercent!: number;

  @Column('bigint', { name: 'amount_fen', transformer: fenTransformer })
  amountFen!: number;

  @Column('text', { name: 'released_by' })
  releasedBy!: ReleaseEvent;

  @Column('text')
  status!: InstallmentStatus;

  @Column('uuid', { name: 'approved_by', nullable: true })
  approvedBy!: string | null;

  @Column('timestamptz', { name: 'approved_at', nullable: true })
  approvedAt!: Date | null;

  @Column('uuid', { name: 'paid_by', nullable: true })
  paidBy!: string | null;

  @Column('timestamptz', { name: 'paid_at', nullable: true })
  paidAt!: Date | null;

  /** RULES §7: the first installment reaches the unit within 30 days of signing. */
  @Column('timestamptz', { name: 'due_by', nullable: true })
  dueBy!: Date | null;
}
