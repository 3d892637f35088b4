import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { ApplicationContent } from '@kjflow/domain';
import {
  ApplicationStatus,
  APPLICATION_DONE,
  assertCanEndorse,
  assertCanSubmit,
  assertEditable,
  checkApplicationPatch,
  checkSubmission,
  EDITABLE_STATUSES,
  fixDeadline,
  LAPSABLE_STATUSES,
  nextStatus,
} from '@kjflow/domain/application/application.rules';
import type { CallSpec } from '@kjflow/domain/guide/call.rules';
import type { Activities } from './activities';
import { LOCAL_WRITE, WRITE_ACTIVITY } from './lib/activity-options';
import {
  AddAttachmentArgs,
  addAttachmentUpdate,
  applicationCreatedUpdate,
  ApplicationState,
  applicationStateQuery,
  EndorsementArgs,
  endorsementUpdate,
  FormalCheckArgs,
  formalCheckUpdate,
  RecordChecklistArgs,
  recordChecklistUpdate,
  RemoveAttachmentArgs,
  removeAttachmentUpdate,
  SignPledgeArgs,
  signPledgeUpdate,
  WithdrawApplicationArgs,
  withdrawApplicationUpdate,
} from './definitions';
import { check } from './lib/failures';
import { withoutContent } from './lib/serial';
import { submissionProcess } from './lib/submission';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);
/** The applicant's and the officers' commands write as local activities (see LOCAL_WRITE). */
const local = proxyLocalActivities<Activities>(LOCAL_WRITE);
/** Applications started from this patch on write their records as local activities. */
const APPLICATION_LOCAL_WRITES = 'application-local-writes';

export interface ApplicationWorkflowInput {
  applicationId: string;
  call: Pick<CallSpec, 'id' | 'mode' | 'windowStart' | 'windowEnd' | 'budgetCapFen'>;
  applicantId: string;
  institutionId: string | null;
  /** Added with guides; absent in workflows started before. */
  topicId?: string | null;
  /**
   * The program asks for the host institution's endorsement before the bureau receives it.
   * Absent (false) in workflows started before, which therefore keep their shape on replay.
   */
  endorsement?: boolean;
  /**
   * The call's fix window (ISO 8601): its template's, or the city default for a call without one.
   * A returned application may be resubmitted until the later of the window's end and the return +
   * this. Absent in workflows started before (a call without a template had none).
   */
  fixWindow?: string;
  /**
   * Submission applies the full application's rules (PI, objectives, route, indicators,
   * schedule, budget lines). Absent in workflows started before, which keep the old rules.
   */
  fullContent?: boolean;
  /**
   * Set when the template's deadline applies to the PI's submission to the institution
   * (deadlineStep institution_submission): the institution endorses until then. Absent before.
   */
  endorsementDeadline?: string;
  content: ApplicationContent;
}

