import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertCondensable,
  assertMayManageDemands,
  CreateTopicInput,
  TopicView,
  workflowIds,
} from '@kjflow/domain';
import { TopicRepository } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import { createTopicUpdate } from '@kjflow/workflows';
import type { topicWorkflow } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { TopicsQueryService } from './topics-query.service';
import { commandId } from '../common/command-context';

/**
 * 凝练: the staff condense accepted demands into a guide topic or a challenge (榜单). The topic's
 * workflow (`topic-<id>`) checks that every demand is accepted as it stands and writes the topic,
 * its links and its event together.
 */
@Injectable()
export class TopicsCommandService {
  private readonly topics: TopicRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: TopicsQueryService,
  ) {
    this.topics = new TopicRepository(ds);
  }

  async create(input: CreateTopicInput, actor: Actor): Promise<TopicView> {
    assertMayManageDemands(actor);
    // The same rule before anything is started, so a refusal names each demand at once.
    assertCondensable(input.demandIds, await this.topics.demandsFor(input.demandIds));
    const id = commandId();
    const { demandIds, kind, title, keyField, issuerInstitutionId, ...content } = input;
    await this.temporal.workflow.executeUpdateWithStart(createTopicUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof topicWorkflow>('topicWorkflow', {
        workflowId: workflowIds.topic(id),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue: TASK_QUEUE,
        args: [{ topicId: id }],
      }),
      args: [{ actorId: actor.id, kind, title, keyField, issuerInstitutionId, demandIds, content }],
    });
    return this.query.get(id);
  }
}
