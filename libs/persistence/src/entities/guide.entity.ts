import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { GuideContent, GuideStatus, Mode, ProgramTemplate, Role } from '@kjflow/domain';

/** One version of a program template; (code, version) is unique and rows are never edited. */
@Entity({ name: 'program_templates' })
export class ProgramTemplateEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  code!: string;

  @Column('int')
  version!: number;

  @Column('text')
  mode!: Mode;

  @Column('jsonb')
  template!: ProgramTemplate;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Read model of a guide; its workflow (`guide-<id>`) owns the status. */
@Entity({ name: 'guides' })
export class GuideEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'template_id' })
  templateId!: string;

  @Column('text')
  status!: GuideStatus;

  @Column('text', { name: 'approval_chain', array: true })
  approvalChain!: Role[];

  @Column('int', { name: 'approved_steps' })
  approvedSteps!: number;

  /** The working copy until publication. */
  @Column('jsonb')
  draft!: GuideContent;

  @Column('int', { name: 'draft_version' })
  draftVersion!: number;

  @Column('int', { name: 'published_version', nullable: true })
  publishedVersion!: number | null;

  @Column('uuid', { name: 'call_id', nullable: true })
  callId!: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A published version; append-only (a trigger refuses UPDATE and DELETE). */
@Entity({ name: 'guide_versions' })
export class GuideVersionEntity {
  @PrimaryColumn('uuid', { name: 'guide_id' })
  guideId!: string;

  @PrimaryColumn('int')
  version!: number;

  @Column('jsonb')
  content!: GuideContent;

  @Column('text', { name: 'change_note', nullable: true })
  changeNote!: string | null;

  @Column('uuid', { name: 'published_by', nullable: true })
  publishedBy!: string | null;

  @Column('timestamptz', { name: 'published_at' })
  publishedAt!: Date;
}
