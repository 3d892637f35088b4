import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An objection (异议) to an award's notice, written by the award's workflow. */
@Entity({ name: 'objections' })
export class ObjectionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'award_id' })
  awardId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('jsonb')
  objector!: object;

  @Column('text')
  facts!: string;

  /** Evidence as named by the objector: ids of uploaded files or descriptions. */
  @Column('jsonb')
  evidence!: string[];

  @Column('text')
  status!: string;

  @Column('text', { nullable: true })
  answer!: string | null;

  @Column('timestamptz', { name: 'filed_at' })
  filedAt!: Date;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  /** The sha256 of the receipt handed to the objector (who has no account) to read the answer. */
  @Column('text', { name: 'receipt_sha256', nullable: true })
  receiptSha256!: string | null;
}
