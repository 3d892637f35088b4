import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertGuideEditable,
  assertKnownTopics,
  assertMayManageGuides,
  CreateGuideInput,
  GuideSpec,
  nextGuideStatus,
  PatchGuideInput,
  workflowIds,
} from '@kjflow/domain';
import { TopicRepository } from '@kjflow/persistence';
import { KjMode, KjStage, TASK_QUEUE } from '@kjflow/temporal';
import { editGuideUpdate, guideCreatedUpdate, guideWorkflow, submitGuideUpdate } from '@kjflow/workflows';
import { sendCommand } from '../common/workflow-command';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { GuidesQueryService } from './guides-query.service';
import { TemplatesService } from './templates.service';
import { commandId } from '../common/command-context';

/**
 * 起草指南: the staff draft a guide (or challenge list) under a program template, pinning its
 * current version, edit the draft (If-Match) and submit it to the approval chain, through the
 * guide's workflow (`guide-<id>`).
 */
@Injectable()
export class GuideDraftingCommandService {
  private readonly topics: TopicRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly templates: TemplatesService,
    private readonly query: GuidesQueryService,
  ) {
    this.topics = new TopicRepository(ds);
  }

  async create(input: CreateGuideInput, actor: Actor) {
    assertMayManageGuides(actor);
    const template = await this.templates.current(input.templateCode);
    await this.assertTopics(input.content.topicIds, 'content.topicIds');
    const spec: GuideSpec = {
      id: commandId(),
      templateId: template.id,
      mode: template.mode,
      approvalChain: input.approvalChain,
      content: input.content,
      createdBy: actor.id,
    };
    await this.temporal.workflow.executeUpdateWithStart(guideCreatedUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation(guideWorkflow, {
        workflowId: workflowIds.guide(spec.id),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue: TASK_QUEUE,
        args: [spec],
        typedSearchAttributes: [
          { key: KjMode, value: template.mode },
          { key: KjStage, value: 'guide_draft' },
        ],
      }),
    });
    return this.query.view(spec.id);
  }

  async edit(id: string, patch: PatchGuideInput, actor: Actor, expectedVersion?: number) {
    assertMayManageGuides(actor);
    const row = await this.query.entity(id);
    if (patch.topicIds) await this.assertTopics(patch.topicIds, 'topicIds');
    await sendCommand(
      this.handle(id),
      () => assertGuideEditable(row.status),
      (h) => h.executeUpdate(editGuideUpdate, { args: [{ actorId: actor.id, patch, expectedVersion }] }),
    );
    return this.query.view(id);
  }

  async submit(id: string, actor: Actor) {
    assertMayManageGuides(actor);
    const row = await this.query.entity(id);
    await sendCommand(
      this.handle(id),
      () => nextGuideStatus(row.status, 'submit'),
      (h) => h.executeUpdate(submitGuideUpdate, { args: [{ actorId: actor.id, actorRoles: actor.roles }] }),
    );
    return this.query.view(id);
  }

  private handle(id: string) {
    return this.temporal.workflow.getHandle(workflowIds.guide(id));
  }

  /** Every topic named exists (each unknown one refused at its path). */
  private async assertTopics(ids: string[], path: string): Promise<void> {
    const found = await this.topics.byIds(ids);
    assertKnownTopics(ids.flatMap((id, i) => (found.some((t) => t.id === id) ? [] : [`${path}.${i}`])));
  }
}
