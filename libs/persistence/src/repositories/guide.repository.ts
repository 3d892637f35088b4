import { DataSource, EntityManager, In } from 'typeorm';
import {
  ApplicationEntity,
  GuideEntity,
  GuideTopicEntity,
  GuideVersionEntity,
  TopicEntity,
} from '../entities';
import type { Page, PageQuery } from '@kjflow/domain';
import { atMillis, keysetPage, keysetRawPage } from '../pagination';

/** A challenge as the public list names it: under its guide, first published at `publishedAt`. */
export interface PublishedChallenge {
  guideId: string;
  topicId: string;
  publishedAt: Date;
}

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

  byIds(ids: readonly string[]): Promise<GuideEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.guides.findBy({ id: In([...ids]) });
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

  /**
   * A page of the challenge list (榜单): each challenge of a published guide (not withdrawn), as
   * listed under its guide; newest publication first, then by guide and challenge. A challenge
   * under two guides is listed under each.
   */
  pageOfPublishedChallenges(page: PageQuery): Promise<Page<PublishedChallenge>> {
    const query = this.db
      .getRepository(GuideTopicEntity)
      .createQueryBuilder('gt')
      .innerJoin(GuideEntity, 'g', 'g.id = gt.guide_id')
      .innerJoin(TopicEntity, 't', 't.id = gt.topic_id')
      // The first publication's time: versions are never changed, so the order is stable.
      .innerJoin(GuideVersionEntity, 'gv', 'gv.guide_id = gt.guide_id AND gv.version = 1')
      .select('gt.guide_id', 'guideId')
      .addSelect('gt.topic_id', 'topicId')
      .addSelect('gv.published_at', 'publishedAt')
      .where(`g.status = 'published'`)
      .andWhere('g.published_version IS NOT NULL')
      .andWhere(`t.kind = 'challenge'`);
    return keysetRawPage<PublishedChallenge>(
      query,
      {
        columns: [atMillis('gv.published_at'), 'gt.guide_id', 'gt.topic_id'],
        direction: 'DESC',
        cursorOf: (c) => [c.publishedAt.toISOString(), c.guideId, c.topicId],
      },
      page,
    );
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

  /** The published versions of several guides (a page of a list) in one query, oldest first. */
  versionsOfMany(guideIds: readonly string[]): Promise<GuideVersionEntity[]> {
    if (guideIds.length === 0) return Promise.resolve([]);
    return this.versions.find({
      where: { guideId: In([...guideIds]) },
      order: { guideId: 'ASC', version: 'ASC' },
    });
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
      .into(GuideTopicEntity)
      .values(topicIds.map((topicId) => ({ guideId, topicId })))
      .orIgnore()
      .execute();
  }
}
