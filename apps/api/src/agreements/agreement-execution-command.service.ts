import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertMayManageAgreements,
  assertMilestoneCheckOf,
  assertProjectOngoing,
  MilestoneCheckInput,
  notFound,
  workflowIds,
} from '@kjflow/domain';
import { AgreementRepository, AgreementRow, ProjectRepository } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import { checkMilestoneUpdate, checkProjectMilestoneUpdate, installmentStepUpdate } from '@kjflow/workflows';
import type { AgreementInput } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { AgreementsQueryService } from './agreements-query.service';

/**
 * 拨付 and 里程碑考核 on a signed agreement: the staff record milestone checks in order and
 * approve, then pay (another staff member), the installments they release; never beyond the award.
 */
@Injectable()
export class AgreementExecutionCommandService {
  private readonly agreements: AgreementRepository;
  private readonly projects: ProjectRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: AgreementsQueryService,
  ) {
    this.agreements = new AgreementRepository(ds);
    this.projects = new ProjectRepository(ds);
  }

  /** A pass releases the next milestone installment (challenges pay per milestone); a failure stops funding. */
  async checkMilestone(id: string, milestone: number, input: MilestoneCheckInput, actor: Actor) {
    assertMayManageAgreements(actor);
    const a = await this.query.row(id);
    // A signed agreement's project takes its milestone checks (a failure ends it, per the 军令状).
    const projectId = await this.projects.idOfAgreement(id);
    if (projectId) {
      const p = (await this.projects.page({ id: projectId }, { limit: 1 })).items[0];
      const { outcome, opinion, fault } = input;
      await sendCommand(
        this.temporal.workflow.getHandle(workflowIds.project(projectId)),
        // The project's run has ended (terminated or revoked, its accounts settled): the rules say
        // why, a failed milestone (军令状) before the end it caused.
        async () => {
          const facts = await this.agreements.execution(id);
          if (facts) assertMilestoneCheckOf(facts, milestone);
          assertProjectOngoing(p?.status);
        },
        (h) =>
          h.executeUpdate(checkProjectMilestoneUpdate, {
            args: [{ actorId: actor.id, milestone, outcome, opinion, fault }],
          }),
      );
      return this.query.view(id);
    }
    await this.temporal.workflow.executeUpdateWithStart(checkMilestoneUpdate, {
      args: [{ actorId: actor.id, milestone, outcome: input.outcome, opinion: input.opinion }],
      startWorkflowOperation: reopen(a),
    });
    return this.query.view(id);
  }

  /** planned → approved (officer) → paid (another staff member). */
  async installmentStep(id: string, seq: number, step: 'approve' | 'pay', actor: Actor) {
    assertMayManageAgreements(actor);
    const a = await this.query.row(id);
    if (!(await this.agreements.installment(id, seq))) throw notFound({ zh: '拨付期次', en: 'Installment' });
    await this.temporal.workflow.executeUpdateWithStart(installmentStepUpdate, {
      args: [{ actorId: actor.id, seq, step }],
      startWorkflowOperation: reopen(a),
    });
    return this.query.view(id);
  }
}

/**
 * The agreement's workflow, reopened on the same id when its signing phase has ended
 * (update-with-start): it checks each command against its records.
 */
function reopen(a: AgreementRow) {
  const args: AgreementInput = { agreementId: a.id, signBy: a.signBy.toISOString(), reopened: true };
  return new WithStartWorkflowOperation('agreementWorkflow', {
    workflowId: workflowIds.agreement(a.id),
    workflowIdConflictPolicy: 'USE_EXISTING',
    taskQueue: TASK_QUEUE,
    args: [args],
  });
}
