import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertKnownSubjects,
  assertMayRegisterProjects,
  ProjectView,
  RegisterProjectInput,
  workflowIds,
} from '@kjflow/domain';
import { ProjectRepository } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import { projectRegisteredUpdate } from '@kjflow/workflows';
import type { ProjectInput } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { ProjectsQueryService } from './projects-query.service';
import { commandId } from '../common/command-context';

/**
 * 登记既有项目: a project from the bureau's earlier records, so 限项 and duplicate checks see it.
 * The project's workflow writes its record as its first step (update-with-start).
 */
@Injectable()
export class ProjectsCommandService {
  private readonly projects: ProjectRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: ProjectsQueryService,
  ) {
    this.projects = new ProjectRepository(ds);
  }

  async register(input: RegisterProjectInput, actor: Actor): Promise<ProjectView> {
    assertMayRegisterProjects(actor);
    assertKnownSubjects(await this.projects.unknownSubjects(input.piId, input.institutionId));
    const id = commandId();
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
    return (await this.query.one(id))!;
  }
}
