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
  workflowIds,
} from '@kjflow/domain';
import { mapPage, ProjectEntity, ProjectFilter, ProjectRepository } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import { projectRegisteredUpdate } from '@kjflow/workflows';
import type { ProjectInput } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';

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
    return (await this.list({ id }))[0];
  }

  /** A page of projects, newest start first. */
  async page(filter: ProjectFilter, page: PageQuery): Promise<Page<ProjectView>> {
    const rows = await this.projects.page(filter, page);
    const today = shanghaiDate(new Date());
    return mapPage(rows, (r) => projectView(r, today));
  }

  async list(filter: ProjectFilter): Promise<ProjectView[]> {
    const rows = await this.projects.list(filter);
    const today = shanghaiDate(new Date());
    return rows.map((r) => projectView(r, today));
  }
}

/** A project as the API shows it; `today` (Beijing date) decides whether it is overdue. */
function projectView(r: ProjectEntity, today: string): ProjectView {
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
    overdue: r.status === 'ongoing' && r.endsOn < today,
    source: r.source,
  };
}
