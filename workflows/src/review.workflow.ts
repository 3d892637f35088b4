import {
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { addDuration, durationMs } from '@kjflow/domain/kernel/iso-duration.rules';
import {
  assertCanRecuse,
  assertCanRespond,
  assertCanSaveDraft,
  assertCanScore,
  assertPanelNotRecorded,
  assertRoundNotCreated,
  REDRAW_OUTCOMES,
  ReviewAssignmentStatus,
} from '@kjflow/domain/review/review-round.rules';
import { shanghaiDate } from '@kjflow/domain/kernel/time.rules';
import type { Activities, InvitationRef } from './activities';
import {
  CreateReviewRoundArgs,
  createReviewRoundUpdate,
  InvitationState,
  invitationStateQuery,
  RecordPanelArgs,
  recordPanelUpdate,
  ReviewRoundState,
  reviewRoundStateQuery,
  SaveScoreDraftArgs,
  saveScoreDraftUpdate,
  RecuseArgs,
  recuseUpdate,
  RespondInvitationArgs,
  respondInvitationUpdate,
  SubmitScoreArgs,
  submitScoreUpdate,
} from './definitions';
import { LOCAL_WRITE, LONG_ACTIVITY, WRITE_ACTIVITY } from './lib/activity-options';
import { REVIEW_FAN_OUT, slicesOf } from './lib/fan-out';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);
/** The draw and redraws read the whole pool: longer, with a heartbeat. */
const pool = proxyActivities<Activities>(LONG_ACTIVITY);
/** An expert's answers, scores and drafts write as local activities (see LOCAL_WRITE). */
const local = proxyLocalActivities<Activities>(LOCAL_WRITE);
/**
 * Invitations started from this patch on write the expert's commands as local activities: they
 * are about 100,000 of a 10,000-application round's 140,000 updates (issue 17).
 */
const INVITATION_LOCAL_WRITES = 'invitation-local-writes';

export interface ReviewRoundInput {
  roundId: string;
  scoringWindow: string;
  reminderBefore: string;
  /**
   * A run started only to record a command on a round whose draw is over (a panel after the
   * round was scored): it serves that command and closes.
   */
  reopened?: boolean;
}

/**
 * One review round (`review-round-<id>`): the officer's command records the round and draws the
 * experts (update-with-start, so the round's row is written by its workflow and the API answers
 * with the invitations); then one invitation workflow runs per expert and application, a
 * replacement is drawn whenever an invitation ends without a score (declined, no answer,
 * recused, missed deadline), and the round closes when every slot has a score or nobody
 * qualified is left. Panels (会评) are recorded here too, reopening the round once it has closed.
 */
