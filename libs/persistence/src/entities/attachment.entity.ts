import { Column, Entity, PrimaryColumn } from 'typeorm';
import { fenTransformer } from './transformers';

/**
 * Whose a stored file is: the bytes live in content-addressed storage (keyed by sha256). A
 * removed attachment is marked, so what was submitted stays traceable.
 */
@Entity({ name: 'attachments' })
export class AttachmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The owner: an application or (evidence for its reports) a project, never both. */
  @Column('uuid', { name: 'application_id', nullable: true })
  applicationId!: string | null;

  @Column('uuid', { name: 'project_id', nullable: true })
  projectId!: string | null;

  @Column('text', { name: 'document_code' })
  documentCode!: string;

  @Column('text', { name: 'file_name' })
  fileName!: string;

  @Column('text', { name: 'media_type' })
  mediaType!: string;

  /** A bigint column read as a number (sizes stay far below 2^53). */
  @Column('bigint', { name: 'size_bytes', transformer: fenTransformer })
  sizeBytes!: number;

  @Column('text')
  sha256!: string;

  @Column('uuid', { name: 'uploaded_by' })
  uploadedBy!: string;

  @Column('timestamptz', { name: 'uploaded_at' })
  uploadedAt!: Date;

  @Column('timestamptz', { name: 'removed_at', nullable: true })
  removedAt!: Date | null;

  @Column('uuid', { name: 'removed_by', nullable: true })
  removedBy!: string | null;
}
