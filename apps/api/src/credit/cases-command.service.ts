import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { Actor, assertMayActOnCase, assertMayReportCase, ReportCaseInput, workflowIds } from '@kjflow/domain';
import { KjStage, TASK_QUEUE } from '@kjflow/temporal';
import {
  CaseActionArgs,
  caseCreatedUpdate,
  decideCaseUpdate,
  extendInvestigationUpdate,
  fileAppealUpdate,
  recordFindingUpdate,
  reviewCaseUpdate,
} from '@kjflow/workflows';
import type { caseWorkflow } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CasePolicyQueryService } from './case-policy-query.service';
import { CasesQueryService, subjectOf } from './cases-query.service';
import { commandId } from '../common/command-context';

export type CaseAction = 'decide' | 'extend' | 'finding' | 'appeal' | 'review';
const UPDATES = {
  decide: decideCaseUpdate,
  extend: extendInvestigationUpdate,
  finding: recordFindingUpdate,
  appeal: fileAppealUpdate,
  review: reviewCaseUpdate,
};

/**
 * 失信案件: the staff register a report, accept or dismiss it, extend the investigation, record the
 * finding and decide the review; the subject appeals. The case's workflow keeps its deadlines on the
 * timings in force at the report.
 */
@Injectable()
export class CasesCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly policies: CasePolicyQueryService,
    private readonly query: CasesQueryService,
  ) {}

  async report(report: ReportCaseInput, actor: Actor) {
    assertMayReportCase(actor);
    const id = commandId();
    // Timings are data: the policy in force at the report (national defaults while none is set).
    const policy = await this.policies.inForce();
    await this.temporal.workflow.executeUpdateWithStart(caseCreatedUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
        workflowId: workflowIds.misconductCase(id),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue: TASK_QUEUE,
        args: [{ id, report, policy, createdBy: actor.id }],
        typedSearchAttributes: [{ key: KjStage, value: 'case_reported' }],
      }),
    });
    return this.query.get(id, actor);
  }

  async act(id: string, action: CaseAction, input: unknown, actor: Actor) {
    const row = await this.query.row(id);
    assertMayActOnCase(actor, action === 'appeal' ? 'appeal' : 'handle', subjectOf(row));
    const args: CaseActionArgs = { actorId: actor.id, input };
    await this.temporal.workflow
      .getHandle(workflowIds.misconductCase(id))
      .executeUpdate(UPDATES[action], { args: [args] });
    return this.query.get(id, actor);
  }
}
