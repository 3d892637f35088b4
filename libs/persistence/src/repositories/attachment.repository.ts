import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AttachmentEntity } from '../entities/attachment.entity';

/** The attachments of applications and projects (their files live in content-addressed storage). */
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

  /** A project's own attachments (evidence for its reports), oldest first. */
  ofProject(projectId: string): Promise<AttachmentEntity[]> {
    return this.rows.find({
      where: { projectId, removedAt: IsNull() },
      order: { uploadedAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * The live attachments among `ids` that a project's report may cite, and its readers download:
   * the project's own and its application's (the proposal's files stay evidence of the plan).
   */
  citable(projectId: string, ids: readonly string[]): Promise<AttachmentEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rows
      .createQueryBuilder('a')
      .where('a.id IN (:...ids)', { ids: [...ids] })
      .andWhere('a.removed_at IS NULL')
      .andWhere(
        `(a.project_id = :projectId
          OR a.application_id = (SELECT p.application_id FROM projects p WHERE p.id = :projectId))`,
        { projectId },
      )
      .getMany();
  }

  /** Inside the activity's transaction. */
  async insert(
    row: Omit<AttachmentEntity, 'removedAt' | 'removedBy' | 'projectId' | 'applicationId'> &
      ({ applicationId: string; projectId?: null } | { projectId: string; applicationId?: null }),
  ): Promise<void> {
    await this.rows.insert({
      applicationId: null,
      projectId: null,
      ...row,
      removedAt: null,
      removedBy: null,
    });
  }

  /** Inside the activity's transaction: marked, never deleted. */
  async markRemoved(id: string, removedBy: string, removedAt: Date): Promise<void> {
    await this.rows.update({ id, removedAt: IsNull() }, { removedAt, removedBy });
  }
}
