import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ApplicationContent, ApplicationStatus } from '@kjflow/domain';

/** Read model of an application; the application workflow (`application-<id>`) owns its status. */
@Entity({ name: 'applications' })
export class ApplicationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'call_id' })
  callId!: string;

  @Column('uuid', { name: 'applicant_id' })
  applicantId!: string;

  @Column('uuid', { name: 'institution_id', nullable: true })
  institutionId!: string | null;

  /** The guide topic or challenge applied to, when the call has them. */
  @Column('uuid', { name: 'topic_id', nullable: true })
  topicId!: string | null;

  @Column('text')
  status!: ApplicationStatus;

  @Column('jsonb')
  content!: ApplicationContent;

  /** Bumped on every change; the ETag for optimistic concurrency. */
  @Column('int')
  version!: number;

  @Column('timestamptz', { name: 'resubmit_until', nullable: true })
  resubmitUntil!: Date | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
