import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  assertVerificationComment,
  nextOutcomeStatus,
  OUTCOME_DONE,
} from '@kjflow/domain/project/outcome.rules';
import type { Activities } from './activities';
import {
  OutcomeState,
  outcomeStateQuery,
  RegisterOutcomeArgs,
  registerOutcomeUpdate,
  ResubmitOutcomeArgs,
  resubmitOutcomeUpdate,
  VerifyOutcomeArgs,
  verifyOutcomeUpdate,
} from './definitions';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

export interface OutcomeWorkflowInput {
  outcomeId: string;
  projectId: string;
}

const STEP = { verify: 'verified', return: 'returned', reject: 'rejected' } as const;

/**
 * One outcome (成果, `outcome-<id>`), from registration to the officer's decision. Its own
 * workflow, not a part of the project's: outcomes keep arriving after the project has ended (a
 * patent granted two years later). Registered by update-with-start; returned outcomes wait for
 * their resubmission; the run ends once the outcome is verified or rejected.
 */
export async function outcomeWorkflow(input: OutcomeWorkflowInput): Promise<OutcomeState> {
  const state: OutcomeState = { outcomeId: input.outcomeId, status: 'draft', version: 0 };
  const { guarded } = handlerQueue(state);
  setHandler(outcomeStateQuery, () => state);

  const validateRegister = (_: RegisterOutcomeArgs) =>
    check(() => nextOutcomeStatus(state.status, 'register'));
  setHandler(
    registerOutcomeUpdate,
    guarded<RegisterOutcomeArgs>(async (args) => {
      validateRegister(args);
      await acts.recordOutcome({
        outcomeId: input.outcomeId,
        projectId: input.projectId,
        step: 'registered',
        version: 1,
        actorId: args.actorId,
        at: Date.now(),
        record: args.record,
      });
      state.status = 'submitted';
      state.version = 1;
    }),
    { validator: validateRegister },
  );

  const validateResubmit = (_: ResubmitOutcomeArgs) =>
    check(() => nextOutcomeStatus(state.status, 'resubmit'));
  setHandler(
    resubmitOutcomeUpdate,
    guarded<ResubmitOutcomeArgs>(async (args) => {
      validateResubmit(args);
      await acts.recordOutcome({
        outcomeId: input.outcomeId,
        projectId: input.projectId,
        step: 'resubmitted',
        version: state.version + 1,
        actorId: args.actorId,
        at: Date.now(),
        record: args.record,
      });
      state.status = 'submitted';
      state.version += 1;
    }),
    { validator: validateResubmit },
  );

  const validateVerify = (args: VerifyOutcomeArgs) =>
    check(() => {
      nextOutcomeStatus(state.status, args.decision);
      assertVerificationComment(args.decision, args.comment);
    });
  setHandler(
    verifyOutcomeUpdate,
    guarded<VerifyOutcomeArgs>(async (args) => {
      validateVerify(args);
      const t = nextOutcomeStatus(state.status, args.decision);
      await acts.recordOutcome({
        outcomeId: input.outcomeId,
        projectId: input.projectId,
        step: STEP[args.decision],
        version: state.version,
        actorId: args.actorId,
        at: Date.now(),
        comment: args.comment,
      });
      state.status = t.to;
    }),
    { validator: validateVerify },
  );

  await condition(() => OUTCOME_DONE.includes(state.status));
  await condition(allHandlersFinished);
  return state;
}
