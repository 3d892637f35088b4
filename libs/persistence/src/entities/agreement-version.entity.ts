import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One version of an agreement's terms, kept with who revised it and why; append-only (trigger). */
@Entity({ name: 'agreement_versions' })
export class AgreementVersionEntity {
  @PrimaryColumn('uuid', { name: 'agreement_id' })
  agreementId!: string;

  @PrimaryColumn('int')
  version!: number;

  @Column('jsonb')
  content!: Record<string, unknown>;

  @Column('uuid', { name: 'revised_by', nullable: true })
  revisedBy!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
