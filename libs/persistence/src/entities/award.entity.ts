import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AwardStatus } from '@kjflow/domain';

/**
 * Read model of an award (立项决定), for paging; the award's workflow (`award-<id>`) writes it
 * through AwardRepository. The full row, with its decisions and notice, is AwardRow.
 */
@Entity({ name: 'awards' })
export class AwardEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'call_id' })
  callId!: string;

  @Column('text')
  status!: AwardStatus;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
