import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The institution's confirmation or the bureau's decision on a report version; append-only. */
@Entity({ name: 'project_report_reviews' })
export class ProjectReportReviewEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId!: string;

  @PrimaryColumn('int')
  seq!: number;

  @PrimaryColumn('int')
  version!: number;

  @PrimaryColumn('text')
  step!: 'confirmed' | 'accepted' | 'returned';

  @Column('uuid', { name: 'actor_id' })
  actorId!: string;

  @Column('text')
  comment!: string;

  @Column('timestamptz')
  at!: Date;
}
