import { proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { assertMaySaveTemplate } from '@kjflow/domain/guide/program-template.rules';
import { DomainError } from '@kjflow/domain/kernel/errors.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import {
  ProgramTemplateState,
  programTemplateStateQuery,
  SaveProgramTemplateArgs,
  saveProgramTemplateUpdate,
} from './definitions';
import { check } from './lib/failures';
import { idleTracker } from './lib/idle';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

export const PROGRAM_TEMPLATE_IDLE_MS = 10 * 60_000;

export interface ProgramTemplateInput {
  code: string;
  /** How long (ms) it stays open without a command (tests shorten it). */
  idleMs?: number;
}

/**
 * One workflow per program template code (`program-template-<code>`): saves of a code are
 * versions, written one after the other. The activity numbers each version in its transaction
 * (under the code's lock), so a run reopened after idling continues the numbering from the rows.
 */
export async function programTemplateWorkflow(input: ProgramTemplateInput): Promise<ProgramTemplateState> {
  const state: ProgramTemplateState = { code: input.code, lastVersion: null, lastId: null };
  const { guarded } = handlerQueue(state);
  const { counted, untilIdle } = idleTracker();
  setHandler(programTemplateStateQuery, () => state);

  const validateSave = (a: SaveProgramTemplateArgs) =>
    check(() => {
      assertMaySaveTemplate({ roles: a.actorRoles });
      if (a.template.code !== input.code) {
        throw new DomainError('validation_failed', {
          zh: `模板代码须为 ${input.code}`,
          en: `The template's code must be ${input.code}`,
        });
      }
    });
  setHandler(
    saveProgramTemplateUpdate,
    counted(
      guarded<SaveProgramTemplateArgs>(async (a) => {
        validateSave(a);
        const id = uuid4();
        const { version } = await acts.saveProgramTemplate({
          id,
          template: a.template,
          actorId: a.actorId,
          workflowId: workflowIds.programTemplate(input.code),
          step: `saved:${id}`,
          at: Date.now(),
        });
        state.lastVersion = version;
        state.lastId = id;
      }),
    ),
    { validator: validateSave },
  );

  await untilIdle(input.idleMs ?? PROGRAM_TEMPLATE_IDLE_MS);
  return state;
}
