import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RecusalKind } from '@kjflow/domain';

/** A mid-term check's expert panel (中期检查专家组): drawn, then closed by the project's workflow. */
@Entity({ name: 'midterm_panels' })
export class MidtermPanelEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  /** The stage the panel sits for: 'midterm' or 'acceptance'. */
  @Column('text')
  stage!: 'midterm' | 'acceptance';

  @Column('int')
  round!: number;

  /** The draw's uint32 seed (bigint reads as text). */
  @Column('bigint')
  seed!: string;

  @Column('timestamptz')
  deadline!: Date;

  @Column('text')
  status!: 'sitting' | 'closed' | 'lapsed';

  @Column('uuid', { name: 'convened_by' })
  convenedBy!: string;

  @Column('timestamptz', { name: 'convened_at' })
  convenedAt!: Date;

  @Column('text', { name: 'input_hash' })
  inputHash!: string;

  @Column('text', { name: 'solver_version' })
  solverVersion!: string;

  /** The engine's input and result, kept so the draw can be replayed and audited. */
  @Column('jsonb')
  draw!: object;

  @Column('jsonb')
  conflicts!: object[];

  @Column('text', { nullable: true })
  recommendation!: string | null;

  /** Acceptance: the panel's findings (a strict majority of the opinions). */
  @Column('jsonb', { nullable: true })
  findings!: { falseMaterial: boolean; spendingIssues: boolean } | null;

  @Column('jsonb', { nullable: true })
  consolidation!: {
    counts: Record<string, number>;
    tie: boolean;
    explanation: { zh: string; en: string };
  } | null;

  @Column('numeric', { name: 'mean_score', nullable: true })
  meanScore!: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}

/** One seat of a mid-term panel: the drawn expert's answers and opinion. */
@Entity({ name: 'midterm_panel_members' })
export class MidtermPanelMemberEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'panel_id' })
  panelId!: string;

  @Column('int')
  seat!: number;

  @Column('uuid', { name: 'expert_id' })
  expertId!: string;

  @Column('uuid', { nullable: true })
  replaces!: string | null;

  @Column('numeric')
  affinity!: string;

  @Column('text')
  status!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  /** Recused: by the member (`self`) or required by an officer (`required`); null otherwise. */
  @Column('text', { nullable: true })
  recusal!: RecusalKind | null;

  /** The user who required the recusal (`required`); null for the member's own. */
  @Column('uuid', { name: 'recused_by', nullable: true })
  recusedBy!: string | null;

  @Column('text', { nullable: true })
  recommendation!: string | null;

  /** Acceptance: the member finds the material not genuine, or the spending not compliant. */
  @Column('boolean', { name: 'false_material', default: false })
  falseMaterial!: boolean;

  @Column('boolean', { name: 'spending_issues', default: false })
  spendingIssues!: boolean;

  @Column('int', { nullable: true })
  score!: number | null;

  @Column('text', { nullable: true })
  opinion!: string | null;

  @Column('timestamptz', { name: 'invited_at' })
  invitedAt!: Date;

  @Column('timestamptz', { name: 'responded_at', nullable: true })
  respondedAt!: Date | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;
}
