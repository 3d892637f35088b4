import { proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { assertMaySetCasePolicy } from '@kjflow/domain/credit/misconduct-case.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { CasePolicyState, SaveCasePolicyArgs, saveCasePolicyUpdate } from './definitions';
import { check } from './lib/failures';
import { idleTracker } from './lib/idle';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/**
 * The misconduct-case timings as data (`case-policy`): an administrator's save is a new version,
 * written one after the other; a case takes the latest at its report. Closes when idle.
 */
export async function casePolicyWorkflow(input: { idleMs?: number } = {}): Promise<CasePolicyState> {
  const state: CasePolicyState = { lastVersion: null, lastId: null };
  const { guarded } = handlerQueue(state);
  const { counted, untilIdle } = idleTracker();
  const validate = (a: SaveCasePolicyArgs) => check(() => assertMaySetCasePolicy({ roles: a.actorRoles }));
  setHandler(
    saveCasePolicyUpdate,
    counted(
      guarded<SaveCasePolicyArgs>(async (a) => {
        validate(a);
        const id = uuid4();
        const { version } = await acts.saveCasePolicy({
          id,
          policy: a.policy,
          actorId: a.actorId,
          workflowId: workflowIds.casePolicy(),
          step: `saved:${id}`,
          at: Date.now(),
        });
        state.lastVersion = version;
        state.lastId = id;
      }),
    ),
    { validator: validate },
  );
  await untilIdle(input.idleMs ?? 10 * 60_000);
  return state;
}
