import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CallStatus, DemandContent, DemandStatus, TopicContent } from '@kjflow/domain';

/** Read model of a demand collection campaign; its workflow (`demand-campaign-<id>`) owns the status. */
@Entity({ name: 'demand_campaigns' })
export class DemandCampaignEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  @Column('text')
  status!: CallStatus;

  @Column('timestamptz', { name: 'window_start' })
  windowStart!: Date;

  @Column('timestamptz', { name: 'window_end' })
  windowEnd!: Date;

  @Column('text', { name: 'key_fields', array: true })
  keyFields!: string[];

  @Column('text', { array: true })
  counties!: string[];

  @Column('text')
  instructions!: string;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Read model of a demand; its workflow (`demand-<id>`) owns the status. */
@Entity({ name: 'demands' })
export class DemandEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'campaign_id' })
  campaignId!: string;

  @Column('uuid', { name: 'submitter_id' })
  submitterId!: string;

  @Column('uuid', { name: 'institution_id', nullable: true })
  institutionId!: string | null;

  @Column('text')
  status!: DemandStatus;

  /** Copied out of `content` for search and similarity. */
  @Column('text')
  title!: string;

  @Column('text', { name: 'key_field' })
  keyField!: string;

  @Column('text', { nullable: true })
  county!: string | null;

  @Column('text')
  problem!: string;

  @Column('jsonb')
  content!: DemandContent;

  @Column('int')
  version!: number;

  @Column('uuid', { name: 'merged_into_id', nullable: true })
  mergedIntoId!: string | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A guide topic or a challenge (榜单 item), condensed from accepted demands. */
@Entity({ name: 'topics' })
export class TopicEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  kind!: 'topic' | 'challenge';

  @Column('text')
  title!: string;

  @Column('text', { name: 'key_field' })
  keyField!: string;

  @Column('jsonb')
  content!: TopicContent;

  @Column('uuid', { name: 'issuer_institution_id', nullable: true })
  issuerInstitutionId!: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
