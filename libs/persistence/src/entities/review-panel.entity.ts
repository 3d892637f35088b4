import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PanelOutcome } from '@kjflow/domain';

/** 会评 / 答辩: a panel's outcome for an application the experts disagreed on, one per round. */
@Entity({ name: 'review_panels' })
export class ReviewPanelEntity {
  @PrimaryColumn('uuid', { name: 'round_id' })
  roundId!: string;

  @PrimaryColumn('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text')
  mode!: 'consensus' | 'vote';

  /** Who sat on the panel (names as the minutes record them). */
  @Column('jsonb')
  members!: Array<{ name: string; role: string }>;

  @Column('timestamptz', { name: 'held_at' })
  heldAt!: Date;

  @Column('jsonb')
  outcome!: PanelOutcome;

  @Column('text')
  minutes!: string;

  @Column('uuid', { name: 'decided_by' })
  decidedBy!: string;

  @Column('timestamptz', { name: 'decided_at' })
  decidedAt!: Date;
}
