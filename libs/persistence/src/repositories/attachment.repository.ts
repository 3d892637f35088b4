import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AttachmentEntity } from '../entities/attachment.entity';

/** The attachments of applications (their files live in content-addressed storage). */
export class AttachmentRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(AttachmentEntity);
  }

  /** The attachments not removed, oldest first. */
  live(applicationId: string): Promise<AttachmentEntity[]> {
    return this.rows.find({
      where: { applicationId, removedAt: IsNull() },
      order: { uploadedAt: 'ASC', id: 'ASC' },
    });
  }

  async findLive(applicationId: string, id: string): Promise<AttachmentEntity | null> {
    return this.rows.findOneBy({ id, applicationId, removedAt: IsNull() });
  }

  /** The document codes that have at least one live attachment. */
  async presentDocuments(applicationId: string): Promise<string[]> {
    const rows = await this.rows
      .createQueryBuilder('a')
      .select('DISTINCT a.document_code', 'code')
      .where('a.application_id = :applicationId', { applicationId })
      .andWhere('a.removed_at IS NULL')
      .getRawMany<{ code: string }>();
    return rows.map((r) => r.code);
  }

  /** Inside the activity's transaction. */
  async insert(row: Omit<AttachmentEntity, 'removedAt' | 'removedBy'>): Promise<void> {
    await this.rows.insert({ ...row, removedAt: null, removedBy: null });
  }

  /** Inside the activity's transaction: marked, never deleted. */
  async markRemoved(id: string, removedBy: string, removedAt: Date): Promise<void> {
    await this.rows.update({ id, removedAt: IsNull() }, { removedAt, removedBy });
  }
}
