import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertMayManageUsers,
  assertRolesChangeAllowed,
  normalizeRoles,
  notFound,
  UserAdminView,
  UserRolesInput,
  workflowIds,
} from '@kjflow/domain';
import { UserRepository } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import { changeUserRolesUpdate } from '@kjflow/workflows';
import type { UserWorkflowInput } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { UsersQueryService } from './users-query.service';

const USER = { zh: '用户', en: 'User' };

/**
 * Changing a user's roles: a command to the user's workflow (`user-<id>`, reopened by
 * update-with-start), answered once the roles and their event are recorded.
 */
@Injectable()
export class UsersCommandService {
  private readonly users: UserRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: UsersQueryService,
  ) {
    this.users = new UserRepository(ds);
  }

  async setRoles(id: string, input: UserRolesInput, actor: Actor): Promise<UserAdminView> {
    assertMayManageUsers(actor);
    const roles = normalizeRoles(input.roles);
    // The same checks the workflow makes, before anything is sent: a refusal writes nothing.
    if (!(await this.users.byId(id))) throw notFound(USER);
    assertRolesChangeAllowed({ actorId: actor.id, userId: id, roles });
    const start: UserWorkflowInput = { userId: id };
    await this.temporal.workflow.executeUpdateWithStart(changeUserRolesUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation('userWorkflow', {
        workflowId: workflowIds.user(id),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue: TASK_QUEUE,
        args: [start],
      }),
      args: [{ roles, actorId: actor.id }],
    });
    return this.query.get(id);
  }
}
