import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WorkflowHandle } from '@temporalio/client';
import {
  Actor,
  assertHonestFailureActor,
  assertHonestFailureStep,
  assertOriginalRecords,
  assertProjectOngoing,
  assertProjectParty,
  ExpertConfirmationInput,
  HonestFailureRequestInput,
  HonestFailureStep,
  HonestFailureView,
  ProjectView,
  RiskProfileInput,
  workflowIds,
} from '@kjflow/domain';
import { AttachmentRepository } from '@kjflow/persistence';
import {
  confirmHonestFailureUpdate,
  decideHonestFailureUpdate,
  requestHonestFailureUpdate,
  setRiskProfileUpdate,
} from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { ProjectsQueryService } from './projects-query.service';
import { HonestFailureQueryService } from './honest-failure-query.service';

/**
 * 容错 on a project (issue 16 §2): commands through `project-<id>` (the workflow checks the rules on
 * the project's records and writes); the answer is the request as recorded.
 */
@Injectable()
export class HonestFailureCommandService {
  private readonly attachments: AttachmentRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
    private readonly query: HonestFailureQueryService,
  ) {
    this.attachments = new AttachmentRepository(ds);
  }

  /** One step: read access (404), the step's party (403), then the project's workflow decides. */
  private async step(
    id: string,
    actor: Actor,
    step: HonestFailureStep,
    send: (h: WorkflowHandle) => Promise<unknown>,
    before?: (p: ProjectView) => Promise<void>,
  ): Promise<HonestFailureView> {
    const p = await this.projects.get(id, actor);
    assertHonestFailureActor(actor, p, step);
    await before?.(p);
    const current = await this.query.current(id);
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(id)),
      // No run (an earlier record, or the run ended): the rule on the records explains why.
      () => assertHonestFailureStep(p.status, current, step),
      send,
    );
    return this.query.view((await this.projects.one(id))!);
  }

  request(id: string, input: HonestFailureRequestInput, actor: Actor) {
    return this.step(
      id,
      actor,
      'request',
      (h) => h.executeUpdate(requestHonestFailureUpdate, { args: [{ actorId: actor.id, ...input }] }),
      async () => {
        const citable = await this.attachments.citable(id, input.originalRecordIds);
        assertOriginalRecords(
          input.originalRecordIds,
          citable.map((a) => a.id),
        );
      },
    );
  }

  confirm(id: string, input: { opinion: string; confirmed: boolean }, actor: Actor) {
    return this.step(id, actor, 'confirm', (h) =>
      h.executeUpdate(confirmHonestFailureUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
  }

  decide(id: string, input: ExpertConfirmationInput, actor: Actor) {
    return this.step(id, actor, 'decide', (h) =>
      h.executeUpdate(decideHonestFailureUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
  }

  /** 风险标记: staff flag the project through its workflow; answers the project. */
  async setRiskProfile(id: string, input: RiskProfileInput, actor: Actor): Promise<ProjectView> {
    const p = await this.projects.get(id, actor);
    assertProjectParty(actor, p, 'staff');
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(id)),
      () => assertProjectOngoing(p.status),
      (h) =>
        h.executeUpdate(setRiskProfileUpdate, {
          args: [{ actorId: actor.id, riskProfile: input.riskProfile, reason: input.reason }],
        }),
    );
    return (await this.projects.one(id))!;
  }
}