/**
 * One workflow per application (`application-<id>`): drafting and submission in the call's
 * window (lib/submission), then the officer's formal-check decision.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationState> {
  const id = input.applicationId;
  // Asked once, first: an application started before the change keeps activity tasks all its life.
  const writes = patched(APPLICATION_LOCAL_WRITES) ? local : acts;
  const state: ApplicationState = {
    applicationId: id,
    status: 'draft',
    content: input.content,
    version: 1,
    submittedAt: null,
  };
  let created = false;
  /** Set when the officer returns the application and the program has a fix window. */
  let resubmitUntil: string | null = null;
  /** The window that applies now: the call's, or after a return the fix window's extension of it. */
  const currentWindow = () => (resubmitUntil ? { ...input.call, windowEnd: resubmitUntil } : input.call);
  /** The institution's window: the PI's, or the template's endorsement window after it. */
  const endorsementWindow = () =>
    input.endorsementDeadline ? { ...input.call, windowEnd: input.endorsementDeadline } : currentWindow();
  const awaitingInstitution = () => state.status === 'awaiting_endorsement' && !!input.endorsementDeadline;
  setHandler(applicationStateQuery, () => state);
  setHandler(applicationCreatedUpdate, async () => {
    await condition(() => created);
    return withoutContent(state);
  });

  const process = submissionProcess<ApplicationStatus, ApplicationContent, ApplicationState>(state, {
    deadline: () =>
      awaitingInstitution() ? input.endorsementDeadline! : (resubmitUntil ?? input.call.windowEnd),
    editable: EDITABLE_STATUSES,
    lapsable: LAPSABLE_STATUSES,
    done: APPLICATION_DONE,
    checkPatch: checkApplicationPatch,
    assertEditable,
    canSubmit: (status, now) => assertCanSubmit(status, currentWindow(), now, input.endorsement === true),
    assertSubmittable: (content) =>
      checkSubmission(content, input.call.budgetCapFen, {
        pledgeRequired: input.call.mode === 'challenge',
        full: input.fullContent === true,
      }),
    lapse: (status) => nextStatus(status, { kind: 'lapse' }),
    // The PI's pledge given with the submission is written with it, never without it.
    withSubmission: (args) => (args.integrityPledge ? { pledge: 'pi' } : {}),
    saveDraft: (w) => writes.saveApplicationDraft({ id, ...w }),
    recordTransition: (w) => writes.transitionApplication({ id, ...w }),
  });

  const validateDecision = ({ decision }: FormalCheckArgs) =>
    check(() => void nextStatus(state.status, { kind: 'formal_check', decision }));
  setHandler(
    formalCheckUpdate,
    process.guarded<FormalCheckArgs>(async (args) => {
      validateDecision(args);
      const t = nextStatus(state.status, { kind: 'formal_check', decision: args.decision });
      if (t.to === 'returned' && input.fixWindow) {
        resubmitUntil = fixDeadline(input.call.windowEnd, Date.now(), input.fixWindow);
      }
      // The rules' result the officer decided on is kept with the decision (the GET only reads).
      const extra = {
        ...(resubmitUntil ? { resubmitUntil } : {}),
        ...(args.checklist ? { checklist: args.checklist } : {}),
      };
      await process.transition(
        t,
        args.actorId,
        args.reason ?? null,
        Object.keys(extra).length ? extra : undefined,
      );
    }),
    { validator: validateDecision },
  );

  const validateEndorsement = ({ decision }: EndorsementArgs) =>
    check(() => void assertCanEndorse(state.status, decision, endorsementWindow(), Date.now()));
  setHandler(
    endorsementUpdate,
    process.guarded<EndorsementArgs>(async (args) => {
      validateEndorsement(args);
      const t = assertCanEndorse(state.status, args.decision, endorsementWindow(), Date.now());
      // Endorsing is the institution's signature on the integrity pledge as well, in one write.
      await process.transition(
        t,
        args.actorId,
        args.comments ?? null,
        undefined,
        args.decision === 'endorse' ? { pledge: 'institution' } : undefined,
      );
    }),
    { validator: validateEndorsement },
  );

  const validateWithdrawal = (_: WithdrawApplicationArgs) =>
    check(() => void nextStatus(state.status, { kind: 'withdraw' }));
  setHandler(
    withdrawApplicationUpdate,
    process.guarded<WithdrawApplicationArgs>(async (args) => {
      validateWithdrawal(args);
      await process.transition(
        nextStatus(state.status, { kind: 'withdraw' }),
        args.actorId,
        args.reason ?? null,
      );
    }),
    { validator: validateWithdrawal },
  );

  // 科研诚信承诺: once per party (the activity keeps the first signature).
  setHandler(
    signPledgeUpdate,
    process.guarded<SignPledgeArgs>(async (args) => {
      await writes.recordApplicationPledge({ id, party: args.party, actorId: args.actorId, at: Date.now() });
    }),
  );

  // Each run of the rules kept is numbered in this workflow, so a retried write is keyed.
  let checkRuns = 0;
  setHandler(
    recordChecklistUpdate,
    process.guarded<RecordChecklistArgs>(async (args) => {
      const step = `formal-check:${++checkRuns}`;
      await writes.recordFormalCheckRun({ id, stage: args.stage, items: args.items, step, at: Date.now() });
    }),
  );

  // Attachments change only while the applicant may edit (the file bytes are stored by the API).
  const validateAttachment = (_: AddAttachmentArgs | RemoveAttachmentArgs) =>
    check(() => assertEditable(state.status));
  setHandler(
    addAttachmentUpdate,
    process.guarded<AddAttachmentArgs>(async (args) => {
      validateAttachment(args);
      await writes.addApplicationAttachment({ id, ...args, at: Date.now() });
    }),
    { validator: validateAttachment },
  );
  setHandler(
    removeAttachmentUpdate,
    process.guarded<RemoveAttachmentArgs>(async (args) => {
      validateAttachment(args);
      await writes.removeApplicationAttachment({ id, ...args, at: Date.now() });
    }),
    { validator: validateAttachment },
  );

  await writes.createApplication({
    id,
    callId: input.call.id,
    applicantId: input.applicantId,
    institutionId: input.institutionId,
    topicId: input.topicId ?? null,
    content: input.content,
    at: Date.now(),
  });
  created = true;

  // A submitted application waits for the formal-check decision (its deadline comes with the
  // formal-check stage).
  await process.untilDone();
  await condition(allHandlersFinished);
  return state;
}
