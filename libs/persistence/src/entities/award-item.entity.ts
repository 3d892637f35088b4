import { Column, Entity, PrimaryColumn } from 'typeorm';
import { fenTransformer } from './transformers';

/** One application of an award with its amount; cancelled or adjusted by an objection's answer. */
@Entity({ name: 'award_items' })
export class AwardItemEntity {
  @PrimaryColumn('uuid', { name: 'award_id' })
  awardId!: string;

  @PrimaryColumn('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: fenTransformer })
  amountFen!: number;

  @Column('text')
  status!: 'proposed' | 'cancelled' | 'final' | 'forfeited';

  @Column('text', { nullable: true })
  reason!: string | null;
}
