import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 成果: an outcome of a project; its workflow (`outcome-<id>`) writes it through OutcomeRepository. */
@Entity({ name: 'outcomes' })
export class OutcomeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  type!: string;

  @Column('text')
  status!: string;

  @Column('text')
  title!: string;

  /** YYYY-MM-DD (a date column reads as text). */
  @Column('date', { name: 'occurred_on' })
  occurredOn!: string;

  @Column('jsonb')
  evidence!: { reference: string | null; attachmentIds: string[] };

  @Column('jsonb')
  details!: Record<string, unknown>;

  @Column('text', { name: 'key_field', nullable: true })
  keyField!: string | null;

  @Column('text', { nullable: true })
  county!: string | null;

  @Column('text', { name: 'placement_note', nullable: true })
  placementNote!: string | null;

  @Column('int')
  version!: number;

  @Column('uuid', { name: 'registered_by' })
  registeredBy!: string;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt!: Date;

  @Column('timestamptz', { name: 'submitted_at' })
  submittedAt!: Date;

  @Column('text', { nullable: true })
  decision!: string | null;

  @Column('text', { name: 'decision_comment', nullable: true })
  decisionComment!: string | null;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;
}

/** What an outcome adds to a plan indicator (a count, or fen). */
@Entity({ name: 'outcome_contributions' })
export class OutcomeContributionEntity {
  @PrimaryColumn('uuid', { name: 'outcome_id' })
  outcomeId!: string;

  @PrimaryColumn('text', { name: 'indicator_code' })
  indicatorCode!: string;

  @Column('bigint')
  value!: string;
}

/** A plan indicator (seed 004 表2, seed 002's 2022 targets), loaded by the seed step. */
@Entity({ name: 'plan_indicators' })
export class PlanIndicatorEntity {
  @PrimaryColumn('text')
  code!: string;

  @Column('text')
  plan!: string;

  @Column('text', { name: 'group_name' })
  groupName!: string;

  @Column('text')
  zh!: string;

  @Column('text')
  unit!: string;

  @Column('numeric', { nullable: true })
  baseline!: string | null;

  @Column('int', { name: 'baseline_year', nullable: true })
  baselineYear!: number | null;

  @Column('numeric')
  target!: string;

  @Column('int', { name: 'period_from' })
  periodFrom!: number;

  @Column('int', { name: 'period_to' })
  periodTo!: number;

  @Column('text', { nullable: true })
  kind!: string | null;

  @Column('text', { nullable: true })
  attribute!: string | null;

  @Column('text')
  source!: string;

  @Column('int')
  sort!: number;
}
