import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound, Page, PageQuery, TopicView } from '@kjflow/domain';
import { TopicEntity, TopicRepository } from '@kjflow/persistence';
import { topicView } from './demand-views';

/** Topics and challenges condensed from demands: read by every signed-in user. */
@Injectable()
export class TopicsQueryService {
  private readonly topics: TopicRepository;

  constructor(ds: DataSource) {
    this.topics = new TopicRepository(ds);
  }

  async page(kind: 'topic' | 'challenge' | undefined, page: PageQuery): Promise<Page<TopicView>> {
    const rows = await this.topics.page(kind, page);
    return { items: await Promise.all(rows.items.map((t) => this.view(t))), next: rows.next };
  }

  async get(id: string): Promise<TopicView> {
    const row = await this.topics.byId(id);
    if (!row) throw notFound({ zh: '指南方向或榜单', en: 'Topic or challenge' });
    return this.view(row);
  }

  private async view(t: TopicEntity): Promise<TopicView> {
    return topicView(t, await this.topics.demandIdsOf(t.id));
  }
}