export async function reviewRoundWorkflow(input: ReviewRoundInput): Promise<void> {
  const state: ReviewRoundState = { roundId: input.roundId, created: false, invited: null, panels: [] };
  const { guarded } = handlerQueue(state);
  setHandler(reviewRoundStateQuery, () => state);
  // `refs` from a draw before the bounded fan-out (every invitation in one result), `invited`
  // (a count) from one after it.
  const draw: { refs: InvitationRef[] | null; invited: number | null; failed: boolean } = {
    refs: null,
    invited: null,
    failed: false,
  };

  const validateCreate = (_: CreateReviewRoundArgs) => check(() => assertRoundNotCreated(state.created));
  setHandler(
    createReviewRoundUpdate,
    guarded<CreateReviewRoundArgs>(async (args) => {
      validateCreate(args);
      state.created = true;
      const at = Date.now();
      await acts.createReviewRound({ ...args, roundId: input.roundId, at });
      try {
        if (patched(BOUNDED_FAN_OUT)) {
          draw.invited = (await pool.drawReviewRound({ roundId: input.roundId, at })).invited;
        } else {
          draw.refs = await pool.drawReviewAssignments({ roundId: input.roundId, at });
          draw.invited = draw.refs.length;
        }
      } catch (err) {
        draw.failed = true;
        throw err;
      }
      state.invited = draw.invited;
    }),
    { validator: validateCreate },
  );

  const validatePanel = (a: RecordPanelArgs) =>
    check(() => assertPanelNotRecorded(state.panels, a.applicationId));
  setHandler(
    recordPanelUpdate,
    guarded<RecordPanelArgs>(async (args) => {
      validatePanel(args);
      const applied = await acts.recordReviewPanel({ ...args, roundId: input.roundId, at: Date.now() });
      // Recorded by an earlier run of the round: refused, never overwritten.
      if (!applied) check(() => assertPanelNotRecorded([args.applicationId], args.applicationId));
      state.panels.push(args.applicationId);
    }),
    { validator: validatePanel },
  );

  if (input.reopened) {
    await condition(allHandlersFinished);
    return;
  }

  const slice: SliceInput = {
    roundId: input.roundId,
    from: 0,
    to: 0,
    scoringWindow: input.scoringWindow,
    reminderBefore: input.reminderBefore,
  };
  if (patched('review-round-recorded-by-update')) {
    // The round's row and its draw are written by the createReviewRound update that started it.
    await condition(() => draw.invited !== null || draw.failed);
    if (draw.invited === null) return;
    if (draw.refs) await Promise.all(draw.refs.map((ref) => followUnbounded(slice, ref)));
    else await followSlice({ ...slice, to: draw.invited });
  } else {
    const invitations = await pool.drawReviewAssignments({ roundId: input.roundId, at: Date.now() });
    await Promise.all(invitations.map((ref) => followUnbounded(slice, ref)));
  }
  await acts.finishReviewRound({ roundId: input.roundId, at: Date.now() });
  // A panel recorded while the round closes is answered before the run ends.
  await condition(allHandlersFinished);
}

/** Rounds drawn from this patch on page their invitations through a tree of slices. */
const BOUNDED_FAN_OUT = 'review-round-bounded-fan-out';

export interface SliceInput {
  roundId: string;
  /** Positions [from, to) of the round's first invitations, in the draw's order. */
  from: number;
  to: number;
  scoringWindow: string;
  reminderBefore: string;
  /** Set on a slot's own workflow: it follows this replacement (and those after it) only. */
  slot?: InvitationRef;
}

/** The invitation's workflow, as a child; answers how it ended. */
const invite = (slice: SliceInput, ref: InvitationRef): Promise<ReviewAssignmentStatus> =>
  executeChild(reviewInvitationWorkflow, {
    workflowId: workflowIds.reviewInvitation(ref.assignmentId),
    args: [
      {
        assignmentId: ref.assignmentId,
        expertId: ref.expertId,
        respondBy: ref.respondBy,
        scoringWindow: slice.scoringWindow,
        reminderBefore: slice.reminderBefore,
      },
    ],
  });
/** The replacement of an invitation that ended without a score, or null when nobody qualified is left. */
const redraw = (slice: SliceInput, ref: InvitationRef): Promise<InvitationRef | null> =>
  pool.redrawReviewer({ roundId: slice.roundId, assignmentId: ref.assignmentId, at: Date.now() });

/** Rounds drawn before the bounded fan-out: every slot's replacements in the round itself (as recorded). */
async function followUnbounded(slice: SliceInput, ref: InvitationRef): Promise<void> {
  if (!REDRAW_OUTCOMES.includes(await invite(slice, ref))) return;
  const next = await redraw(slice, ref);
  if (next) await followUnbounded(slice, next);
}

/**
 * An invitation, then its replacements while one ends without a score (declined, no answer,
 * recused, missed deadline), until a score or nobody qualified is left. Each slot holds one
 * pending child or one redraw at a time.
 */
