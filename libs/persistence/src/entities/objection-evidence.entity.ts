import { Column, Entity, PrimaryColumn } from 'typeorm';
import { fenTransformer } from './transformers';

/**
 * An evidence file an objector uploaded during an award's notice (no account); the bytes live in
 * content-addressed storage (sha256), an objection names the file by id.
 */
@Entity({ name: 'objection_evidence' })
export class ObjectionEvidenceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'award_id' })
  awardId!: string;

  @Column('text', { name: 'file_name' })
  fileName!: string;

  @Column('text', { name: 'media_type' })
  mediaType!: string;

  /** A bigint column read as a number (sizes stay far below 2^53). */
  @Column('bigint', { name: 'size_bytes', transformer: fenTransformer })
  sizeBytes!: number;

  @Column('text')
  sha256!: string;

  @Column('timestamptz', { name: 'uploaded_at' })
  uploadedAt!: Date;
}
