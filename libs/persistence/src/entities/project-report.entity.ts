import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A scheduled progress report (进展报告) of a project, planned when the project starts. */
@Entity({ name: 'project_reports' })
export class ProjectReportEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId!: string;

  @PrimaryColumn('int')
  seq!: number;

  @Column('timestamptz', { name: 'due_at' })
  dueAt!: Date;

  @Column('text')
  status!: string;
}
