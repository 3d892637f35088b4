import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A project's honest-failure request (容错申请), one row per round; written by the project's workflow. */
@Entity({ name: 'project_honest_failures' })
export class ProjectHonestFailureEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId!: string;

  @PrimaryColumn('int')
  round!: number;

  @Column('text')
  phase!: string;

  @Column('jsonb', { name: 'original_record_ids' })
  originalRecordIds!: string[];

  @Column('text', { name: 'diligence_statement' })
  diligenceStatement!: string;

  @Column('uuid', { name: 'requested_by' })
  requestedBy!: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  @Column('text', { name: 'institution_opinion', nullable: true })
  institutionOpinion!: string | null;

  @Column('boolean', { name: 'institution_confirmed', nullable: true })
  institutionConfirmed!: boolean | null;

  @Column('uuid', { name: 'confirmed_by', nullable: true })
  confirmedBy!: string | null;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  @Column('jsonb', { nullable: true })
  experts!: Array<{ id: string; name: string }> | null;

  @Column('text', { name: 'expert_opinion', nullable: true })
  expertOpinion!: string | null;

  @Column('boolean', { name: 'diligence_confirmed', nullable: true })
  diligenceConfirmed!: boolean | null;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;
}
