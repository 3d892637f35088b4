import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertMayRegisterOutcome,
  assertMayVerifyOutcomes,
  assertOutcomeEvidence,
  assertVerificationComment,
  nextOutcomeStatus,
  OutcomeDecisionInput,
  OutcomeInput,
  OutcomeStatus,
  OutcomeView,
  settleOutcome,
  shanghaiDate,
  workflowIds,
} from '@kjflow/domain';
import { AttachmentRepository } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import { registerOutcomeUpdate, resubmitOutcomeUpdate, verifyOutcomeUpdate } from '@kjflow/workflows';
import type { OutcomeWorkflowInput } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { ProjectsQueryService } from '../projects/projects-query.service';
import { OutcomesQueryService } from './outcomes-query.service';
import { commandId } from '../common/command-context';

/**
 * 成果: registration (update-with-start of `outcome-<id>`), resubmission after a return, and the
 * officer's decision, each a command to the outcome's workflow; the answer is the outcome as recorded.
 */
@Injectable()
export class OutcomesCommandService {
  private readonly attachments: AttachmentRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
    private readonly query: OutcomesQueryService,
  ) {
    this.attachments = new AttachmentRepository(ds);
  }

  async register(projectId: string, input: OutcomeInput, actor: Actor): Promise<OutcomeView> {
    const project = await this.projects.get(projectId, actor);
    assertMayRegisterOutcome(actor, project);
    const record = await this.settle(projectId, input, project);
    const id = commandId();
    const start: OutcomeWorkflowInput = { outcomeId: id, projectId };
    await this.temporal.workflow.executeUpdateWithStart(registerOutcomeUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation('outcomeWorkflow', {
        workflowId: workflowIds.outcome(id),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue: TASK_QUEUE,
        args: [start],
      }),
      args: [{ projectId, record, actorId: actor.id }],
    });
    return this.query.one(id);
  }

  /** A returned outcome, corrected and submitted again by its PI or host institution. */
  async resubmit(id: string, input: OutcomeInput, actor: Actor): Promise<OutcomeView> {
    const row = await this.query.row(id, actor);
    assertMayRegisterOutcome(actor, row);
    const project = await this.projects.get(row.projectId, actor);
    const record = await this.settle(row.projectId, input, project);
    await this.command(id, row.status as OutcomeStatus, 'resubmit', (h) =>
      h.executeUpdate(resubmitOutcomeUpdate, { args: [{ record, actorId: actor.id }] }),
    );
    return this.query.one(id);
  }

  /** 核实: verify, return with comments, or reject with reasons (the staff). */
  async verify(id: string, input: OutcomeDecisionInput, actor: Actor): Promise<OutcomeView> {
    assertMayVerifyOutcomes(actor);
    const row = await this.query.row(id, actor);
    assertVerificationComment(input.decision, input.comment);
    await this.command(id, row.status as OutcomeStatus, input.decision, (h) =>
      h.executeUpdate(verifyOutcomeUpdate, { args: [{ ...input, actorId: actor.id }] }),
    );
    return this.query.one(id);
  }

  /** Key field and county settled, the date not in the future, the files the project's or its application's. */
  private async settle(
    projectId: string,
    input: OutcomeInput,
    project: { keyField: string | null; county: string | null },
  ) {
    const cited = input.evidence.attachmentIds;
    const citable = cited.length ? await this.attachments.citable(projectId, cited) : [];
    assertOutcomeEvidence(
      cited,
      citable.map((a) => a.id),
    );
    return settleOutcome(input, project, shanghaiDate(new Date()));
  }

  /** Sends the command; a finished run (verified or rejected) is explained by the same rule. */
  private command(
    id: string,
    status: OutcomeStatus,
    command: Parameters<typeof nextOutcomeStatus>[1],
    send: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<unknown>,
  ) {
    const handle = this.temporal.workflow.getHandle(workflowIds.outcome(id));
    return sendCommand(handle, () => nextOutcomeStatus(status, command), send);
  }
}
