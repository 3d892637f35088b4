import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CallStatus, Mode } from '@kjflow/domain';
import { fenTransformer } from './transformers';

/** Read model of a call; the call workflow (`call-<id>`) owns its status. */
@Entity({ name: 'calls' })
export class CallEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  @Column('text')
  mode!: Mode;

  @Column('text')
  status!: CallStatus;

  @Column('timestamptz', { name: 'window_start' })
  windowStart!: Date;

  @Column('timestamptz', { name: 'window_end' })
  windowEnd!: Date;

  @Column('bigint', { name: 'budget_cap_fen', transformer: fenTransformer })
  budgetCapFen!: number;

  @Column('bigint', { name: 'total_budget_fen', transformer: fenTransformer, nullable: true })
  totalBudgetFen!: number | null;

  /** The template version the call follows (null for calls made without a guide). */
  @Column('uuid', { name: 'template_id', nullable: true })
  templateId!: string | null;

  @Column('uuid', { name: 'guide_id', nullable: true })
  guideId!: string | null;

  /** Directed calls: the only institutions that may apply. */
  @Column('uuid', { name: 'invited_institution_ids', array: true, nullable: true })
  invitedInstitutionIds!: string[] | null;

  /** Directed calls: the topic commissioned. */
  @Column('uuid', { name: 'topic_id', nullable: true })
  topicId!: string | null;

  @Column('timestamptz', { name: 'passed_list_published_at', nullable: true })
  passedListPublishedAt!: Date | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
