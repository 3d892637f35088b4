import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MilestoneOutcome } from '@kjflow/domain';

/** 里程碑考核: each milestone of an agreement checked once, in order; append-only (trigger). */
@Entity({ name: 'milestone_checks' })
export class MilestoneCheckEntity {
  @PrimaryColumn('uuid', { name: 'agreement_id' })
  agreementId!: string;

  @PrimaryColumn('int')
  milestone!: number;

  @Column('text')
  outcome!: MilestoneOutcome;

  @Column('text')
  opinion!: string;

  @Column('uuid', { name: 'checked_by' })
  checkedBy!: string;

  @Column('timestamptz', { name: 'checked_at' })
  checkedAt!: Date;
}
