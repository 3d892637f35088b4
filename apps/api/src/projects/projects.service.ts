import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertKnownSubjects,
  Page,
  PageQuery,
  ProjectView,
  RegisterProjectInput,
  shanghaiDate,
  isActiveProject,
  mayReadProject,
  myProjectsFilter,
  notFound,
  workflowIds,
} from '@kjflow/domain';
import { mapPage, ProjectEntity, ProjectFilter, ProjectRepository } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import { projectRegisteredUpdate } from '@kjflow/workflows';
import type { ProjectInput } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';

const PROJECT = { zh: '项目', en: 'Project' };

@Injectable()
export class ProjectsService {
  private readonly projects: ProjectRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {
    this.projects = new ProjectRepository(ds);
  }

  /** The project's workflow writes its record as its first step (update-with-start). */
  async register(input: RegisterProjectInput, actor: Actor): Promise<ProjectView> {
    assertKnownSubjects(await this.projects.unknownSubjects(input.piId, input.institutionId));
    const id = randomUUID();
    const args: ProjectInput = {
      projectId: id,
      registration: { actorId: actor.id, project: input, at: Date.now() },
    };
    await this.temporal.workflow.executeUpdateWithStart(projectRegisteredUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation('projectWorkflow', {
        workflowId: workflowIds.project(id),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue: TASK_QUEUE,
        args: [args],
      }),
    });
    return (await this.one(id))!;
  }

  /** A page of projects, newest start first, each with its overdue progress reports. */
  async page(filter: ProjectFilter, page: PageQuery): Promise<Page<ProjectView>> {
    const now = new Date();
    const rows = await this.projects.page(filter, page, now);
    const overdue = await this.projects.overdueReports(
      rows.items.map((r) => r.id),
      now,
    );
    const today = shanghaiDate(now);
    return mapPage(rows, (r) => projectView(r, today, overdue.get(r.id) ?? 0));
  }

  /** One project, to the people who may read it (others: 404, as if it did not exist). */
  async get(id: string, actor: Actor): Promise<ProjectView> {
    const p = await this.one(id);
    if (!p || !mayReadProject(actor, p)) throw notFound(PROJECT);
    return p;
  }

  /** A PI's projects, or the host institution's. */
  mine(actor: Actor, page: PageQuery): Promise<Page<ProjectView>> {
    return this.page(myProjectsFilter(actor), page);
  }

  /** One project, or null. */
  async one(id: string): Promise<ProjectView | null> {
    return (await this.page({ id }, { limit: 1 })).items[0] ?? null;
  }
}

/**
 * A project as the API shows it: `today` (Beijing date) and its progress reports past due decide
 * whether it is overdue.
 */
function projectView(r: ProjectEntity, today: string, overdueReports: number): ProjectView {
  return {
    id: r.id,
    programCode: r.programCode,
    title: r.title,
    summary: r.summary,
    piId: r.piId,
    institutionId: r.institutionId,
    status: r.status,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    acceptedOn: r.acceptedOn,
    overdue: (isActiveProject(r.status) && r.endsOn < today) || overdueReports > 0,
    source: r.source,
    agreementId: r.agreementId,
    mode: r.mode,
    county: r.county,
    keyField: r.keyField,
    midtermAt: r.midtermAt ? r.midtermAt.toISOString() : null,
    overdueReports,
    unapprovedChange: r.unapprovedChange,
  };
}
