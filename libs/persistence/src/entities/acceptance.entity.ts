import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A project's acceptance (验收): one row, opened at the term's end and written by the project's workflow. */
@Entity({ name: 'project_acceptances' })
export class ProjectAcceptanceEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  phase!: string;

  @Column('int')
  round!: number;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt!: Date;

  @Column('timestamptz', { name: 'apply_by' })
  applyBy!: Date;

  @Column('timestamptz', { name: 'fails_at' })
  failsAt!: Date;

  @Column('jsonb', { nullable: true })
  dossier!: Record<string, unknown> | null;

  /** 任务完成率 0…1 (numeric reads as text). */
  @Column('numeric', { nullable: true })
  completion!: string | null;

  /** Integer fen (bigint reads as text). */
  @Column('bigint', { name: 'spent_fen', nullable: true })
  spentFen!: string | null;

  @Column('boolean')
  late!: boolean;

  @Column('uuid', { name: 'submitted_by', nullable: true })
  submittedBy!: string | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('text', { nullable: true })
  confirmation!: string | null;

  @Column('uuid', { name: 'confirmed_by', nullable: true })
  confirmedBy!: string | null;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  @Column('jsonb', { name: 'formal_check', nullable: true })
  formalCheck!: Record<string, unknown> | null;

  @Column('uuid', { name: 'checked_by', nullable: true })
  checkedBy!: string | null;

  @Column('timestamptz', { name: 'checked_at', nullable: true })
  checkedAt!: Date | null;

  @Column('jsonb', { nullable: true })
  review!: Record<string, unknown> | null;

  @Column('uuid', { name: 'reviewed_by', nullable: true })
  reviewedBy!: string | null;

  @Column('timestamptz', { name: 'reviewed_at', nullable: true })
  reviewedAt!: Date | null;

  @Column('timestamptz', { name: 'fix_by', nullable: true })
  fixBy!: Date | null;

  @Column('text', { nullable: true })
  verdict!: string | null;

  @Column('boolean')
  excellent!: boolean;

  @Column('text', { nullable: true })
  reasons!: string | null;

  /** A fail reached without a decision: 'overdue' or 'not_rectified'. */
  @Column('text', { nullable: true })
  automatic!: string | null;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz', { name: 'objections_until', nullable: true })
  objectionsUntil!: Date | null;

  /** Once final: paid, spent, the surplus and the recovery order. */
  @Column('jsonb', { nullable: true })
  settlement!: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'final_at', nullable: true })
  finalAt!: Date | null;
}

/** An objection (异议) to a published acceptance conclusion, named, with the officer's answer. */
@Entity({ name: 'acceptance_objections' })
export class AcceptanceObjectionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('int')
  round!: number;

  @Column('text')
  name!: string;

  @Column('text')
  reasons!: string;

  @Column('uuid', { name: 'filed_by' })
  filedBy!: string;

  @Column('timestamptz', { name: 'filed_at' })
  filedAt!: Date;

  @Column('text', { nullable: true })
  outcome!: string | null;

  @Column('text', { nullable: true })
  reply!: string | null;

  @Column('uuid', { name: 'answered_by', nullable: true })
  answeredBy!: string | null;

  @Column('timestamptz', { name: 'answered_at', nullable: true })
  answeredAt!: Date | null;
}
