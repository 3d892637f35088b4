import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'institutions' })
export class InstitutionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** One of the 12 counties (县、市、区) of Baise, or outside the city. */
  @Column('text')
  county!: string;

  /** government, university, research_institute, enterprise, agency, hospital or other. */
  @Column('text', { default: 'other' })
  kind!: string;

  @Column('text', { name: 'credit_code', nullable: true, unique: true })
  creditCode!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
