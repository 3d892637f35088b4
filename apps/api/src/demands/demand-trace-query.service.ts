import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '@kjflow/domain';
import { TopicRepository } from '@kjflow/persistence';
import { DemandsQueryService } from './demands-query.service';
import { TopicsQueryService } from './topics-query.service';

/**
 * 需求追溯: demand → (merged into) → topics and challenges → the calls of the guides that published
 * them → their applications; for whoever may read the demand.
 */
@Injectable()
export class DemandTraceQueryService {
  private readonly topicRows: TopicRepository;

  constructor(
    ds: DataSource,
    private readonly demands: DemandsQueryService,
    private readonly topics: TopicsQueryService,
  ) {
    this.topicRows = new TopicRepository(ds);
  }

  async trace(id: string, actor: Actor) {
    const demand = await this.demands.readableRow(id, actor);
    const root = demand.mergedIntoId ? await this.demands.row(demand.mergedIntoId) : null;
    const topicIds = await this.topicRows.topicIdsOf([id, ...(root ? [root.id] : [])]);
    return {
      demand: { id: demand.id, title: demand.content.title, status: demand.status },
      mergedInto: root ? { id: root.id, title: root.title, status: root.status } : null,
      topics: await Promise.all(
        topicIds.map(async (topicId) => ({
          ...(await this.topics.get(topicId)),
          calls: await this.topicRows.callsOf(topicId),
          applications: await this.topicRows.applicationsOf(topicId),
        })),
      ),
    };
  }
}
