import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarEntryStatus, HolidayYear } from '@kjflow/domain';

/** One entered version of a year's holiday calendar; its year's workflow owns the status. */
@Entity({ name: 'calendar_years' })
export class CalendarYearEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('int')
  year!: number;

  @Column('int')
  version!: number;

  @Column('text')
  status!: CalendarEntryStatus;

  @Column('jsonb')
  holidays!: HolidayYear['holidays'];

  @Column('jsonb', { name: 'makeup_workdays' })
  makeupWorkdays!: HolidayYear['makeupWorkdays'];

  @Column('text', { name: 'source_title' })
  sourceTitle!: string;

  @Column('text', { name: 'source_number', nullable: true })
  sourceNumber!: string | null;

  @Column('date', { name: 'source_published_on', nullable: true })
  sourcePublishedOn!: string | null;

  @Column('text', { name: 'source_url', nullable: true })
  sourceUrl!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('uuid', { name: 'entered_by', nullable: true })
  enteredBy!: string | null;

  @Column('timestamptz', { name: 'entered_at' })
  enteredAt!: Date;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { name: 'decision_comment', nullable: true })
  decisionComment!: string | null;
}
