import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Role } from '@kjflow/domain';
import { InstitutionEntity } from './institution.entity';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  username!: string;

  @Column('text', { name: 'display_name' })
  displayName!: string;

  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @Column('text', { array: true })
  roles!: Role[];

  @Column('uuid', { name: 'institution_id', nullable: true })
  institutionId!: string | null;

  @ManyToOne(() => InstitutionEntity, { nullable: true })
  @JoinColumn({ name: 'institution_id' })
  institution?: InstitutionEntity | null;

  /** Where notification e-mail goes; none: in-app only. */
  @Column('text', { nullable: true })
  email!: string | null;

  /** The language notifications are rendered in (zh-CN unless the user chose en). */
  @Column('text', { default: 'zh-CN' })
  language!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
