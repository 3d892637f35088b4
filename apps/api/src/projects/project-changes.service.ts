import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import {
  Actor,
  assertMayRequestChange,
  ChangeDecisionInput,
  ChangeRequestInput,
  ChangeView,
  DomainError,
  mayReadChange,
  notFound,
  Page,
  PageQuery,
  ProjectView,
  UnapprovedChangeInput,
  workflowIds,
} from '@kjflow/domain';
import { mapPage, ProjectChangeEntity, ProjectChangeRepository } from '@kjflow/persistence';
import { decideChangeUpdate, recordUnapprovedChangeUpdate, requestChangeUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { ProjectsQueryService } from './projects-query.service';

const CHANGE = { zh: '变更申请', en: 'Change request' };

/**
 * Change requests (变更申请, RULES §8) of a project: the PI asks, the host institution consents,
 * officers decide (four eyes for major changes); each command goes to `project-<id>`.
 */
@Injectable()
export class ProjectChangesService {
  private readonly changes: ProjectChangeRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
  ) {
    this.changes = new ProjectChangeRepository(ds);
  }

  /**
   * The PI asks. The project's workflow applies the rules on its clock: a new PI or host passes the
   * credit and 限项 gates there, when asked and again at each approval.
   */
  async request(projectId: string, input: ChangeRequestInput, actor: Actor): Promise<ChangeView> {
    const project = await this.projects.get(projectId, actor);
    assertMayRequestChange(actor, project);
    const changeId = randomUUID();
    await this.send(projectId, () =>
      this.temporal.workflow
        .getHandle(workflowIds.project(projectId))
        .executeUpdate(requestChangeUpdate, { args: [{ changeId, actorId: actor.id, request: input }] }),
    );
    return this.one(projectId, changeId);
  }

  /** One step of the chain: the host institution, an officer, a second officer. */
  async decide(
    projectId: string,
    changeId: string,
    input: ChangeDecisionInput,
    actor: Actor,
  ): Promise<ChangeView> {
    await this.readable(projectId, changeId, actor);
    await this.send(projectId, () =>
      this.temporal.workflow.getHandle(workflowIds.project(projectId)).executeUpdate(decideChangeUpdate, {
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
    return this.one(projectId, changeId);
  }

  /** An officer records a change of objectives or route made without approval. */
  async recordUnapproved(
    projectId: string,
    input: UnapprovedChangeInput,
    actor: Actor,
  ): Promise<ProjectView> {
    await this.projects.get(projectId, actor);
    await this.send(projectId, () =>
      this.temporal.workflow
        .getHandle(workflowIds.project(projectId))
        .executeUpdate(recordUnapprovedChangeUpdate, {
          args: [{ actorId: actor.id, kind: input.kind, note: input.note }],
        }),
    );
    return this.projects.get(projectId, actor);
  }

  async page(projectId: string, page: PageQuery, actor: Actor): Promise<Page<ChangeView>> {
    await this.projects.get(projectId, actor);
    return mapPage(await this.changes.page(projectId, page), toView);
  }

  async get(projectId: string, changeId: string, actor: Actor): Promise<ChangeView> {
    return toView(await this.readable(projectId, changeId, actor));
  }

  /** The request, for its readers (the project's, and the new host of a change of host); else 404. */
  private async readable(projectId: string, changeId: string, actor: Actor): Promise<ProjectChangeEntity> {
    const project = await this.projects.one(projectId);
    const row = project ? await this.changes.find(projectId, changeId) : null;
    if (!project || !row || !mayReadChange(actor, project, row)) throw notFound(CHANGE);
    return row;
  }

  private async one(projectId: string, changeId: string): Promise<ChangeView> {
    const row = await this.changes.find(projectId, changeId);
    if (!row) throw notFound(CHANGE);
    return toView(row);
  }

  /** A project without a running workflow (an earlier record, or finished) takes no changes. */
  private async send(projectId: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      throw new DomainError('invalid_state', {
        zh: '该项目不在系统中执行（既往登记或已结束），不能办理变更',
        en: 'This project is not run here (an earlier record, or finished); it takes no change requests',
      });
    }
  }
}

function toView(r: ProjectChangeEntity): ChangeView {
  return {
    id: r.id,
    projectId: r.projectId,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    detail: r.detail,
    steps: r.steps,
    decisions: r.decisions,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
    agreementVersion: r.agreementVersion,
    diff: r.diff,
  };
}
