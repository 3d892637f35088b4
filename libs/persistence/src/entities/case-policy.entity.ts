import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { CasePolicy } from '@kjflow/domain';

/** One version of the misconduct-case timings; rows are never edited. */
@Entity({ name: 'case_policies' })
export class CasePolicyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('int')
  version!: number;

  @Column('jsonb')
  policy!: CasePolicy;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
