import { DataSource, EntityManager } from 'typeorm';
import { ApplicationEntity, GuideEntity, GuideVersionEntity } from '../entities';
import type { Page, PageQuery } from '@kjflow/domain';
import { atMillis, keysetPage } from '../pagination';

/** Guides and their published versions; each guide's workflow (`guide-<id>`) owns its changes. */
export class GuideRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get guides() {
    return this.db.getRepository(GuideEntity);
  }

  private get versions() {
    return this.db.getRepository(GuideVersionEntity);
  }

  byId(id: string): Promise<GuideEntity | null> {
    return this.guides.findOneBy({ id });
  }

  /**
   * A page of guides, last changed first: every one (drafts included), or only those that were
   * published (withdrawn ones included).
   */
  page(filter: { published?: boolean }, page: PageQuery): Promise<Page<GuideEntity>> {
    return keysetPage(
      this.query(filter),
      {
        columns: [atMillis('g.updated_at'), 'g.id'],
        direction: 'DESC',
        cursorOf: (g) => [g.updatedAt.toISOString(), g.id],
      },
      page,
    );
  }

  /** Guides that were published (withdrawn ones included), last changed first. */
  published(): Promise<GuideEntity[]> {
    return this.query({ published: true }).orderBy('g.updated_at', 'DESC').addOrderBy('g.id').getMany();
  }

  /** Every guide, or (published) those that were published, withdrawn ones included: one filter. */
  private query(filter: { published?: boolean }) {
    const q = this.guides.createQueryBuilder('g');
    if (filter.published)
      q.andWhere(`g.status IN ('published', 'withdrawn')`).andWhere('g.published_version IS NOT NULL');
    return q;
  }

  /** A guide's published versions, oldest first. */
  versionsOf(guideId: string): Promise<GuideVersionEntity[]> {
    return this.versions.find({ where: { guideId }, order: { version: 'ASC' } });
  }

  /** Applications still being written under a call (drafts and returned ones): told of a correction. */
  openApplicationsOf(callId: string): Promise<Array<Pick<ApplicationEntity, 'id' | 'applicantId'>>> {
    return this.db.getRepository(ApplicationEntity).find({
      select: { id: true, applicantId: true },
      where: [
        { callId, status: 'draft' },
        { callId, status: 'returned' },
      ],
    });
  }

  /** Inside the activity's transaction. */
  async insert(
    row: Omit<GuideEntity, 'createdAt' | 'updatedAt' | 'publishedVersion' | 'callId'>,
  ): Promise<void> {
    await this.guides.insert(row);
  }

  /** Inside the activity's transaction: the columns a step changes. */
  async update(id: string, change: Partial<Omit<GuideEntity, 'id'>>): Promise<void> {
    await this.guides.update({ id }, change);
  }

  /** Inside the activity's transaction: an immutable published version. */
  async insertVersion(row: GuideVersionEntity): Promise<void> {
    await this.versions.insert(row);
  }

  /** Inside the activity's transaction: the topics a published guide carries (once each). */
  async linkTopics(guideId: string, topicIds: readonly string[]): Promise<void> {
    if (topicIds.length === 0) return;
    await this.db
      .createQueryBuilder()
      .insert()
      .into('guide_topics', ['guide_id', 'topic_id'])
      .values(topicIds.map((topicId) => ({ guide_id: guideId, topic_id: topicId })))
      .orIgnore()
      .execute();
  }
}
