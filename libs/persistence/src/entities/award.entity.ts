import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AwardStatus, CalendarBasis } from '@kjflow/domain';

/** One approval step of an award's chain, as the award's workflow recorded it. */
export interface AwardDecision {
  actorId: string;
  decision: string;
  comments?: string | null;
  at?: number;
}

/**
 * An award decision (立项决定) of a call: proposal, approval chain, public notice, finality. The
 * award's workflow (`award-<id>`) writes it through AwardRepository.
 */
@Entity({ name: 'awards' })
export class AwardEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'call_id' })
  callId!: string;

  @Column('uuid', { name: 'round_id', nullable: true })
  roundId!: string | null;

  @Column('text')
  status!: AwardStatus;

  /** The roles that approve, in order. */
  @Column('jsonb')
  chain!: string[];

  @Column('jsonb')
  decisions!: AwardDecision[];

  @Column('uuid', { name: 'proposed_by' })
  proposedBy!: string;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('timestamptz', { name: 'notice_start', nullable: true })
  noticeStart!: Date | null;

  @Column('timestamptz', { name: 'notice_end', nullable: true })
  noticeEnd!: Date | null;

  @Column('int', { name: 'notice_working_days' })
  noticeWorkingDays!: number;

  /** How often a changed outcome republished the notice (0: never). */
  @Column('int', { name: 'notice_revision' })
  noticeRevision!: number;

  @Column('timestamptz', { name: 'notice_republished_at', nullable: true })
  noticeRepublishedAt!: Date | null;

  /** The calendar the notice period was counted on. */
  @Column('jsonb', { name: 'notice_calendar', nullable: true })
  noticeCalendar!: CalendarBasis | null;

  @Column('boolean', { name: 'restart_notice' })
  restartNotice!: boolean;

  @Column('boolean', { name: 'with_notice' })
  withNotice!: boolean;

  @Column('timestamptz', { name: 'finalized_at', nullable: true })
  finalizedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
