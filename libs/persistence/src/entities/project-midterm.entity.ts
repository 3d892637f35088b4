import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A project's mid-term check (中期检查): where it stands; written by the project's workflow. */
@Entity({ name: 'project_midterms' })
export class ProjectMidtermEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('int')
  round!: number;

  @Column('text')
  phase!: string;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt!: Date;

  @Column('jsonb', { nullable: true })
  submission!: object | null;

  @Column('bigint', { name: 'spent_fen', nullable: true })
  spentFen!: string | null;

  @Column('uuid', { name: 'submitted_by', nullable: true })
  submittedBy!: string | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('text', { nullable: true })
  confirmation!: string | null;

  @Column('uuid', { name: 'confirmed_by', nullable: true })
  confirmedBy!: string | null;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  @Column('jsonb', { nullable: true })
  review!: object | null;

  @Column('uuid', { name: 'reviewed_by', nullable: true })
  reviewedBy!: string | null;

  @Column('timestamptz', { name: 'reviewed_at', nullable: true })
  reviewedAt!: Date | null;

  @Column('text', { nullable: true })
  decision!: string | null;

  @Column('text', { nullable: true })
  reasons!: string | null;

  @Column('text', { name: 'change_note', nullable: true })
  changeNote!: string | null;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz', { name: 'fix_by', nullable: true })
  fixBy!: Date | null;
}
