import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { assertRolesChangeAllowed } from '@kjflow/domain/user/user-admin.rules';
import type { Activities } from './activities';
import { ChangeUserRolesArgs, changeUserRolesUpdate, UserState } from './definitions';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/** How long a user's workflow stays open after its last command before it closes. */
const IDLE = '30 seconds';

export interface UserWorkflowInput {
  userId: string;
  /** How long to stay open after the last command, in ms (tests use a second). */
  idleMs?: number;
}

/**
 * One user's account (`user-<id>`): the administrators' role changes are commands here, written
 * one after another by an activity with their event. The workflow closes when idle and the next
 * command reopens it (update-with-start, the same id), so a user costs nothing between changes.
 */
export async function userWorkflow(input: UserWorkflowInput): Promise<UserState> {
  const state: UserState = { userId: input.userId, roleChanges: 0, roles: null };
  const { guarded } = handlerQueue(state);

  // Refused in the validator: a refused change never enters the history, let alone the database.
  const validate = (args: ChangeUserRolesArgs) =>
    check(() => assertRolesChangeAllowed({ actorId: args.actorId, userId: input.userId, roles: args.roles }));
  setHandler(
    changeUserRolesUpdate,
    guarded<ChangeUserRolesArgs>(async (args) => {
      validate(args);
      state.roleChanges += 1;
      // Unique across runs (the run id) and within one (the count): a retry writes once.
      const step = `roles:${workflowInfo().runId}:${state.roleChanges}`;
      state.roles = await acts.changeUserRoles({ ...args, userId: input.userId, step, at: Date.now() });
    }),
    { validator: validate },
  );

  for (;;) {
    await condition(allHandlersFinished);
    if (!(await condition(() => !allHandlersFinished(), input.idleMs ?? IDLE))) break;
  }
  return state;
}
