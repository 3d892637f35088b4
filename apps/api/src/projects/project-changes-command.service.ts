import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertChangesRunHere,
  assertMayRequestChange,
  ChangeDecisionInput,
  ChangeRequestInput,
  ChangeView,
  ProjectView,
  UnapprovedChangeInput,
  workflowIds,
} from '@kjflow/domain';
import { decideChangeUpdate, recordUnapprovedChangeUpdate, requestChangeUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { ProjectsQueryService } from './projects-query.service';
import { ProjectChangesQueryService } from './project-changes-query.service';
import { commandId } from '../common/command-context';

/**
 * Change requests (变更申请, RULES §8) of a project: the PI asks, the host institution consents,
 * officers decide (four eyes for major changes); each command goes to `project-<id>`.
 */
@Injectable()
export class ProjectChangesCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
    private readonly query: ProjectChangesQueryService,
  ) {}

  /**
   * The PI asks. The project's workflow applies the rules on its clock: a new PI or host passes the
   * credit and 限项 gates there, when asked and again at each approval.
   */
  async request(projectId: string, input: ChangeRequestInput, actor: Actor): Promise<ChangeView> {
    const project = await this.projects.get(projectId, actor);
    assertMayRequestChange(actor, project);
    const changeId = commandId();
    await this.send(project, (h) =>
      h.executeUpdate(requestChangeUpdate, { args: [{ changeId, actorId: actor.id, request: input }] }),
    );
    return this.query.one(projectId, changeId);
  }

  /** One step of the chain: the host institution, an officer, a second officer. */
  async decide(
    projectId: string,
    changeId: string,
    input: ChangeDecisionInput,
    actor: Actor,
  ): Promise<ChangeView> {
    await this.query.readable(projectId, changeId, actor);
    const project = (await this.projects.one(projectId))!;
    await this.send(project, (h) =>
      h.executeUpdate(decideChangeUpdate, {
        args: [
          {
            changeId,
            actor: { id: actor.id, roles: [...actor.roles], institutionId: actor.institutionId },
            decision: input.decision,
            comment: input.comment ?? null,
          },
        ],
      }),
    );
    return this.query.one(projectId, changeId);
  }

  /** An officer records a change of objectives or route made without approval. */
  async recordUnapproved(
    projectId: string,
    input: UnapprovedChangeInput,
    actor: Actor,
  ): Promise<ProjectView> {
    const project = await this.projects.get(projectId, actor);
    await this.send(project, (h) =>
      h.executeUpdate(recordUnapprovedChangeUpdate, {
        args: [{ actorId: actor.id, kind: input.kind, note: input.note }],
      }),
    );
    return this.projects.get(projectId, actor);
  }

  /** A project without a running workflow (an earlier record, or ended) takes no changes: the rule says why. */
  private send(project: Pick<ProjectView, 'id' | 'status'>, fn: Parameters<typeof sendCommand>[2]) {
    return sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(project.id)),
      () => assertChangesRunHere(project.status),
      fn,
    );
  }
}
