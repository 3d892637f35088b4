import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowHandle } from '@temporalio/client';
import {
  Actor,
  assertMidtermActor,
  assertMidtermStep,
  MidtermPanelConveneInput,
  MidtermDecisionInput,
  MidtermReviewInput,
  MidtermStep,
  MidtermSubmissionInput,
  MidtermView,
  workflowIds,
} from '@kjflow/domain';
import {
  confirmMidtermUpdate,
  conveneMidtermPanelUpdate,
  decideMidtermUpdate,
  reviewMidtermUpdate,
  submitMidtermUpdate,
} from '@kjflow/workflows';
import { ProjectsQueryService } from './projects-query.service';
import { MidtermQueryService } from './midterm-query.service';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';

/** 中期检查: each step a command to `project-<id>`; the answer is the check as recorded. */
@Injectable()
export class MidtermCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
    private readonly query: MidtermQueryService,
  ) {}

  /** One step: read access (404), the step's party (403), then the project's workflow decides. */
  private async step(
    id: string,
    actor: Actor,
    step: MidtermStep,
    send: (h: WorkflowHandle) => Promise<unknown>,
  ): Promise<MidtermView> {
    const p = await this.projects.get(id, actor);
    assertMidtermActor(actor, p, step);
    const midterm = await this.query.facts(id);
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(id)),
      // No run (an earlier record): the rule on the records explains why.
      () =>
        assertMidtermStep(
          {
            status: p.status,
            midtermAt: p.midtermAt,
            midterm,
          },
          step,
          actor.id,
        ),
      send,
    );
    return this.query.get(id, actor);
  }

  submit(id: string, input: MidtermSubmissionInput, actor: Actor) {
    return this.step(id, actor, 'submit', (h) =>
      h.executeUpdate(submitMidtermUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
  }

  confirm(id: string, input: { opinion: string }, actor: Actor) {
    return this.step(id, actor, 'confirm', (h) =>
      h.executeUpdate(confirmMidtermUpdate, { args: [{ actorId: actor.id, opinion: input.opinion }] }),
    );
  }

  review(id: string, input: MidtermReviewInput, actor: Actor) {
    return this.step(id, actor, 'review', (h) =>
      h.executeUpdate(reviewMidtermUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
  }

  /** 召集专家组: the draw's seed is chosen here (uint32) and recorded with the panel. */
  convene(id: string, input: MidtermPanelConveneInput, actor: Actor) {
    const seed = randomInt(0, 0xffffffff);
    return this.step(id, actor, 'convene', (h) =>
      h.executeUpdate(conveneMidtermPanelUpdate, {
        args: [{ actorId: actor.id, seed, pool: input.pool ?? null }],
      }),
    );
  }

  decide(id: string, input: MidtermDecisionInput, actor: Actor) {
    return this.step(id, actor, 'decide', (h) =>
      h.executeUpdate(decideMidtermUpdate, {
        args: [
          {
            actorId: actor.id,
            decision: input.decision,
            reasons: input.reasons,
            changeNote: input.changeNote ?? null,
            severity: input.severity,
            creditInstitution: input.creditInstitution,
          },
        ],
      }),
    );
  }
}
