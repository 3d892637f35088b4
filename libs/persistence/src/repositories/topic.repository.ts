import { DataSource, EntityManager, In } from 'typeorm';
import {
  ApplicationEntity,
  CallEntity,
  DemandEntity,
  GuideEntity,
  TopicDemandEntity,
  TopicEntity,
} from '../entities';
import type { Page, PageQuery } from '@kjflow/domain';
import { atMillis, keysetPage } from '../pagination';

/** Guide topics and challenges, with the demands they were condensed from. */
export class TopicRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get topics() {
    return this.db.getRepository(TopicEntity);
  }

  private get links() {
    return this.db.getRepository(TopicDemandEntity);
  }

  byId(id: string): Promise<TopicEntity | null> {
    return this.topics.findOneBy({ id });
  }

  /** Those of `ids` that exist (in no particular order). */
  byIds(ids: readonly string[]): Promise<TopicEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.topics.findBy({ id: In([...ids]) });
  }

  /** A page of topics, newest first; of one kind when given. */
  page(kind: 'topic' | 'challenge' | undefined, page: PageQuery): Promise<Page<TopicEntity>> {
    const q = this.topics.createQueryBuilder('t');
    if (kind) q.andWhere('t.kind = :kind', { kind });
    return keysetPage(
      q,
      {
        columns: [atMillis('t.created_at'), 't.id'],
        direction: 'DESC',
        cursorOf: (t) => [t.createdAt.toISOString(), t.id],
      },
      page,
    );
  }

  async demandIdsOf(topicId: string): Promise<string[]> {
    const rows = await this.links.find({ where: { topicId }, order: { demandId: 'ASC' } });
    return rows.map((r) => r.demandId);
  }

  /** The topics any of `demandIds` was condensed into. */
  async topicIdsOf(demandIds: readonly string[]): Promise<string[]> {
    if (demandIds.length === 0) return [];
    const rows = await this.links.find({
      where: { demandId: In([...demandIds]) },
      order: { topicId: 'ASC' },
    });
    return [...new Set(rows.map((r) => r.topicId))];
  }

  /** What a topic's creation needs to check: the demands' titles and statuses. */
  demandsFor(demandIds: readonly string[]): Promise<Array<Pick<DemandEntity, 'id' | 'title' | 'status'>>> {
    if (demandIds.length === 0) return Promise.resolve([]);
    return this.db.getRepository(DemandEntity).find({
      select: { id: true, title: true, status: true },
      where: { id: In([...demandIds]) },
    });
  }

  /** The calls of the guides that published the topic, latest window first. */
  callsOf(
    topicId: string,
  ): Promise<Array<{ guideId: string; callId: string; title: string; status: string }>> {
    return this.db
      .createQueryBuilder()
      .select(['g.id AS "guideId"', 'c.id AS "callId"', 'c.title AS title', 'c.status AS status'])
      .from('guide_topics', 'gt')
      .innerJoin(GuideEntity, 'g', 'g.id = gt.guide_id')
      .innerJoin(CallEntity, 'c', 'c.id = g.call_id')
      .where('gt.topic_id = :topicId', { topicId })
      .orderBy('c.window_end', 'DESC')
      .getRawMany();
  }

  /** Applications that answered the topic, oldest first. */
  async applicationsOf(topicId: string): Promise<Array<{ id: string; callId: string; status: string }>> {
    const rows = await this.db.getRepository(ApplicationEntity).find({
      select: { id: true, callId: true, status: true },
      where: { topicId },
      order: { createdAt: 'ASC' },
    });
    return rows.map((r) => ({ id: r.id, callId: r.callId, status: r.status }));
  }

  /** Inside the activity's transaction: the topic and its links. */
  async insert(
    row: Omit<TopicEntity, 'createdAt'> & { createdAt: Date },
    demandIds: readonly string[],
  ): Promise<void> {
    await this.topics.insert(row);
    await this.links.insert(demandIds.map((demandId) => ({ topicId: row.id, demandId })));
  }
}
