import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ChangeKind, ChangeStatus, ChangeStep } from '@kjflow/domain';

/** A change request (变更申请) of a project; the project's workflow writes it (ProjectChangeRepository). */
@Entity({ name: 'project_changes' })
export class ProjectChangeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  kind!: ChangeKind;

  @Column('text')
  status!: ChangeStatus;

  @Column('text')
  reason!: string;

  @Column('jsonb')
  detail!: Record<string, unknown>;

  @Column('jsonb')
  steps!: ChangeStep[];

  /** Each step's decision, in order. */
  @Column('jsonb')
  decisions!: Array<{
    step: ChangeStep;
    decision: 'approve' | 'reject';
    comment: string | null;
    decidedBy: string;
    decidedAt: string;
  }>;

  @Column('uuid', { name: 'requested_by' })
  requestedBy!: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('int', { name: 'agreement_version', nullable: true })
  agreementVersion!: number | null;

  @Column('jsonb')
  diff!: Array<{ path: string; before: unknown; after: unknown }>;

  /** What the approval moved (the activity's answer, the same on a retry). */
  @Column('jsonb', { nullable: true })
  effect!: Record<string, unknown> | null;
}
