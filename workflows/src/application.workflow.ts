import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  ApplicationContent,
  ApplicationStatus,
  assertEditable,
  assertSubmittable,
  assertCanSubmit,
  CallSpec,
  DomainError,
  EDITABLE_STATUSES,
  KjStage,
  nextStatus,
  parseOrThrow,
  patchApplicationSchema,
  Transition,
} from '@kjflow/domain';
import type { Activities } from './activities';
import {
  applicationCreatedUpdate,
  ApplicationState,
  applicationStateQuery,
  EditDraftArgs,
  editDraftUpdate,
  FormalCheckArgs,
  formalCheckUpdate,
  SubmitArgs,
  submitUpdate,
} from './definitions';
import { check, toFailure } from './lib/failures';
import { serializer } from './lib/serial';

const acts = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

export interface ApplicationWorkflowInput {
  applicationId: string;
  call: Pick<CallSpec, 'id' | 'mode' | 'windowStart' | 'windowEnd' | 'budgetCapFen'>;
  applicantId: string;
  institutionId: string | null;
  content: ApplicationContent;
}

/** Statuses after which the application leaves this stage of the lifecycle. */
const STAGE_DONE: readonly ApplicationStatus[] = ['formal_check_passed', 'rejected', 'lapsed'];

/**
 * One workflow per application (`application-<id>`). Human actions are updates whose validators
 * decide with the server's clock (the workflow task's time) before anything enters history;
 * handlers run one at a time and write through idempotent activities.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationState> {
  const state: ApplicationState = {
    applicationId: input.applicationId,
    status: 'draft',
    content: input.content,
    version: 1,
    submittedAt: null,
  };
  let created = false;
  let step = 0;
  const serial = serializer();
  const windowEnd = new Date(input.call.windowEnd).getTime();

  async function transition(t: Transition, actorId: string | null, reason: string | null): Promise<void> {
    const at = Date.now();
    const version = state.version + 1;
    await acts.transitionApplication({
      id: input.applicationId,
      transition: t,
      version,
      actorId,
      reason,
      step: `${++step}:${t.event}`,
      at,
    });
    state.status = t.to;
    state.version = version;
    if (t.to === 'submitted') state.submittedAt = new Date(at).toISOString();
    upsertSearchAttributes([{ key: KjStage, value: t.to }]);
  }

  /** Handlers re-check inside the queue: an earlier update may have changed the state. */
  function guarded<A>(fn: (args: A) => Promise<void>) {
    return (args: A) =>
      serial(async () => {
        try {
          await fn(args);
        } catch (err) {
          throw toFailure(err);
        }
        return state;
      });
  }

  setHandler(applicationStateQuery, () => state);
  setHandler(applicationCreatedUpdate, async () => {
    await condition(() => created);
    return state;
  });

  const validateEdit = ({ patch, expectedVersion }: EditDraftArgs) =>
    check(() => {
      assertEditable(state.status);
      parseOrThrow(patchApplicationSchema, patch, '修改内容');
      if (expectedVersion !== undefined && expectedVersion !== state.version) {
        throw new DomainError('precondition_failed', {
          zh: `申报书已被修改（当前版本 ${state.version}），请刷新后再编辑`,
          en: `The application has changed (now version ${state.version}); reload before editing`,
        });
      }
    });
  setHandler(
    editDraftUpdate,
    guarded<EditDraftArgs>(async (args) => {
      validateEdit(args);
      const clean = parseOrThrow(patchApplicationSchema, args.patch);
      const content = { ...state.content, ...clean };
      const version = state.version + 1;
      await acts.saveApplicationDraft({
        id: input.applicationId,
        content,
        changed: Object.keys(clean),
        version,
        actorId: args.actorId,
        step: `${++step}:draft_saved`,
        at: Date.now(),
      });
      state.content = content;
      state.version = version;
    }),
    { validator: validateEdit },
  );

  const validateSubmit = (_: SubmitArgs) =>
    check(() => {
      assertCanSubmit(state.status, input.call, Date.now());
      assertSubmittable(state.content, input.call.budgetCapFen);
    });
  setHandler(
    submitUpdate,
    guarded<SubmitArgs>(async (args) => {
      validateSubmit(args);
      await transition(assertCanSubmit(state.status, input.call, Date.now()), args.actorId, null);
    }),
    { validator: validateSubmit },
  );

  const validateDecision = ({ decision }: FormalCheckArgs) =>
    check(() => void nextStatus(state.status, { kind: 'formal_check', decision }));
  setHandler(
    formalCheckUpdate,
    guarded<FormalCheckArgs>(async (args) => {
      validateDecision(args);
      await transition(
        nextStatus(state.status, { kind: 'formal_check', decision: args.decision }),
        args.actorId,
        args.reason ?? null,
      );
    }),
    { validator: validateDecision },
  );

  await acts.createApplication({
    id: input.applicationId,
    callId: input.call.id,
    applicantId: input.applicantId,
    institutionId: input.institutionId,
    content: input.content,
    at: Date.now(),
  });
  created = true;

  // Drafts and returned applications lapse once the window has closed; a submitted one waits
  // for the formal-check decision (its deadline comes with the formal-check stage).
  while (!STAGE_DONE.includes(state.status)) {
    const current = state.status;
    const untilClose = windowEnd - Date.now();
    if (!EDITABLE_STATUSES.includes(current)) {
      await condition(() => state.status !== current);
    } else if (untilClose > 0) {
      await condition(() => state.status !== current, untilClose);
    } else {
      await serial(async () => {
        if (EDITABLE_STATUSES.includes(state.status)) {
          await transition(nextStatus(state.status, { kind: 'lapse' }), null, null);
        }
      });
    }
  }
  await condition(allHandlersFinished);
  return state;
}
