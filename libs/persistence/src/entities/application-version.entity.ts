import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApplicationContent } from '@kjflow/domain';

/** An application's content as submitted, numbered by submission; never changed. */
@Entity({ name: 'application_versions' })
export class ApplicationVersionEntity {
  @PrimaryColumn('uuid', { name: 'application_id' })
  applicationId!: string;

  @PrimaryColumn('int')
  submission!: number;

  @Column('jsonb')
  content!: ApplicationContent;

  @Column('timestamptz', { name: 'submitted_at' })
  submittedAt!: Date;
}
