import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertDeadlineAhead,
  assertMayManageDemands,
  CampaignSpec,
  CreateCampaignInput,
  workflowIds,
} from '@kjflow/domain';
import { KjStage, TASK_QUEUE } from '@kjflow/temporal';
import { campaignCreatedUpdate, campaignWorkflow } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CampaignView } from './demands.schemas';
import { CampaignsQueryService } from './campaigns-query.service';
import { commandId } from '../common/command-context';

/** 发起需求征集: the staff open a campaign; its workflow records it and opens and closes its window. */
@Injectable()
export class CampaignsCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: CampaignsQueryService,
  ) {}

  async create(input: CreateCampaignInput, actor: Actor): Promise<CampaignView> {
    assertMayManageDemands(actor);
    assertDeadlineAhead(input.windowEnd, Date.now());
    const spec: CampaignSpec = {
      id: commandId(),
      title: input.title,
      windowStart: new Date(input.windowStart).toISOString(),
      windowEnd: new Date(input.windowEnd).toISOString(),
      keyFields: input.keyFields,
      counties: input.counties,
      instructions: input.instructions,
      createdBy: actor.id,
    };
    await this.temporal.workflow.executeUpdateWithStart(campaignCreatedUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation(campaignWorkflow, {
        workflowId: workflowIds.campaign(spec.id),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue: TASK_QUEUE,
        args: [spec],
        typedSearchAttributes: [{ key: KjStage, value: 'demand_campaign' }],
      }),
    });
    return this.query.get(spec.id);
  }
}