async function followInvitation(slice: SliceInput, ref: InvitationRef): Promise<void> {
  if (!REDRAW_OUTCOMES.includes(await invite(slice, ref))) return;
  const next = await redraw(slice, ref);
  if (!next) return;
  if (workflowInfo().continueAsNewSuggested) {
    // A slot's own workflow has nothing else pending: it continues as new with the replacement.
    if (slice.slot) await continueAsNew<typeof reviewSliceWorkflow>({ ...slice, slot: next });
    // A slice (or the round) cannot continue as new while its other invitations are pending
    // (they would be terminated), so this slot's replacements move to a workflow of their own:
    // the slice's history then grows by one child, not by every further redraw.
    await executeChild(reviewSliceWorkflow, {
      workflowId: workflowIds.reviewSlot(slice.roundId, next.assignmentId),
      args: [{ ...slice, slot: next }],
    });
    return;
  }
  await followInvitation(slice, next);
}

/**
 * Runs the invitations at positions [from, to): a small slice reads its page from PostgreSQL
 * and runs it; a larger one splits into sub-slices, each its own workflow. Why a tree rather
 * than a sliding window: an invitation waits days on an expert, and every expert must be able
 * to answer from the start, so all invitations are live at once; a window of a few hundred would
 * hold the rest back for weeks. The tree keeps them all live while no workflow holds more than
 * max(leaf, branch) pending children or activities (lib/fan-out.ts).
 */
async function followSlice(slice: SliceInput): Promise<void> {
  if (slice.to - slice.from <= REVIEW_FAN_OUT.leaf) {
    if (slice.to <= slice.from) return;
    const refs = await acts.reviewInvitationPage({
      roundId: slice.roundId,
      offset: slice.from,
      limit: slice.to - slice.from,
    });
    await Promise.all(refs.map((ref) => followInvitation(slice, ref)));
    return;
  }
  await Promise.all(
    slicesOf(slice.from, slice.to, REVIEW_FAN_OUT).map((s) =>
      executeChild(reviewSliceWorkflow, {
        workflowId: workflowIds.reviewSlice(slice.roundId, s.from, s.to),
        args: [{ ...slice, ...s }],
      }),
    ),
  );
}

/**
 * A slice of a large round's invitations (`review-round-<id>-slice-<from>-<to>`, see followSlice),
 * or one slot's replacements moved out of a slice whose history grew long
 * (`review-round-<id>-slot-<assignment>`, see followInvitation).
 */
export async function reviewSliceWorkflow(input: SliceInput): Promise<void> {
  if (input.slot) await followInvitation(input, input.slot);
  else await followSlice(input);
}

export interface InvitationInput {
  assignmentId: string;
  expertId: string;
  respondBy: string;
  scoringWindow: string;
  reminderBefore: string;
}

/**
 * One invitation (`review-invitation-<assignment>`): accept or decline by the deadline (no answer
 * → expired); once accepted, score by the scoring deadline with a reminder before it (missed →
 * an expert credit record); recusal at any point before the score. Returns how it ended.
 */
