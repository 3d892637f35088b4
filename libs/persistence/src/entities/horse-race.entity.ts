import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 赛马: the teams of an award funded in parallel, with the mid-point competition date. */
@Entity({ name: 'horse_races' })
export class HorseRaceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'call_id' })
  callId!: string;

  @Column('uuid', { name: 'award_id' })
  awardId!: string;

  @Column('uuid', { name: 'round_id' })
  roundId!: string;

  @Column('jsonb', { name: 'application_ids' })
  applicationIds!: string[];

  /** YYYY-MM-DD (a date column reads as text). */
  @Column('date', { name: 'midpoint_date' })
  midpointDate!: string;

  /** The score gap between the teams, in percent (numeric, read as text). */
  @Column('numeric', { name: 'gap_percent', precision: 7, scale: 4 })
  gapPercent!: string;

  @Column('text', { name: 'routes_statement' })
  routesStatement!: string;

  @Column('uuid', { name: 'attested_by' })
  attestedBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  /** The mid-point comparison (issue 15 §5): waiting for the mid-point, comparing, decided. */
  @Column('text', { default: 'waiting' })
  phase!: 'waiting' | 'comparing' | 'decided';

  @Column('timestamptz', { name: 'opens_at', nullable: true })
  opensAt!: Date | null;

  @Column('timestamptz', { name: 'opened_at', nullable: true })
  openedAt!: Date | null;

  /** The teams' projects that take part (those whose agreement was signed). */
  @Column('jsonb', { name: 'team_project_ids', default: () => "'[]'" })
  teamProjectIds!: string[];

  /** Each team's result, keyed by its project id. */
  @Column('jsonb', { default: () => "'{}'" })
  results!: Record<string, HorseRaceResult>;

  @Column('jsonb', { nullable: true })
  continuing!: string[] | null;

  @Column('text', { name: 'decision_reasons', nullable: true })
  decisionReasons!: string | null;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;
}

export interface HorseRaceResult {
  score: number;
  opinion: string;
  issuerRepresentative: string | null;
  recordedBy: string;
  recordedAt: string;
}
