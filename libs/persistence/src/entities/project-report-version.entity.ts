import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One submitted version of a progress report (进展报告), as it was sent; append-only. */
@Entity({ name: 'project_report_versions' })
export class ProjectReportVersionEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId!: string;

  @PrimaryColumn('int')
  seq!: number;

  @PrimaryColumn('int')
  version!: number;

  @Column('jsonb')
  content!: Record<string, unknown>;

  @Column('uuid', { name: 'submitted_by' })
  submittedBy!: string;

  @Column('timestamptz', { name: 'submitted_at' })
  submittedAt!: Date;
}