export async function reviewInvitationWorkflow(input: InvitationInput): Promise<ReviewAssignmentStatus> {
  const id = input.assignmentId;
  // Asked once, first: an invitation started before the change keeps activity tasks all its life.
  const writes = patched(INVITATION_LOCAL_WRITES) ? local : acts;
  const state: InvitationState = { assignmentId: id, status: 'invited', scoreBy: null };
  const { serial, guarded } = handlerQueue(state);
  setHandler(invitationStateQuery, () => state);

  const validateRespond = (_: RespondInvitationArgs) =>
    check(() => assertCanRespond(state.status, input.respondBy, Date.now()));
  setHandler(
    respondInvitationUpdate,
    guarded<RespondInvitationArgs>(async (args) => {
      validateRespond(args);
      const at = Date.now();
      const accepted = args.decision === 'accept';
      const scoreBy = accepted ? addDuration(new Date(at), input.scoringWindow).toISOString() : null;
      const status = accepted ? 'accepted' : 'declined';
      await writes.recordInvitation({
        assignmentId: id,
        status,
        actorId: args.actorId,
        reason: args.reason,
        scoreBy,
        at,
      });
      state.status = status;
      state.scoreBy = scoreBy;
    }),
    { validator: validateRespond },
  );

  const validateRecuse = (_: RecuseArgs) => check(() => assertCanRecuse(state.status));
  setHandler(
    recuseUpdate,
    guarded<RecuseArgs>(async (args) => {
      validateRecuse(args);
      await writes.recordInvitation({
        assignmentId: id,
        status: 'recused',
        actorId: args.actorId,
        reason: args.reason,
        at: Date.now(),
      });
      state.status = 'recused';
    }),
    { validator: validateRecuse },
  );

  const validateScore = (_: SubmitScoreArgs) =>
    check(() => assertCanScore(state.status, state.scoreBy, Date.now()));
  setHandler(
    submitScoreUpdate,
    guarded<SubmitScoreArgs>(async (args) => {
      validateScore(args);
      await writes.recordInvitation({
        assignmentId: id,
        status: 'submitted',
        actorId: args.actorId,
        sheet: args.sheet,
        weightedScore: args.weightedScore,
        at: Date.now(),
      });
      state.status = 'submitted';
    }),
    { validator: validateScore },
  );

  // Drafts are numbered in the workflow, so each save is its own step and a retry writes once.
  let drafts = 0;
  const validateDraft = (_: SaveScoreDraftArgs) => check(() => assertCanSaveDraft(state.status));
  setHandler(
    saveScoreDraftUpdate,
    guarded<SaveScoreDraftArgs>(async (args) => {
      validateDraft(args);
      drafts += 1;
      await writes.saveScoreDraft({
        assignmentId: id,
        actorId: args.actorId,
        sheet: args.sheet,
        n: drafts,
        at: Date.now(),
      });
    }),
    { validator: validateDraft },
  );

  /** A deadline's outcome, applied only if nothing got in first (handlers and timers share a queue). */
  const onDeadline = (
    from: ReviewAssignmentStatus,
    to: ReviewAssignmentStatus,
    after?: () => Promise<void>,
  ) =>
    serial(async () => {
      if (state.status !== from) return;
      await acts.recordInvitation({ assignmentId: id, status: to, actorId: null, at: Date.now() });
      state.status = to;
      if (after) await after();
    });
  const until = (iso: string) => Math.max(0, new Date(iso).getTime() - Date.now());

  if (!(await condition(() => state.status !== 'invited', until(input.respondBy))))
    await onDeadline('invited', 'expired');
  if (state.status === 'accepted' && state.scoreBy) {
    const scoreBy = state.scoreBy;
    const remindAt = new Date(new Date(scoreBy).getTime() - durationMs(input.reminderBefore)).toISOString();
    if (!(await condition(() => state.status !== 'accepted', until(remindAt))))
      await serial(async () => {
        if (state.status === 'accepted')
          await acts.remindReviewer({ assignmentId: id, scoreBy, at: Date.now() });
      });
    if (!(await condition(() => state.status !== 'accepted', until(scoreBy))))
      await onDeadline('accepted', 'missed', () =>
        // RULES §11: a reviewer who does not review writes an expert credit record.
        acts.recordCredit({
          id: uuid4(),
          subject: { type: 'expert', id: input.expertId },
          kind: 'expert_no_review',
          severity: 'minor',
          stage: 'review',
          projectId: null,
          facts: `接受评审邀请后未在截止时间（${scoreBy}）前提交评分。`,
          evidenceRefs: [`review-assignment:${id}`],
          decisionNo: null,
          effectiveFrom: shanghaiDate(scoreBy),
          effectiveUntil: null,
          referencesRecordId: null,
          isPublic: false,
          sourceEvent: { workflowId: workflowIds.reviewInvitation(id), step: 'missed' },
          recordedBy: null,
          workflowId: workflowIds.reviewInvitation(id),
          step: 'credit:no-review',
          at: Date.now(),
        }),
      );
  }
  await condition(allHandlersFinished);
  return state.status;
}
