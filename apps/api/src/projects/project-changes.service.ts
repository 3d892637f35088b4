import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import {
  Actor,
  assertMayRequestChange,
  assertNewPiEligible,
  ChangeDecisionInput,
  checkEligibility,
  CreditLevel,
  ChangeRequestInput,
  ChangeView,
  DomainError,
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
import { CreditService } from '../credit/credit.service';
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
    private readonly credit: CreditService,
  ) {
    this.changes = new ProjectChangeRepository(ds);
  }

  /** The PI asks; a new PI must pass the credit and 限项 gates before anything is sent. */
  async request(projectId: string, input: ChangeRequestInput, actor: Actor): Promise<ChangeView> {
    const project = await this.projects.get(projectId, actor);
    assertMayRequestChange(actor, project);
    if (input.kind === 'pi_change') {
      const at = new Date();
      const subjects = await this.credit.subjects({
        piId: input.newPiId,
        institutionId: null,
        participantIds: [],
        at,
      });
      const facts = await this.changes.facts(projectId);
      // The program's minimum credit level, as at the formal check (calls without one: good).
      const template = facts?.template as { eligibility?: { minCreditLevel?: CreditLevel } } | null;
      const gate = checkEligibility({
        subjects,
        minCreditLevel: template?.eligibility?.minCreditLevel ?? 'good',
        at,
      });
      const load = await this.changes.piLoad(input.newPiId, project.programCode, at);
      assertNewPiEligible({
        currentPiId: project.piId,
        newPiId: input.newPiId,
        credit: gate,
        ongoingInProgram: load.ongoing,
        overdue: load.overdue,
      });
    }
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
    await this.projects.get(projectId, actor);
    await this.one(projectId, changeId);
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
    await this.projects.get(projectId, actor);
    return this.one(projectId, changeId);
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
