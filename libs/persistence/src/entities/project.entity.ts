import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProjectView } from '@kjflow/domain';

/** A project (项目); its workflow (`project-<id>`) writes it through ProjectRepository. */
@Entity({ name: 'projects' })
export class ProjectEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'program_code' })
  programCode!: string;

  @Column('text')
  title!: string;

  @Column('text')
  summary!: string;

  @Column('uuid', { name: 'pi_id' })
  piId!: string;

  @Column('uuid', { name: 'institution_id' })
  institutionId!: string;

  @Column('text')
  status!: ProjectView['status'];

  /** YYYY-MM-DD (a date column reads as text). */
  @Column('date', { name: 'starts_on' })
  startsOn!: string;

  @Column('date', { name: 'ends_on' })
  endsOn!: string;

  @Column('date', { name: 'accepted_on', nullable: true })
  acceptedOn!: string | null;

  /** The application the project came from; null for projects registered from earlier records. */
  @Column('uuid', { name: 'application_id', nullable: true })
  applicationId!: string | null;

  @Column('text')
  source!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  /** The signed agreement that started it; null for a project registered from earlier records. */
  @Column('uuid', { name: 'agreement_id', nullable: true, unique: true })
  agreementId!: string | null;

  @Column('uuid', { name: 'call_id', nullable: true })
  callId!: string | null;

  @Column('text', { nullable: true })
  mode!: string | null;

  @Column('text', { nullable: true })
  county!: string | null;

  @Column('text', { name: 'key_field', nullable: true })
  keyField!: string | null;

  /** The term as instants (the dates above are its days in Asia/Shanghai). */
  @Column('timestamptz', { name: 'starts_at', nullable: true })
  startsAt!: Date | null;

  @Column('timestamptz', { name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column('timestamptz', { name: 'midterm_at', nullable: true })
  midtermAt!: Date | null;

  /** A change of objectives or route made without approval is on record (RULES §8). */
  @Column('boolean', { name: 'unapproved_change', default: false })
  unapprovedChange!: boolean;

  /** 容错: flagged exploratory or high-risk by staff (null: neither). */
  @Column('text', { name: 'risk_profile', nullable: true })
  riskProfile!: string | null;
}
