import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { assertExpertNotRegistered } from '@kjflow/domain/review/expert.rules';
import type { Activities } from './activities';
import {
  ExpertImportInput,
  ExpertImportOutcome,
  ExpertState,
  RegisterExpertArgs,
  registerExpertUpdate,
  UpdateExpertArgs,
  updateExpertUpdate,
} from './definitions';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/** How long an expert's workflow stays open after its last command before it closes. */
const IDLE = '30 seconds';

export interface ExpertWorkflowInput {
  expertId: string;
  /** How long to stay open after the last command, in ms (tests use a second). */
  idleMs?: number;
}

/**
 * One expert of the pool (`expert-<id>`): registration and updates are commands here, written by
 * activities with their event. The workflow closes when idle and the next command reopens it
 * (update-with-start, the same id), so an expert costs nothing between changes.
 */
export async function expertWorkflow(input: ExpertWorkflowInput): Promise<ExpertState> {
  const state: ExpertState = { expertId: input.expertId, registered: false, updates: 0 };
  const { guarded } = handlerQueue(state);

  const validateRegister = (_: RegisterExpertArgs) =>
    check(() => assertExpertNotRegistered(state.registered));
  setHandler(
    registerExpertUpdate,
    guarded<RegisterExpertArgs>(async (args) => {
      validateRegister(args);
      await acts.registerExpert({ ...args, expertId: input.expertId, at: Date.now() });
      state.registered = true;
    }),
    { validator: validateRegister },
  );

  setHandler(
    updateExpertUpdate,
    guarded<UpdateExpertArgs>(async (args) => {
      state.updates += 1;
      // Unique across runs (the run id) and within one (the count): a retry writes once.
      const step = `updated:${workflowInfo().runId}:${state.updates}`;
      await acts.updateExpert({ ...args, expertId: input.expertId, step, at: Date.now() });
    }),
  );

  for (;;) {
    await condition(allHandlersFinished);
    if (!(await condition(() => !allHandlersFinished(), input.idleMs ?? IDLE))) break;
  }
  return state;
}

/** Rows per activity: each row is its own transaction, a batch a bounded unit of retry. */
export const EXPERT_IMPORT_BATCH = 50;

/**
 * One import of the pool from a sheet (`expert-import-<id>`): the rows that passed the file's
 * checks, written in batches; a bad row is reported with its row number and writes nothing.
 */
export async function expertImportWorkflow(input: ExpertImportInput): Promise<ExpertImportOutcome[]> {
  const outcomes: ExpertImportOutcome[] = [];
  for (let i = 0; i < input.rows.length; i += EXPERT_IMPORT_BATCH)
    outcomes.push(
      ...(await acts.importExpertRows({
        importId: input.importId,
        actorId: input.actorId,
        present: input.present,
        rows: input.rows.slice(i, i + EXPERT_IMPORT_BATCH),
        at: Date.now(),
      })),
    );
  return outcomes;
}
