import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AssignmentStrategy } from '@kjflow/domain';

/** The timings, pool filter and load cap a round was opened with (ISO 8601 durations). */
export interface ReviewRoundPolicy {
  responseWindow: string;
  scoringWindow: string;
  reminderBefore: string;
  disagreementThreshold: number;
  pool: { keyFields?: string[]; keywords?: string[] } | null;
  /** The round's cap on any expert's load (each: the lesser of it and their profile's); absent: none. */
  maxPerExpert?: number;
}

/**
 * A review round (评审轮次) of a call: the draw's parameters and its audit record (seed, input
 * hash, solver), so a draw can be replayed. Its workflow (`review-round-<id>`) writes it.
 */
@Entity({ name: 'review_rounds' })
export class ReviewRoundEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'call_id' })
  callId!: string;

  @Column('text')
  strategy!: AssignmentStrategy;

  @Column('int', { name: 'experts_per_application' })
  expertsPerApplication!: number;

  /** numeric, read as text (exact); null unless the strategy is randomized. */
  @Column('numeric', { name: 'probability_cap', nullable: true })
  probabilityCap!: string | null;

  /** bigint, read as text: a seed may exceed 2^53. */
  @Column('bigint')
  seed!: string;

  @Column('text', { name: 'input_hash', nullable: true })
  inputHash!: string | null;

  @Column('text', { name: 'solver_version', nullable: true })
  solverVersion!: string | null;

  @Column('jsonb')
  policy!: ReviewRoundPolicy;

  @Column('text')
  status!: string;

  /**
   * The draw (pairs and the input it was made from) and the conflicts it excluded. Not read with
   * the row: for a round of 10,000 applications it is tens of MB (every listed affinity and
   * forbidden pair), and a score or an opened review reads the row (issue 17); read it with
   * ReviewRoundRepository.conflicts or .drawRecord.
   */
  @Column('jsonb', { nullable: true, select: false })
  result?: { draw?: { pairs: unknown[]; input?: unknown }; conflicts?: unknown[] } | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
