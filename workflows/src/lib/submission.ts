import { condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { DomainError } from '@kjflow/domain/kernel/errors.rules';
import { KjStage } from '@kjflow/domain/kernel/search-attributes.rules';
import type { Transition } from '@kjflow/domain/kernel/state-machine.rules';
import { EditDraftArgs, editDraftUpdate, SubmitArgs, submitUpdate } from '../definitions';
import { check } from './failures';
import { handlerQueue, withoutContent } from './serial';

export interface SubmissionState<S extends string, C> {
  status: S;
  content: C;
  version: number;
  submittedAt: string | null;
}

export interface TransitionWrite<S extends string> {
  transition: Transition<S>;
  version: number;
  actorId: string | null;
  reason: string | null;
  step: string;
  at: number;
  /** Anything else the decision carries (e.g. the demand a duplicate is merged into). */
  extra?: Record<string, unknown>;
  /** Written in the same transaction as the transition (see `SubmissionRules.withSubmission`). */
  pledge?: 'pi' | 'institution';
}

/** What a submission records beside its transition, in the same transaction. */
export type SubmissionRecords = Pick<TransitionWrite<string>, 'pledge'>;

export interface DraftWrite<C> {
  content: C;
  changed: string[];
  version: number;
  actorId: string;
  step: string;
  at: number;
}

/** What differs between things that are drafted and submitted in a window (applications, demands). */
export interface SubmissionRules<S extends string, C> {
  /** When what is still with the submitter lapses; asked again after every change (a return may extend it). */
  deadline: () => string;
  editable: readonly S[];
  /** Statuses that lapse when the window closes (default: the editable ones). */
  lapsable?: readonly S[];
  done: readonly S[];
  /**
   * A draft patch as the workflow takes it, or the refusal (`checkPatch` of the domain's rules: the
   * API has parsed it with the schema already, so zod is loaded only to word a refusal).
   */
  checkPatch(patch: unknown, what?: string): Partial<C>;
  assertEditable(status: S): void;
  /** Refuses outside the window or in the wrong state; returns the transition to make. */
  canSubmit(status: S, now: number): Transition<S>;
  assertSubmittable(content: C): void;
  lapse(status: S): Transition<S>;
  /**
   * What the submission records with it, atomically (applications: the PI's integrity pledge
   * given with the request). Absent: nothing.
   */
  withSubmission?(args: SubmitArgs): SubmissionRecords;
  saveDraft(write: DraftWrite<C>): Promise<void>;
  recordTransition(write: TransitionWrite<S>): Promise<void>;
}

/**
 * The shared shape of a submission process: draft edits (with optimistic concurrency) and
 * (re)submission as updates whose validators decide with the workflow's clock; handlers run one
 * at a time and re-check inside the queue; drafts and returned items lapse when the window
 * closes. The caller registers its own decision handlers with `guarded` and `transition`.
 */
export function submissionProcess<S extends string, C extends object, T extends SubmissionState<S, C>>(
  state: T,
  rules: SubmissionRules<S, C>,
) {
  let step = 0;
  const { serial, guarded } = handlerQueue(state, withoutContent);

  async function transition(
    t: Transition<S>,
    actorId: string | null,
    reason: string | null,
    extra?: Record<string, unknown>,
    records?: SubmissionRecords,
  ): Promise<void> {
    const at = Date.now();
    const version = state.version + 1;
    const write = {
      transition: t,
      version,
      actorId,
      reason,
      step: `${++step}:${t.event}`,
      at,
      ...(records ?? {}),
    };
    await rules.recordTransition(extra ? { ...write, extra } : write);
    state.status = t.to;
    state.version = version;
    if (t.to === 'submitted') state.submittedAt = new Date(at).toISOString();
    upsertSearchAttributes([{ key: KjStage, value: t.to }]);
  }

  const validateEdit = ({ patch, expectedVersion }: EditDraftArgs) =>
    check(() => {
      rules.assertEditable(state.status);
      rules.checkPatch(patch, '修改内容');
      if (expectedVersion !== undefined && expectedVersion !== state.version) {
        throw new DomainError('precondition_failed', {
          zh: `内容已被修改（当前版本 ${state.version}），请刷新后再编辑`,
          en: `It has changed (now version ${state.version}); reload before editing`,
        });
      }
    });
  setHandler(
    editDraftUpdate,
    guarded<EditDraftArgs>(async (args) => {
      validateEdit(args);
      const clean = rules.checkPatch(args.patch);
      const content = { ...state.content, ...clean };
      const version = state.version + 1;
      await rules.saveDraft({
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
      rules.canSubmit(state.status, Date.now());
      rules.assertSubmittable(state.content);
    });
  setHandler(
    submitUpdate,
    guarded<SubmitArgs>(async (args) => {
      validateSubmit(args);
      await transition(
        rules.canSubmit(state.status, Date.now()),
        args.actorId,
        null,
        undefined,
        rules.withSubmission?.(args),
      );
    }),
    { validator: validateSubmit },
  );

  /** Waits until the item leaves this stage; lapses it if the window closes before the bureau has it. */
  async function untilDone(): Promise<void> {
    const lapsable = rules.lapsable ?? rules.editable;
    while (!rules.done.includes(state.status)) {
      const current = state.status;
      const untilClose = new Date(rules.deadline()).getTime() - Date.now();
      if (!lapsable.includes(current)) {
        await condition(() => state.status !== current);
      } else if (untilClose > 0) {
        await condition(() => state.status !== current, untilClose);
      } else {
        await serial(async () => {
          if (lapsable.includes(state.status)) await transition(rules.lapse(state.status), null, null);
        });
      }
    }
  }

  return { transition, guarded, untilDone };
}
