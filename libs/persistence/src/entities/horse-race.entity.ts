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
}
