import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RecusalKind, ReviewAssignmentStatus } from '@kjflow/domain';

/** One invitation of one expert to one application of a review round; its workflow owns the status. */
@Entity({ name: 'review_assignments' })
export class ReviewAssignmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'round_id' })
  roundId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('uuid', { name: 'expert_id' })
  expertId!: string;

  @Column('text')
  status!: ReviewAssignmentStatus;

  @Column('int')
  draw!: number;

  @Column('numeric')
  affinity!: string;

  @Column('uuid', { nullable: true })
  replaces!: string | null;

  /** The workflow that runs it and takes the expert's commands; null: its own (`review-invitation-<id>`). */
  @Column('text', { name: 'workflow_id', nullable: true })
  workflowId!: string | null;

  @Column('timestamptz', { name: 'respond_by' })
  respondBy!: Date;

  @Column('timestamptz', { name: 'score_by', nullable: true })
  scoreBy!: Date | null;

  @Column('timestamptz', { name: 'responded_at', nullable: true })
  respondedAt!: Date | null;

  @Column('timestamptz', { name: 'opened_at', nullable: true })
  openedAt!: Date | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  /** Recused: by the expert (`self`) or required by an officer (`required`); null otherwise. */
  @Column('text', { nullable: true })
  recusal!: RecusalKind | null;

  /** The user who required the recusal (`required`); null for the expert's own. */
  @Column('uuid', { name: 'recused_by', nullable: true })
  recusedBy!: string | null;

  @Column('jsonb', { nullable: true })
  sheet!: object | null;

  @Column('numeric', { name: 'weighted_score', nullable: true })
  weightedScore!: string | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  /** Shown to its expert from then on; null while its workflow has not started (see the migration). */
  @Column('timestamptz', { name: 'listed_at', nullable: true })
  listedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
