import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgreementStatus } from '@kjflow/domain';

/**
 * Read model of an agreement (任务书), for paging; the agreement's workflow (`agreement-<id>`)
 * writes it through AgreementRepository. The full row is AgreementRow.
 */
@Entity({ name: 'agreements' })
export class AgreementEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'award_id' })
  awardId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text')
  status!: AgreementStatus;
}
