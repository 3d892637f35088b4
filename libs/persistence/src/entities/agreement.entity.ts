import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgreementStatus } from '@kjflow/domain';
import { fenTransformer } from './transformers';

/**
 * An agreement (任务书), made from a final award's item; the agreement's workflow
 * (`agreement-<id>`) writes it through AgreementRepository. Every version of the terms is kept
 * in agreement_versions.
 */
@Entity({ name: 'agreements' })
export class AgreementEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'award_id' })
  awardId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('uuid', { name: 'call_id' })
  callId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: fenTransformer })
  amountFen!: number;

  /** The current terms (the latest version's content). */
  @Column('jsonb')
  content!: Record<string, unknown>;

  @Column('text')
  status!: AgreementStatus;

  @Column('int')
  version!: number;

  @Column('timestamptz', { name: 'sign_by' })
  signBy!: Date;

  @Column('timestamptz', { name: 'signed_at', nullable: true })
  signedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
