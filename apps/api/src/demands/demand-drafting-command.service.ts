import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertCanSubmitDemand,
  assertDemandEditable,
  assertMaySubmitDemands,
  assertOwnDemand,
  assertWindowOpen,
  CreateDemandInput,
  PatchDemandInput,
  workflowIds,
} from '@kjflow/domain';
import { KjCallId, KjStage, TASK_QUEUE } from '@kjflow/temporal';
import { demandCreatedUpdate, demandWorkflow, editDraftUpdate, submitUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { CampaignsQueryService } from './campaigns-query.service';
import { DemandsQueryService } from './demands-query.service';
import { commandId } from '../common/command-context';

/**
 * 填报需求: enterprises, institutions and bureaus draft a demand in a campaign, edit it (If-Match)
 * and submit it inside the window, through the demand's workflow (`demand-<id>`).
 */
@Injectable()
export class DemandDraftingCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly campaigns: CampaignsQueryService,
    private readonly query: DemandsQueryService,
  ) {}

  async create(input: CreateDemandInput, actor: Actor) {
    assertMaySubmitDemands(actor);
    const campaign = await this.campaigns.entity(input.campaignId);
    // A draft may be started before the window opens, never after it closes.
    if (campaign.windowEnd.getTime() <= Date.now()) assertWindowOpen(campaign, Date.now());
    const id = commandId();
    const { campaignId, ...content } = input;
    const start = new WithStartWorkflowOperation(demandWorkflow, {
      workflowId: workflowIds.demand(id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [
        {
          demandId: id,
          campaign: {
            id: campaignId,
            windowStart: campaign.windowStart.toISOString(),
            windowEnd: campaign.windowEnd.toISOString(),
            keyFields: campaign.keyFields,
            counties: campaign.counties,
          },
          submitterId: actor.id,
          institutionId: actor.institutionId,
          content,
        },
      ],
      typedSearchAttributes: [
        { key: KjCallId, value: campaignId },
        { key: KjStage, value: 'draft' },
      ],
    });
    await this.temporal.workflow.executeUpdateWithStart(demandCreatedUpdate, {
      startWorkflowOperation: start,
    });
    return this.query.get(id, actor);
  }

  async edit(id: string, patch: PatchDemandInput, actor: Actor, expectedVersion?: number) {
    const row = await this.query.row(id);
    assertOwnDemand(actor, row);
    await sendCommand(
      this.handle(id),
      () => assertDemandEditable(row.status),
      (h) => h.executeUpdate(editDraftUpdate, { args: [{ actorId: actor.id, patch, expectedVersion }] }),
    );
    return this.query.get(id, actor);
  }

  async submit(id: string, actor: Actor) {
    const row = await this.query.row(id);
    assertOwnDemand(actor, row);
    const campaign = await this.campaigns.entity(row.campaignId);
    await sendCommand(
      this.handle(id),
      () => assertCanSubmitDemand(row.status, campaign, Date.now()),
      (h) => h.executeUpdate(submitUpdate, { args: [{ actorId: actor.id }] }),
    );
    return this.query.get(id, actor);
  }

  private handle(id: string) {
    return this.temporal.workflow.getHandle(workflowIds.demand(id));
  }
}
