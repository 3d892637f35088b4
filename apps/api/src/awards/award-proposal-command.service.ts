import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertAmountWithinRequest,
  assertCallHasBudget,
  assertHorseRace,
  assertMayManageAwards,
  assertProposable,
  assertWithinBudget,
  AwardProposalInput,
  HorseRaceOptions,
  shanghaiDate,
  workflowIds,
} from '@kjflow/domain';
import { AwardRepository } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import { awardProposedUpdate } from '@kjflow/workflows';
import type { AwardInput } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CallsService } from '../calls/calls.service';
import { AwardPlanningQueryService } from './award-planning-query.service';
import { AwardsQueryService } from './awards-query.service';
import { commandId } from '../common/command-context';

/**
 * 立项建议: the officer proposes awards from a call's applications, within the call's budget (赛马:
 * the close top of the ranking in parallel). The award's workflow records the proposal as its
 * first step and runs the approval chain and the notice on the program's terms.
 */
@Injectable()
export class AwardProposalCommandService {
  private readonly awards: AwardRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calls: CallsService,
    private readonly planning: AwardPlanningQueryService,
    private readonly query: AwardsQueryService,
  ) {
    this.awards = new AwardRepository(ds);
  }

  async propose(callId: string, input: AwardProposalInput, actor: Actor) {
    assertMayManageAwards(actor);
    const call = await this.calls.entity(callId);
    const options = await this.planning.options(callId);
    if (input.roundId) await this.planning.assertRoundOfCall(callId, input.roundId);
    assertCallHasBudget(call.totalBudgetFen);
    const apps = await this.awards.proposedApplications(
      callId,
      input.items.map((i) => i.applicationId),
    );
    assertProposable(input.items, apps);
    input.items.forEach((item, i) =>
      assertAmountWithinRequest(
        item,
        Number(apps.find((a) => a.id === item.applicationId)!.requested),
        `items.${i}.amountFen`,
      ),
    );
    assertWithinBudget(input.items, call.totalBudgetFen, await this.planning.committedFen(callId));
    const race = input.horseRace ? await this.checkRace(callId, input, options.horseRace) : null;
    const id = commandId();
    const { chain, noticeWorkingDays, noticePeriod, restartNoticeOnChange } = options;
    const args: AwardInput = {
      awardId: id,
      proposerId: actor.id,
      chain,
      noticeWorkingDays,
      // The program's fixed notice (drills and tests) runs instead of the working days.
      ...(noticePeriod ? { noticePeriod } : {}),
      restartNoticeOnChange,
      proposal: {
        callId: call.id,
        roundId: input.roundId ?? null,
        note: input.note ?? null,
        items: input.items,
        horseRace: race,
      },
    };
    // Update-with-start: the award is visible only once its workflow takes decisions.
    await this.temporal.workflow.executeUpdateWithStart(awardProposedUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation('awardWorkflow', {
        workflowId: workflowIds.award(id),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue: TASK_QUEUE,
        args: [args],
      }),
    });
    return this.query.view(id);
  }

  /** 赛马: the raced teams are the close top of the round's ranking (domain rule). */
  private async checkRace(callId: string, input: AwardProposalInput, options: HorseRaceOptions | undefined) {
    const race = input.horseRace!;
    const { gapPercent } = assertHorseRace(
      race,
      options,
      await this.planning.ranking(callId, input.roundId!),
      await this.planning.taken(callId),
      input.items.map((i) => i.applicationId),
      shanghaiDate(Date.now()),
    );
    return {
      applicationIds: race.applicationIds,
      midpointDate: race.midpointDate,
      gapPercent,
      routesStatement: race.routesDiffer.statement,
    };
  }
}
