import {
  allHandlersFinished,
  ChildWorkflowHandle,
  condition,
  continueAsNew,
  defineUpdate,
  executeChild,
  patched,
  startChild,
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
  invitationNotHeld,
  REDRAW_OUTCOMES,
  ReviewAssignmentStatus,
} from '@kjflow/domain/review/review-round.rules';
import { shanghaiDate } from '@kjflow/domain/kernel/time.rules';
import type { Activities, InvitationRef } from './activities';
import {
  CreateReviewRoundArgs,
  createReviewRoundUpdate,
  applicationReviewStateQuery,
  InvitationState,
  invitationStateQuery,
  RecordPanelArgs,
  recordPanelUpdate,
  ReviewRoundState,
  reviewRoundStateQuery,
  saveScoreDraftUpdate,
  recuseUpdate,
  respondInvitationUpdate,
  submitScoreUpdate,
} from './definitions';
import { LOCAL_WRITE, LONG_ACTIVITY, WRITE_ACTIVITY } from './lib/activity-options';
import { REVIEW_FAN_OUT, slicesOf } from './lib/fan-out';
import { deadlineClock, timerPerWait, WaitUntil } from './lib/deadline-clock';
import { check, toFailure } from './lib/failures';
import { handlerQueue, serializer } from './lib/serial';

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
/** Application reviews started from this patch on wait on their invitations' deadlines with one timer. */
const ONE_DEADLINE_TIMER = 'review-one-deadline-timer';

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
 * with the invitations); then one workflow per application runs its invitations (through a tree
 * of slices for a large round), a replacement is drawn whenever an invitation ends without a
 * score (declined, no answer, recused, missed deadline), and the round closes when every slot has
 * a score or nobody qualified is left. Panels (会评) are recorded here too, reopening the round once it has closed.
 */
