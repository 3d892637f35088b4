import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ExpertRecord } from '@kjflow/domain';

/** An expert of the pool (专家库); the expert's workflow and the imports write it. */
@Entity({ name: 'experts' })
export class ExpertEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  @Column('text', { name: 'external_ref', nullable: true })
  externalRef!: string | null;

  @Column('text')
  name!: string;

  @Column('text')
  title!: string;

  @Column('text')
  organisation!: string;

  @Column('uuid', { name: 'institution_id', nullable: true })
  institutionId!: string | null;

  @Column('text', { name: 'organisation_key' })
  organisationKey!: string;

  @Column('text', { name: 'key_fields', array: true })
  keyFields!: string[];

  @Column('text', { array: true })
  keywords!: string[];

  @Column('text')
  region!: string;

  @Column('boolean')
  finance!: boolean;

  @Column('boolean')
  available!: boolean;

  @Column('int', { name: 'load_cap' })
  loadCap!: number;

  @Column('jsonb')
  relations!: ExpertRecord['relations'];

  @Column('jsonb', { name: 'declared_conflicts' })
  declaredConflicts!: ExpertRecord['declaredConflicts'];

  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
