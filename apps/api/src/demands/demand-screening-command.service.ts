import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertMayManageDemands,
  assertMergeTarget,
  nextDemandStatus,
  ScreeningDecisionInput,
  workflowIds,
} from '@kjflow/domain';
import { DemandRepository } from '@kjflow/persistence';
import { screenDemandUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { DemandsQueryService } from './demands-query.service';

/**
 * 需求筛选: the staff accept a submitted demand, reject or return it with a reason, or merge it
 * into a live demand of the same campaign (a duplicate stays linked to it).
 */
@Injectable()
export class DemandScreeningCommandService {
  private readonly demands: DemandRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: DemandsQueryService,
  ) {
    this.demands = new DemandRepository(ds);
  }

  async screen(id: string, input: ScreeningDecisionInput, actor: Actor) {
    assertMayManageDemands(actor);
    const row = await this.query.row(id);
    if (input.decision === 'merge') assertMergeTarget(row, await this.demands.byId(input.mergeIntoId!));
    const { decision, reason, mergeIntoId } = input;
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.demand(id)),
      () => nextDemandStatus(row.status, { kind: 'screen', decision }),
      (h) =>
        h.executeUpdate(screenDemandUpdate, { args: [{ actorId: actor.id, decision, reason, mergeIntoId }] }),
    );
    return this.query.get(id, actor);
  }
}