export async function reviewRoundWorkflow(input: ReviewRoundInput): Promise<void> {
  const state: ReviewRoundState = { roundId: input.roundId, created: false, invited: null, panels: [] };
  const { guarded } = handlerQueue(state);
  setHandler(reviewRoundStateQuery, () => state);
  // `refs` from a draw before the bounded fan-out (every invitation in one result), `invited`
  // (a count) from one after it.
  const draw: {
    refs: InvitationRef[] | null;
    invited: number | null;
    applications: number | null;
    listOnStart: boolean;
    failed: boolean;
  } = { refs: null, invited: null, applications: null, listOnStart: false, failed: false };

  const validateCreate = (_: CreateReviewRoundArgs) => check(() => assertRoundNotCreated(state.created));
  setHandler(
    createReviewRoundUpdate,
    guarded<CreateReviewRoundArgs>(async (args) => {
      validateCreate(args);
      state.created = true;
      const at = Date.now();
      await acts.createReviewRound({ ...args, roundId: input.roundId, at });
      try {
        if (patched(BY_APPLICATION)) {
          draw.listOnStart = patched(LISTED_ON_START);
          const drawn = await pool.drawReviewRound({
            roundId: input.roundId,
            at,
            byApplication: true,
            ...(draw.listOnStart ? { listOnStart: true } : {}),
          });
          draw.applications = drawn.applications;
          draw.invited = drawn.invited;
        } else if (patched(BOUNDED_FAN_OUT)) {
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
    else if (draw.applications !== null)
      await followSlice({
        ...slice,
        to: draw.applications,
        by: 'application',
        ...(draw.listOnStart ? { listOnStart: true } : {}),
      });
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
/** Rounds drawn from this patch on run one workflow per application (reviewApplicationWorkflow). */
const BY_APPLICATION = 'review-round-by-application';
/**
 * Rounds drawn from this patch on show an expert an invitation once its application's workflow
 * runs (a large round starts them a slice at a time, minutes at national scale): before it, an
 * expert answering too early was told to retry.
 */
const LISTED_ON_START = 'review-invitations-listed-on-start';
/**
 * Rounds from this patch on list a leaf's invitations LIST_CHUNK applications at a time as their
 * reviews start, rather than once all of the leaf's have: at 2,000 applications the experts
 * waited most of the review's first minute for whole leaves of 200 to start.
 */
const LISTED_IN_CHUNKS = 'review-invitations-listed-in-chunks';
const LIST_CHUNK = 50;

export interface SliceInput {
  roundId: string;
  /** Positions [from, to) of the round's applications (`by`) or first invitations, in the draw's order. */
  from: number;
  to: number;
  scoringWindow: string;
  reminderBefore: string;
  /** Rounds drawn from the per-application review on: positions count applications. */
  by?: 'application';
  /** Each page's invitations are listed once its applications' workflows have started. */
  listOnStart?: boolean;
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
 * max(leaf, branch) pending children or activities (lib/fan-out.ts). Positions count applications
 * in rounds drawn from the per-application review on, invitations before it.
 */
async function followSlice(slice: SliceInput): Promise<void> {
  if (slice.to - slice.from <= REVIEW_FAN_OUT.leaf) {
    if (slice.to <= slice.from) return;
    const page = { roundId: slice.roundId, offset: slice.from, limit: slice.to - slice.from };
    if (slice.by === 'application') {
      const applications = await acts.reviewApplicationPage(page);
      const review = (a: (typeof applications)[number]) => ({
        workflowId: workflowIds.reviewApplication(slice.roundId, a.applicationId),
        args: [
          {
            roundId: slice.roundId,
            applicationId: a.applicationId,
            scoringWindow: slice.scoringWindow,
            reminderBefore: slice.reminderBefore,
            invitations: a.invitations.map(fresh),
          },
        ] as [ApplicationReviewInput],
      });
      if (!slice.listOnStart) {
        await Promise.all(applications.map((a) => executeChild(reviewApplicationWorkflow, review(a))));
        return;
      }
      // Started, then listed: an expert never sees an invitation no workflow can take answers for.
      // Rounds before the chunks listed the whole leaf as one chunk (kept for their replay).
      const size = patched(LISTED_IN_CHUNKS) ? LIST_CHUNK : applications.length;
      const started: Array<ChildWorkflowHandle<typeof reviewApplicationWorkflow>> = [];
      let at = 0;
      do {
        const chunk = applications.slice(at, at + size);
        started.push(
          ...(await Promise.all(chunk.map((a) => startChild(reviewApplicationWorkflow, review(a))))),
        );
        await acts.listReviewInvitations({
          ...page,
          offset: slice.from + at,
          limit: chunk.length,
          at: Date.now(),
        });
        at += size;
      } while (at < applications.length);
      await Promise.all(started.map((child) => child.result()));
      return;
    }
    const refs = await acts.reviewInvitationPage(page);
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
 * A slice of a large round's invitations or applications (`review-round-<id>-slice-<from>-<to>`,
 * see followSlice), or one slot's replacements moved out of a slice whose history grew long
 * (`review-round-<id>-slot-<assignment>`, see followInvitation).
 */
export async function reviewSliceWorkflow(input: SliceInput): Promise<void> {
  if (input.slot) await followInvitation(input, input.slot);
  else await followSlice(input);
}

// ---- one invitation, wherever it runs ----------------------------------------------------------

/** An invitation as the workflow running it holds it (carried over when that workflow continues as new). */
export interface InvitationProgress extends InvitationRef {
  status: ReviewAssignmentStatus;
  scoreBy: string | null;
  /** Drafts saved: numbered in the workflow, so each save is its own step and a retry writes once. */
  drafts: number;
  /** The scoring reminder was sent. */
  reminded: boolean;
  /** Ended without a score and its replacement drawn (or nobody qualified was left). */
  redrawn: boolean;
}

const fresh = (ref: InvitationRef): InvitationProgress => ({
  ...ref,
  status: 'invited',
  scoreBy: null,
  drafts: 0,
  reminded: false,
  redrawn: false,
});
const viewOf = (inv: InvitationProgress): InvitationState => ({
  assignmentId: inv.assignmentId,
  status: inv.status,
  scoreBy: inv.scoreBy,
});

type Serial = ReturnType<typeof serializer>;
/** The round and application an invitation's writes name, where its workflow knows them. */
type About = (inv: InvitationProgress) => { roundId?: string; applicationId?: string };
/** An invitation's own workflow (rounds before the per-application review) holds neither. */
const unknownRound: About = () => ({});
type Writes = Pick<Activities, 'recordInvitation' | 'saveScoreDraft'>;
/** Which invitation an update is for, when its workflow runs several. */
type Addressed = { assignmentId?: string };

/**
 * The commands on invitations (the expert's answer, recusal, score and drafts; an officer's
 * required recusal, 要求回避, through the same recusal update), each checked by
 * its rule before it is accepted and applied in turn with the workflow's other steps. `find`
 * names the invitation an update is for (undefined: not held here); while `pending()`, one may
 * be on its way (a replacement being drawn), so an unknown one is accepted and found in turn.
 */
function invitationHandlers(
  find: (args: Addressed) => InvitationProgress | undefined,
  pending: () => boolean,
  serial: Serial,
  writes: Writes,
  scoringWindow: string,
  about: About,
): void {
  const held = (args: Addressed) => {
    const inv = find(args);
    if (!inv) throw invitationNotHeld();
    return inv;
  };
  const on = <A extends Addressed>(
    update: ReturnType<typeof defineUpdate<InvitationState, [A]>>,
    rule: (inv: InvitationProgress) => void,
    apply: (inv: InvitationProgress, args: A, at: number) => Promise<void>,
  ) => {
    const validator = (args: A) =>
      check(() => {
        if (!find(args) && pending()) return;
        rule(held(args));
      });
    setHandler(
      update,
      (args: A) =>
        serial(async () => {
          let inv: InvitationProgress;
          try {
            inv = held(args);
            rule(inv);
            await apply(inv, args, Date.now());
          } catch (err) {
            throw toFailure(err);
          }
          return viewOf(inv);
        }),
      { validator },
    );
  };

  on(
    respondInvitationUpdate,
    (inv) => assertCanRespond(inv.status, inv.respondBy, Date.now()),
    async (inv, args, at) => {
      const accepted = args.decision === 'accept';
      const scoreBy = accepted ? addDuration(new Date(at), scoringWindow).toISOString() : null;
      const status = accepted ? 'accepted' : 'declined';
      await writes.recordInvitation({
        assignmentId: inv.assignmentId,
        status,
        actorId: args.actorId,
        reason: args.reason,
        scoreBy,
        at,
        ...about(inv),
      });
      inv.status = status;
      inv.scoreBy = scoreBy;
    },
  );
  on(
    recuseUpdate,
    (inv) => assertCanRecuse(inv.status),
    async (inv, args, at) => {
      // The expert's own, or required by an officer (who is then the actor): the same end and
      // the same redraw. Only the record says which (absent for the expert's, as before).
      await writes.recordInvitation({
        assignmentId: inv.assignmentId,
        status: 'recused',
        actorId: args.actorId,
        reason: args.reason,
        ...(args.recusal === 'required' ? { recusal: 'required' as const } : {}),
        at,
        ...about(inv),
      });
      inv.status = 'recused';
    },
  );
  on(
    submitScoreUpdate,
    (inv) => assertCanScore(inv.status, inv.scoreBy, Date.now()),
    async (inv, args, at) => {
      await writes.recordInvitation({
        assignmentId: inv.assignmentId,
        status: 'submitted',
        actorId: args.actorId,
        sheet: args.sheet,
        weightedScore: args.weightedScore,
        at,
        ...about(inv),
      });
      inv.status = 'submitted';
    },
  );
  on(
    saveScoreDraftUpdate,
    (inv) => assertCanSaveDraft(inv.status),
    async (inv, args, at) => {
      inv.drafts += 1;
      await writes.saveScoreDraft({
        assignmentId: inv.assignmentId,
        actorId: args.actorId,
        sheet: args.sheet,
        n: inv.drafts,
        at,
      });
    },
  );
}

/**
 * An invitation's deadlines: no answer by `respondBy` → expired; once accepted, a reminder before
 * the scoring deadline and, when it passes without a score, `missed` with an expert credit record
 * (RULES §11). Each outcome applies in turn with the commands, only if none got in first.
 * Returns how the invitation ended.
 */
async function invitationDeadlines(
  inv: InvitationProgress,
  reminderBefore: string,
  serial: Serial,
  about: About,
  wait: WaitUntil = timerPerWait,
): Promise<ReviewAssignmentStatus> {
  const id = inv.assignmentId;
  const onDeadline = (
    from: ReviewAssignmentStatus,
    to: ReviewAssignmentStatus,
    after?: () => Promise<void>,
  ) =>
    serial(async () => {
      if (inv.status !== from) return;
      await acts.recordInvitation({
        assignmentId: id,
        status: to,
        actorId: null,
        at: Date.now(),
        ...about(inv),
      });
      inv.status = to;
      if (after) await after();
    });
  const at = (iso: string) => new Date(iso).getTime();

  if (inv.status === 'invited' && !(await wait(() => inv.status !== 'invited', at(inv.respondBy))))
    await onDeadline('invited', 'expired');
  if (inv.status === 'accepted' && inv.scoreBy) {
    const scoreBy = inv.scoreBy;
    const remindAt = new Date(new Date(scoreBy).getTime() - durationMs(reminderBefore)).toISOString();
    if (!inv.reminded && !(await wait(() => inv.status !== 'accepted', at(remindAt))))
      await serial(async () => {
        if (inv.status !== 'accepted') return;
        await acts.remindReviewer({ assignmentId: id, scoreBy, at: Date.now() });
        inv.reminded = true;
      });
    if (!(await wait(() => inv.status !== 'accepted', at(scoreBy))))
      await onDeadline('accepted', 'missed', () =>
        // RULES §11: a reviewer who does not review writes an expert credit record.
        acts.recordCredit({
          id: uuid4(),
          subject: { type: 'expert', id: inv.expertId },
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
  return inv.status;
}

export interface InvitationInput {
  assignmentId: string;
  expertId: string;
  respondBy: string;
  scoringWindow: string;
  reminderBefore: string;
}

/**
 * One invitation in a workflow of its own (`review-invitation-<assignment>`), as rounds drawn
 * before the per-application review run them: accept or decline by the deadline (no answer →
 * expired); once accepted, score by the scoring deadline with a reminder before it (missed → an
 * expert credit record); recusal at any point before the score. Returns how it ended.
 */
export async function reviewInvitationWorkflow(input: InvitationInput): Promise<ReviewAssignmentStatus> {
  // Asked once, first: an invitation started before the change keeps activity tasks all its life.
  const writes = patched(INVITATION_LOCAL_WRITES) ? local : acts;
  const inv = fresh({
    assignmentId: input.assignmentId,
    applicationId: '',
    expertId: input.expertId,
    respondBy: input.respondBy,
  });
  const serial = serializer();
  setHandler(invitationStateQuery, () => viewOf(inv));
  invitationHandlers(
    () => inv,
    () => false,
    serial,
    writes,
    input.scoringWindow,
    unknownRound,
  );
  await invitationDeadlines(inv, input.reminderBefore, serial, unknownRound);
  await condition(allHandlersFinished);
  return inv.status;
}

// ---- one application's review ------------------------------------------------------------------

export interface ApplicationReviewInput {
  roundId: string;
  applicationId: string;
  scoringWindow: string;
  reminderBefore: string;
  /** The application's invitations: as drawn on the first run, as they stand when continued as new. */
  invitations: InvitationProgress[];
}

/**
 * The review of one application in a round (`review-round-<id>-application-<application>`): its
 * k invitations run here side by side, and each slot's replacements after an invitation ends
 * without a score, until every slot has a score or nobody qualified is left. Why one workflow per
 * application rather than one per invitation (issue 17): a round of 10,000 applications then
 * starts 10,000 workflows instead of 50,000, with a fifth of the histories, starts and child
 * results, while the experts' commands are the same updates (addressed by assignment). Its
 * history grows with the experts' drafts, so it continues as new when Temporal suggests it,
 * carrying each invitation's state; its timers are made again from the deadlines. Answers how
 * each invitation ended.
 */
export async function reviewApplicationWorkflow(input: ApplicationReviewInput): Promise<InvitationState[]> {
  const held = new Map(input.invitations.map((inv) => [inv.assignmentId, inv]));
  const about: About = (inv) => ({ roundId: input.roundId, applicationId: inv.applicationId });
  setHandler(applicationReviewStateQuery, () => [...held.values()].map(viewOf));
  const wait = patched(ONE_DEADLINE_TIMER) ? deadlineClock() : timerPerWait;
  const serial = serializer();
  // Steps in the queue (commands, deadlines, redraws): the run continues as new only between them.
  let busy = 0;
  let redrawing = 0;
  const step: Serial = (fn) => {
    busy += 1;
    return serial(fn).finally(() => {
      busy -= 1;
    });
  };
  invitationHandlers(
    (args) => (args.assignmentId ? held.get(args.assignmentId) : undefined),
    () => redrawing > 0,
    step,
    local,
    input.scoringWindow,
    about,
  );

  /** An invitation's deadlines, then its replacement's while one ends without a score. */
  const follow = async (inv: InvitationProgress): Promise<void> => {
    const status = await invitationDeadlines(inv, input.reminderBefore, step, about, wait);
    if (inv.redrawn || !REDRAW_OUTCOMES.includes(status)) return;
    redrawing += 1;
    const next = await step(async () => {
      const ref = await pool.redrawReviewer({
        roundId: input.roundId,
        assignmentId: inv.assignmentId,
        at: Date.now(),
      });
      if (ref) held.set(ref.assignmentId, fresh(ref));
      inv.redrawn = true;
      redrawing -= 1;
      return ref && held.get(ref.assignmentId)!;
    });
    if (next) await follow(next);
  };
  const open = (inv: InvitationProgress) => inv.status !== 'submitted' && !inv.redrawn;
  const ended = Promise.all([...held.values()].filter(open).map(follow)).then(() => true);
  const suggested = condition(
    () => workflowInfo().continueAsNewSuggested && busy === 0 && allHandlersFinished(),
  ).then(() => false);
  if (!(await Promise.race([ended, suggested])))
    await continueAsNew<typeof reviewApplicationWorkflow>({ ...input, invitations: [...held.values()] });
  await condition(allHandlersFinished);
  return [...held.values()].map(viewOf);
}
