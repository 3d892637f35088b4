import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import {
  Actor,
  ApprovalDecisionInput,
  assertCorrectable,
  assertMayManageGuides,
  assertWithdrawable,
  CorrectionInput,
  nextGuideStatus,
  workflowIds,
} from '@kjflow/domain';
import { correctGuideUpdate, decideGuideUpdate, withdrawGuideUpdate } from '@kjflow/workflows';
import { sendCommand } from '../common/workflow-command';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { GuidesQueryService } from './guides-query.service';

/**
 * 审核与发布: each step of the approval chain approves (the last publishes and opens the call) or
 * returns; a published guide is corrected as a new version with a change note, or withdrawn before
 * its window opens. The guide's workflow decides whose step it is.
 */
@Injectable()
export class GuidePublicationCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: GuidesQueryService,
  ) {}

  async decide(id: string, input: ApprovalDecisionInput, actor: Actor) {
    assertMayManageGuides(actor);
    const row = await this.query.entity(id);
    const { decision, comments } = input;
    await sendCommand(
      this.handle(id),
      () => nextGuideStatus(row.status, decision === 'approve' ? 'publish' : 'return'),
      (h) =>
        h.executeUpdate(decideGuideUpdate, {
          args: [{ actorId: actor.id, actorRoles: actor.roles, decision, comments }],
        }),
    );
    return this.query.view(id);
  }

  async correct(id: string, correction: CorrectionInput, actor: Actor) {
    assertMayManageGuides(actor);
    const row = await this.query.entity(id);
    await sendCommand(
      this.handle(id),
      () => assertCorrectable(row.status),
      (h) =>
        h.executeUpdate(correctGuideUpdate, {
          args: [{ actorId: actor.id, actorRoles: actor.roles, correction }],
        }),
    );
    return this.query.view(id);
  }

  async withdraw(id: string, reason: string, actor: Actor) {
    assertMayManageGuides(actor);
    const row = await this.query.entity(id);
    await sendCommand(
      this.handle(id),
      () => assertWithdrawable(row.status, row.draft.windowStart, Date.now()),
      (h) =>
        h.executeUpdate(withdrawGuideUpdate, {
          args: [{ actorId: actor.id, actorRoles: actor.roles, reason }],
        }),
    );
    return this.query.view(id);
  }

  private handle(id: string) {
    return this.temporal.workflow.getHandle(workflowIds.guide(id));
  }
}
