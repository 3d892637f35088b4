import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertAmountWithinRequest,
  assertEvidenceUploaded,
  assertMayManageAwards,
  assertObjectionAccepted,
  assertObjectionOpen,
  assertWithinBudget,
  evidenceFileIds,
  notFound,
  ObjectionOutcomeInput,
  workflowIds,
} from '@kjflow/domain';
import { AwardRepository } from '@kjflow/persistence';
import { decideObjectionUpdate, fileObjectionUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { AwardPlanningQueryService } from './award-planning-query.service';
import { AwardsQueryService } from './awards-query.service';
import { newReceipt } from './objection-receipt';
import { ObjectionsQueryService } from './objections-query.service';
import { commandId } from '../common/command-context';

/**
 * 异议: anyone objects during the notice, by name and with facts (the award's workflow decides
 * lateness on its clock); the staff answer each objection: maintain, adjust the amount or cancel.
 */
@Injectable()
export class ObjectionsCommandService {
  private readonly awards: AwardRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly awardsQuery: AwardsQueryService,
    private readonly planning: AwardPlanningQueryService,
    private readonly query: ObjectionsQueryService,
  ) {
    this.awards = new AwardRepository(ds);
  }

  /** Public (no login): the receipt returned reads the answer later. */
  async object(id: string, body: unknown) {
    const a = await this.awardsQuery.row(id);
    if (a.status !== 'in_notice' && a.status !== 'final') throw notFound({ zh: '公示', en: 'Public notice' });
    await this.assertEvidenceOf(id, body);
    const objectionId = commandId();
    const { receipt, receiptSha256 } = newReceipt();
    try {
      await this.temporal.workflow.getHandle(workflowIds.award(id)).executeUpdate(fileObjectionUpdate, {
        args: [{ objectionId, objection: body, receiptSha256 }],
      });
    } catch (err) {
      // After finality the workflow has ended; the same rule, on the stored notice, says why.
      if (a.status === 'final' && a.noticeStart && a.noticeEnd)
        assertObjectionAccepted(body, { start: a.noticeStart, end: a.noticeEnd }, Date.now());
      throw err;
    }
    return {
      id: objectionId,
      status: 'open',
      receipt,
      answerAt: `/public/awards/${id}/objections/${objectionId}?receipt=${receipt}`,
    };
  }

  async decide(id: string, objectionId: string, input: ObjectionOutcomeInput, actor: Actor) {
    assertMayManageAwards(actor);
    const o = await this.awards.objection(id, objectionId);
    if (!o) throw notFound({ zh: '异议', en: 'Objection' });
    assertObjectionOpen(o.status);
    if (input.outcome === 'adjust')
      await this.assertAdjustable(id, o.applicationId, input.adjustedAmountFen!);
    await this.temporal.workflow.getHandle(workflowIds.award(id)).executeUpdate(decideObjectionUpdate, {
      args: [{ actorId: actor.id, objectionId, applicationId: o.applicationId, ...input }],
    });
    return this.query.one(id, objectionId);
  }

  /** Evidence given as an id must be a file uploaded to this award's notice. */
  private async assertEvidenceOf(id: string, body: unknown) {
    const ids = evidenceFileIds(body);
    if (ids.length === 0) return;
    assertEvidenceUploaded(body, await this.awards.evidenceIds(id, ids));
  }

  /** An adjusted amount stays within the request and, with the rest of the call, the budget. */
  private async assertAdjustable(awardId: string, applicationId: string, amountFen: number) {
    const row = (await this.awards.adjustable(awardId, applicationId))!;
    assertAmountWithinRequest({ amountFen }, row.requestedFen, 'adjustedAmountFen');
    assertWithinBudget(
      [{ amountFen }],
      row.totalBudgetFen,
      (await this.planning.committedFen(row.callId)) - row.amountFen,
      'adjustedAmountFen',
    );
  }
}
