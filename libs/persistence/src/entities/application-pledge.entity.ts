import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 科研诚信承诺: one signature per party of an application, recorded once and never changed. */
@Entity({ name: 'application_pledges' })
export class ApplicationPledgeEntity {
  @PrimaryColumn('uuid', { name: 'application_id' })
  applicationId!: string;

  @PrimaryColumn('text')
  party!: 'pi' | 'institution';

  @Column('uuid', { name: 'signed_by' })
  signedBy!: string;

  @Column('timestamptz', { name: 'signed_at' })
  signedAt!: Date;
}
