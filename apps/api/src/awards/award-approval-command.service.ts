import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { Actor, assertMayManageAwards, AwardDecision, workflowIds } from '@kjflow/domain';
import { decideAwardUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { AwardsQueryService } from './awards-query.service';

/**
 * 审批立项建议: a step of the approval chain approves or returns the proposal. The award's workflow
 * decides whose turn it is (four eyes, never the proposer); the last approval starts the notice,
 * and the answer carries it.
 */
@Injectable()
export class AwardApprovalCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: AwardsQueryService,
  ) {}

  async decide(id: string, input: { decision: AwardDecision; comments?: string }, actor: Actor) {
    assertMayManageAwards(actor);
    await this.query.row(id);
    await this.temporal.workflow
      .getHandle(workflowIds.award(id))
      .executeUpdate(decideAwardUpdate, { args: [{ actorId: actor.id, actorRoles: actor.roles, ...input }] });
    return this.query.view(id);
  }
}
