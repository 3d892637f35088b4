import { randomUUID } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateHandle,
  WorkflowUpdateStage,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { CreditRecordWrite, ReviewAssignmentStatus, shanghaiDate, workflowIds } from '@kjflow/domain';
import type { Activities, InvitationRecord, InvitationRef } from './activities';
import {
  applicationReviewStateQuery,
  CreateReviewRoundArgs,
  createReviewRoundUpdate,
  InvitationState,
  invitationStateQuery,
  recordPanelUpdate,
  recuseUpdate,
  respondInvitationUpdate,
  ReviewRoundState,
  saveScoreDraftUpdate,
  submitScoreUpdate,
} from './definitions';
import {
  InvitationInput,
  InvitationProgress,
  reviewApplicationWorkflow,
  reviewInvitationWorkflow,
  reviewRoundWorkflow,
} from './review.workflow';
import { ActivityCalls, createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';
import { eventually, holds } from './testing/wait';

/**
 * Every test runs on one worker and one task queue, concurrently: the activities are shared
 * fakes and each test reads back only the calls about its own (random) assignment and round ids.
 */

const SHEET = {
  criteria: { innovation: 90, feasibility: 85, team: 80, benefit: 88 },
  comments: { innovation: '技术路线新颖', feasibility: '实施方案可行' },
};
const WEIGHTED = 86.3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * An invitation as a test drives it, wherever it runs: its own workflow (rounds drawn before the
 * per-application review) or its application's review. The expert's commands name it either way.
 */
interface Invitation {
  id: string;
  expert: string;
  input: InvitationInput;
  /** The round and application its writes name: given by an application's review, which holds them. */
  named: { roundId?: string; applicationId?: string };
  execute<A extends object>(
    update: UpdateDefinition<InvitationState, [A]>,
    args: A,
  ): Promise<InvitationState>;
  /** Sends the update and resolves once the workflow has accepted it (past its validator). */
  accepted<A extends object>(
    update: UpdateDefinition<InvitationState, [A]>,
    args: A,
  ): Promise<WorkflowUpdateHandle<InvitationState>>;
  state(): Promise<InvitationState>;
  /** How it ended, once the workflow running it has completed. */
  result(): Promise<ReviewAssignmentStatus>;
}

/** The officer's command that records a round and draws it (the API's update-with-start). */
const CREATE: CreateReviewRoundArgs = {
  callId: '00000000-0000-4000-8000-000000000001',
  strategy: 'random',
  k: 2,
  seed: 7,
  maxProbability: null,
  policy: {
    responseWindow: 'PT1M',
    scoringWindow: 'PT1M',
    reminderBefore: 'PT10S',
    disagreementThreshold: 15,
    pool: null,
  },
  actorId: '00000000-0000-4000-8000-000000000002',
};

/** What a round's draws answer, per round id (an assignment missing from `redraw` gets null). */
interface RoundScript {
  draw: InvitationRef[];
  redraw: Record<string, InvitationRef | null>;
}

describe('review workflows', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `test-review-${randomUUID()}`;
  const gate = holds();
  const scripts = new Map<string, RoundScript>();
  const recording = recordingActivities();
  const calls: ActivityCalls = recording.calls;
  const activities: Activities = {
    ...recording.activities,
    async recordInvitation(rec) {
      await recording.activities.recordInvitation(rec);
      await gate.wait(`${rec.assignmentId}:${rec.status}`);
    },
    async drawReviewAssignments(input) {
      await recording.activities.drawReviewAssignments(input);
      return scripts.get(input.roundId)?.draw ?? [];
    },
    async drawReviewRound(input) {
      await recording.activities.drawReviewRound(input);
      const draw = scripts.get(input.roundId)?.draw ?? [];
      return { invited: draw.length, applications: new Set(draw.map((r) => r.applicationId)).size };
    },
    async reviewApplicationPage(input) {
      await recording.activities.reviewApplicationPage(input);
      const byApplication = new Map<string, InvitationRef[]>();
      for (const ref of scripts.get(input.roundId)?.draw ?? [])
        byApplication.set(ref.applicationId, [...(byApplication.get(ref.applicationId) ?? []), ref]);
      return [...byApplication]
        .map(([applicationId, invitations]) => ({ applicationId, invitations }))
        .slice(input.offset, input.offset + input.limit);
    },
    async reviewInvitationPage(input) {
      await recording.activities.reviewInvitationPage(input);
      return (scripts.get(input.roundId)?.draw ?? []).slice(input.offset, input.offset + input.limit);
    },
    async redrawReviewer(input) {
      await recording.activities.redrawReviewer(input);
      return scripts.get(input.roundId)?.redraw[input.assignmentId] ?? null;
    },
  };

  beforeAll(async () => {
    env = await createTestEnv();
    worker = await startWorker(env, taskQueue, activities);
    running = worker.run();
    // Warm up (worker polling, workflow bundle loaded) before the tests' deadlines start running.
    const warmUp = roundStart(randomUUID(), `warm-up-${randomUUID()}`);
    await env.client.workflow.executeUpdateWithStart(createReviewRoundUpdate, {
      startWorkflowOperation: warmUp,
      args: [CREATE],
    });
    await (await warmUp.workflowHandle()).result();
  });
  afterAll(async () => {
    gate.releaseAll();
    if (worker) {
      worker.shutdown();
      await running;
    }
    await env?.teardown();
  });

  // ---- helpers -------------------------------------------------------------------------------

  const arg = (c: ActivityCalls[number]) => c.args[0] as { assignmentId?: string; workflowId?: string };
  /**
   * The writes about one invitation, in order (its own, and a redraw of it), each once: the
   * expert's writes are local activities, run again with identical arguments when their workflow
   * task is retried, and written once by their idempotency key (workflow id + step).
   */
  const about = (id: string) => {
    const seen = new Set<string>();
    return calls.filter((c) => {
      if (arg(c).assignmentId !== id && arg(c).workflowId !== workflowIds.reviewInvitation(id)) return false;
      const key = JSON.stringify([c.name, c.args]);
      return !seen.has(key) && !!seen.add(key);
    });
  };
  /** `recordInvitation:<status>` for the invitation writes, the activity's name otherwise. */
  const writes = (id: string) =>
    about(id).map((c) =>
      c.name === 'recordInvitation' ? `recordInvitation:${(c.args[0] as InvitationRecord).status}` : c.name,
    );
  const record = (id: string, status: string) => {
    const found = about(id)
      .filter((c) => c.name === 'recordInvitation')
      .map((c) => c.args[0] as InvitationRecord)
      .filter((r) => r.status === status);
    expect(found).toHaveLength(1);
    return found[0];
  };
  /** Resolves once the write has started; rejects at once if `pending` (its update) fails first. */
  const waitForRecord = (id: string, status: string, pending?: Promise<unknown>) =>
    Promise.race([
      eventually(`recordInvitation ${status} of ${id}; so far ${writes(id)}`, async () =>
        writes(id).includes(`recordInvitation:${status}`),
      ),
      ...(pending ? [pending.then(() => new Promise<never>(() => undefined))] : []),
    ]);

  /** The invitation's fields as its workflow holds them when it starts. */
  const progress = (input: InvitationInput, applicationId: string): InvitationProgress => ({
    assignmentId: input.assignmentId,
    applicationId,
    expertId: input.expertId,
    respondBy: input.respondBy,
    status: 'invited',
    scoreBy: null,
    drafts: 0,
    reminded: false,
    redrawn: false,
  });

  /** Drives one invitation through the workflow `handle` that runs it. */
  function driven(
    input: InvitationInput,
    handle: WorkflowHandle,
    state: () => Promise<InvitationState>,
    result: () => Promise<ReviewAssignmentStatus>,
    named: Invitation['named'] = {},
  ): Invitation {
    const id = input.assignmentId;
    return {
      id,
      expert: input.expertId,
      input,
      named,
      execute: (update, args) => handle.executeUpdate(update, { args: [{ ...args, assignmentId: id }] }),
      accepted: (update, args) =>
        handle.startUpdate(update, {
          args: [{ ...args, assignmentId: id }],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        }),
      state,
      result,
    };
  }

  const APPLICATION_REVIEW = "its application's review";
  /** Where an invitation runs, each host starting one with the given windows. */
  const HOSTS: Record<string, (input: InvitationInput) => Promise<Invitation>> = {
    'its own workflow (earlier rounds)': async (input) => {
      const handle = await env.client.workflow.start(reviewInvitationWorkflow, {
        workflowId: workflowIds.reviewInvitation(input.assignmentId),
        taskQueue,
        args: [input],
      });
      return driven(
        input,
        handle,
        () => handle.query(invitationStateQuery),
        () => handle.result(),
      );
    },
    [APPLICATION_REVIEW]: async (input) => {
      const applicationId = randomUUID();
      const roundId = randomUUID();
      const handle = await env.client.workflow.start(reviewApplicationWorkflow, {
        workflowId: workflowIds.reviewApplication(roundId, applicationId),
        taskQueue,
        args: [
          {
            roundId,
            applicationId,
            scoringWindow: input.scoringWindow,
            reminderBefore: input.reminderBefore,
            invitations: [progress(input, applicationId)],
          },
        ],
      });
      const mine = (all: InvitationState[]) => all.find((i) => i.assignmentId === input.assignmentId)!;
      return driven(
        input,
        handle,
        async () => mine(await handle.query(applicationReviewStateQuery)),
        async () => mine(await handle.result()).status,
        { roundId, applicationId },
      );
    },
  };

  const accept = (inv: Invitation) =>
    inv.execute(respondInvitationUpdate, { actorId: inv.expert, decision: 'accept' });
  const decline = (inv: Invitation, reason = '研究方向不符，无法评审') =>
    inv.execute(respondInvitationUpdate, { actorId: inv.expert, decision: 'decline', reason });
  const score = (inv: Invitation) =>
    inv.execute(submitScoreUpdate, { actorId: inv.expert, sheet: SHEET, weightedScore: WEIGHTED });

  /**
   * Resolves once the deadline has passed (and its timer is due). The expert's write under way is
   * a local activity, which holds the workflow task open: the server keeps the fired timer until
   * the write ends, and the workflow then sees both, the race these tests are about.
   */
  const pastDeadline = (iso: string) =>
    new Promise((r) => setTimeout(r, Math.max(0, Date.parse(iso) - Date.now()) + 500));

  // ---- an invitation, in either workflow that runs one ----------------------------------------

  describe.each(Object.keys(HOSTS))('an invitation in %s', (host) => {
    /** An application's review redraws an invitation that ended without a score itself (here: nobody is left). */
    const redrawn = host === APPLICATION_REVIEW ? ['redrawReviewer'] : [];
    async function startInvitation(opts: { respondIn?: number } & Partial<InvitationInput> = {}) {
      const { respondIn = 60_000, ...rest } = opts;
      const inv = await HOSTS[host]({
        assignmentId: randomUUID(),
        expertId: randomUUID(),
        respondBy: new Date(Date.now() + respondIn).toISOString(),
        scoringWindow: 'PT1M',
        reminderBefore: 'PT10S',
        ...rest,
      });
      return { inv, id: inv.id, expert: inv.expert, input: inv.input };
    }

    // The longest tests first: jest runs at most five concurrent tests at a time.
    it.concurrent(
      'accepted but not scored: reminds before the scoring deadline, refuses a late score, then missed with an expert credit record',
      async () => {
        const { inv, id, expert } = await startInvitation({ scoringWindow: 'PT3S', reminderBefore: 'PT1S' });
        gate.hold(`${id}:missed`);
        try {
          const accepted = await accept(inv);
          expect(accepted.status).toBe('accepted');
          await waitForRecord(id, 'missed');
          // The deadline's write is under way (held): still 'accepted', but the window has closed.
          expect((await inv.state()).status).toBe('accepted');
          expect(await refusal(score(inv))).toBe('window_closed');
        } finally {
          gate.release(`${id}:missed`);
        }
        expect(await inv.result()).toBe('missed');

        expect(writes(id)).toEqual([
          'recordInvitation:accepted',
          'remindReviewer',
          'recordInvitation:missed',
          'recordCredit',
          ...redrawn,
        ]);
        const acceptedAt = record(id, 'accepted');
        const scoreBy = new Date(acceptedAt.at + 3_000).toISOString();
        expect(acceptedAt.scoreBy).toBe(scoreBy);
        const due = Date.parse(scoreBy);

        const [remind] = about(id).filter((c) => c.name === 'remindReviewer');
        const reminder = remind.args[0] as { assignmentId: string; scoreBy: string; at: number };
        expect(reminder).toEqual({ assignmentId: id, scoreBy, at: expect.any(Number) });
        expect(reminder.at).toBeGreaterThanOrEqual(due - 1_000);
        expect(reminder.at).toBeLessThan(due);

        const missed = record(id, 'missed');
        expect(missed).toEqual({
          assignmentId: id,
          status: 'missed',
          actorId: null,
          at: expect.any(Number),
          ...inv.named,
        });
        expect(missed.at).toBeGreaterThanOrEqual(due);

        const [credit] = about(id)
          .filter((c) => c.name === 'recordCredit')
          .map((c) => c.args[0] as CreditRecordWrite);
        expect(credit).toEqual<CreditRecordWrite>({
          id: expect.stringMatching(UUID),
          subject: { type: 'expert', id: expert },
          kind: 'expert_no_review',
          severity: 'minor',
          stage: 'review',
          projectId: null,
          facts: expect.stringContaining(scoreBy),
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
          at: expect.any(Number),
        });
        expect(credit.at).toBeGreaterThanOrEqual(missed.at);
      },
    );

    // Handlers and deadlines share one queue: an answer or a score accepted in time but still being
    // written when its deadline fires must win over the deadline.
    it.concurrent(
      'a score still being written at the scoring deadline wins: submitted, neither missed nor a credit record',
      async () => {
        const { inv, id } = await startInvitation({ scoringWindow: 'PT4S', reminderBefore: 'PT3S' });
        await accept(inv);
        // After the reminder (timer 1) the workflow waits on the scoring deadline's timer.
        await eventually('the reminder', async () => writes(id).includes('remindReviewer'));
        gate.hold(`${id}:submitted`);
        let scoring: Promise<InvitationState> | undefined;
        try {
          scoring = score(inv);
          await waitForRecord(id, 'submitted', scoring);
          await pastDeadline(record(id, 'accepted').scoreBy!);
        } finally {
          gate.release(`${id}:submitted`);
        }
        expect((await scoring).status).toBe('submitted');
        expect(await inv.result()).toBe('submitted');
        expect(writes(id)).toEqual([
          'recordInvitation:accepted',
          'remindReviewer',
          'recordInvitation:submitted',
        ]);
        expect(record(id, 'submitted').at).toBeLessThan(Date.parse(record(id, 'accepted').scoreBy!));
      },
    );

    it.concurrent(
      'an acceptance still being written at the respond deadline wins: accepted (then scored), never expired',
      async () => {
        const { inv, id, input } = await startInvitation({ respondIn: 3_000 });
        gate.hold(`${id}:accepted`);
        let accepting: Promise<InvitationState> | undefined;
        try {
          accepting = accept(inv);
          await waitForRecord(id, 'accepted', accepting);
          await pastDeadline(input.respondBy);
        } finally {
          gate.release(`${id}:accepted`);
        }
        expect((await accepting).status).toBe('accepted');
        expect((await inv.state()).status).toBe('accepted');
        expect(record(id, 'accepted').at).toBeLessThan(Date.parse(input.respondBy));
        await score(inv);
        expect(await inv.result()).toBe('submitted');
        expect(writes(id)).toEqual(['recordInvitation:accepted', 'recordInvitation:submitted']);
      },
    );

    it.concurrent(
      'refuses an answer after the respond deadline (window_closed) and a queued recusal once expired, writing nothing',
      async () => {
        const { inv, id, expert, input } = await startInvitation({ respondIn: 1_500 });
        gate.hold(`${id}:expired`);
        let recusal;
        try {
          await waitForRecord(id, 'expired');
          // The lapse is being written (held): the status is still 'invited', the window is closed.
          expect(await inv.state()).toEqual<InvitationState>({
            assignmentId: id,
            status: 'invited',
            scoreBy: null,
          });
          expect(await refusal(accept(inv))).toBe('window_closed');
          expect(await refusal(decline(inv))).toBe('window_closed');
          // A recusal passes the validator ('invited'), waits behind the lapse, then finds it expired.
          recusal = await inv.accepted(recuseUpdate, { actorId: expert, reason: '与申请单位存在合作关系' });
        } finally {
          gate.release(`${id}:expired`);
        }
        expect(await refusal(recusal.result())).toBe('invalid_state');
        expect(await inv.result()).toBe('expired');
        expect(writes(id)).toEqual(['recordInvitation:expired', ...redrawn]);
        expect(record(id, 'expired').at).toBeGreaterThanOrEqual(Date.parse(input.respondBy));
      },
    );

    it.concurrent("expires without an answer by respondBy: 'expired', recorded with no actor", async () => {
      const { inv, id, input } = await startInvitation({ respondIn: 2_000 });
      expect(await inv.state()).toEqual<InvitationState>({
        assignmentId: id,
        status: 'invited',
        scoreBy: null,
      });
      expect(await inv.result()).toBe('expired');
      expect(writes(id)).toEqual(['recordInvitation:expired', ...redrawn]);
      const expired = record(id, 'expired');
      expect(expired).toEqual({
        assignmentId: id,
        status: 'expired',
        actorId: null,
        at: expect.any(Number),
        ...inv.named,
      });
      expect(expired.at).toBeGreaterThanOrEqual(Date.parse(input.respondBy));
    });

    it.concurrent(
      "accepts, refuses a second answer, then takes the score: 'submitted', no reminder",
      async () => {
        const { inv, id, expert } = await startInvitation();
        // Nothing to score before accepting.
        expect(await refusal(score(inv))).toBe('invalid_state');

        const accepted = await accept(inv);
        const acceptedAt = record(id, 'accepted');
        const scoreBy = new Date(acceptedAt.at + 60_000).toISOString();
        expect(acceptedAt).toEqual({
          assignmentId: id,
          status: 'accepted',
          actorId: expert,
          scoreBy,
          at: expect.any(Number),
          ...inv.named,
        });
        expect(accepted).toEqual<InvitationState>({ assignmentId: id, status: 'accepted', scoreBy });
        expect(await inv.state()).toEqual(accepted);

        // Answering twice is refused, whichever the answer.
        expect(await refusal(accept(inv))).toBe('invalid_state');
        expect(await refusal(decline(inv))).toBe('invalid_state');
        expect(writes(id)).toEqual(['recordInvitation:accepted']);

        const submitted = await score(inv);
        expect(submitted).toEqual<InvitationState>({ assignmentId: id, status: 'submitted', scoreBy });
        expect(await inv.result()).toBe('submitted');

        const rec = record(id, 'submitted');
        expect(rec).toEqual({
          assignmentId: id,
          status: 'submitted',
          actorId: expert,
          sheet: SHEET,
          weightedScore: WEIGHTED,
          at: expect.any(Number),
          ...inv.named,
        });
        expect(rec.at).toBeGreaterThanOrEqual(acceptedAt.at);
        expect(rec.at).toBeLessThan(Date.parse(scoreBy));
        // Scored well before the reminder was due: no reminder, no credit record.
        expect(writes(id)).toEqual(['recordInvitation:accepted', 'recordInvitation:submitted']);
      },
    );

    it.concurrent(
      "declines: 'declined' at once; a second answer queued behind the first is refused and writes nothing",
      async () => {
        const { inv, id, expert } = await startInvitation();
        gate.hold(`${id}:declined`);
        let declining: Promise<InvitationState> | undefined;
        let second;
        try {
          declining = decline(inv, '近期出差，时间冲突');
          await waitForRecord(id, 'declined', declining);
          // Both answers pass the validator while the first is being written; the second then
          // finds the invitation declined.
          second = await inv.accepted(respondInvitationUpdate, { actorId: expert, decision: 'accept' });
        } finally {
          gate.release(`${id}:declined`);
        }
        expect(await declining).toEqual<InvitationState>({
          assignmentId: id,
          status: 'declined',
          scoreBy: null,
        });
        expect(await refusal(second.result())).toBe('invalid_state');
        expect(await inv.result()).toBe('declined');
        expect(writes(id)).toEqual(['recordInvitation:declined', ...redrawn]);
        expect(record(id, 'declined')).toEqual({
          assignmentId: id,
          status: 'declined',
          actorId: expert,
          reason: '近期出差，时间冲突',
          scoreBy: null,
          at: expect.any(Number),
          ...inv.named,
        });
      },
    );

    it.concurrent(
      "recuses after accepting: 'recused'; a score queued behind the recusal is refused, and one after it too",
      async () => {
        const { inv, id, expert } = await startInvitation();
        await accept(inv);
        gate.hold(`${id}:recused`);
        let recusing: Promise<InvitationState> | undefined;
        let scoring;
        try {
          recusing = inv.execute(recuseUpdate, { actorId: expert, reason: '发现与申请人曾有师生关系' });
          await waitForRecord(id, 'recused', recusing);
          // Still 'accepted' while the recusal is written: the score passes the validator and waits.
          scoring = await inv.accepted(submitScoreUpdate, {
            actorId: expert,
            sheet: SHEET,
            weightedScore: WEIGHTED,
          });
        } finally {
          gate.release(`${id}:recused`);
        }
        expect((await recusing).status).toBe('recused');
        expect(await refusal(scoring.result())).toBe('invalid_state');
        expect(await inv.result()).toBe('recused');
        // The workflow has ended: the server itself refuses any further update.
        await expect(score(inv)).rejects.toThrow(/already completed/i);

        expect(writes(id)).toEqual(['recordInvitation:accepted', 'recordInvitation:recused', ...redrawn]);
        expect(record(id, 'recused')).toEqual({
          assignmentId: id,
          status: 'recused',
          actorId: expert,
          reason: '发现与申请人曾有师生关系',
          at: expect.any(Number),
          ...inv.named,
        });
      },
    );

    it.concurrent("recuses before answering: 'recused', no deadline write", async () => {
      const { inv, id, expert } = await startInvitation();
      const recused = await inv.execute(recuseUpdate, { actorId: expert, reason: '申请单位为本人任职单位' });
      expect(recused).toEqual<InvitationState>({ assignmentId: id, status: 'recused', scoreBy: null });
      expect(await inv.result()).toBe('recused');
      expect(writes(id)).toEqual(['recordInvitation:recused', ...redrawn]);
    });

    it.concurrent(
      'invitation: a draft is refused before acceptance, then kept while accepted, numbered per save',
      async () => {
        const { inv, id, expert: expertId } = await startInvitation();
        expect(await refusal(inv.execute(saveScoreDraftUpdate, { actorId: expertId, sheet: {} }))).toBe(
          'invalid_state',
        );
        await accept(inv);
        for (const n of [1, 2])
          expect(await inv.execute(saveScoreDraftUpdate, { actorId: expertId, sheet: { n } })).toMatchObject({
            status: 'accepted',
          });
        await score(inv);
        const drafts = calls
          .filter(
            (c) => c.name === 'saveScoreDraft' && (c.args[0] as { assignmentId: string }).assignmentId === id,
          )
          .map((c) => c.args[0]);
        expect(drafts).toEqual([
          { assignmentId: id, actorId: expertId, sheet: { n: 1 }, n: 1, at: expect.any(Number) },
          { assignmentId: id, actorId: expertId, sheet: { n: 2 }, n: 2, at: expect.any(Number) },
        ]);
        expect(await inv.result()).toBe('submitted');
      },
    );
  });

  // ---- reviewRoundWorkflow and reviewApplicationWorkflow ------------------------------------

  /** An invitation of one application (a fresh one unless named). */
  const invitationRef = (applicationId: string = randomUUID()): InvitationRef => ({
    assignmentId: randomUUID(),
    applicationId,
    expertId: randomUUID(),
    respondBy: new Date(Date.now() + 60_000).toISOString(),
  });

  function roundStart(roundId: string, workflowId = workflowIds.reviewRound(roundId), reopened = false) {
    return new WithStartWorkflowOperation(reviewRoundWorkflow, {
      workflowId,
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue,
      args: [{ roundId, scoringWindow: 'PT1M', reminderBefore: 'PT10S', ...(reopened ? { reopened } : {}) }],
    });
  }

  /** The officer's command: the round recorded and drawn by update-with-start, as the API sends it. */
  async function startRound(script: RoundScript) {
    const roundId = randomUUID();
    scripts.set(roundId, script);
    const start = roundStart(roundId);
    const state = await env.client.workflow.executeUpdateWithStart(createReviewRoundUpdate, {
      startWorkflowOperation: start,
      args: [CREATE],
    });
    expect(state).toEqual<ReviewRoundState>({
      roundId,
      created: true,
      invited: script.draw.length,
      panels: [],
    });
    return { handle: await start.workflowHandle(), roundId };
  }

  /** The review of the application of `ref`, once the round has started it as its child. */
  async function reviewOf(roundId: string, applicationId: string) {
    const h = env.client.workflow.getHandle<typeof reviewApplicationWorkflow>(
      workflowIds.reviewApplication(roundId, applicationId),
    );
    const desc = await eventually(`the review of ${applicationId}`, async () => {
      try {
        return await h.describe();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    });
    expect(desc.parentExecution?.workflowId).toBe(workflowIds.reviewRound(roundId));
    return h;
  }
  /** An invitation run by its application's review, as the expert's commands reach it. */
  const invitationIn = (h: WorkflowHandle<typeof reviewApplicationWorkflow>, ref: InvitationRef) =>
    driven(
      { ...ref, scoringWindow: 'PT1M', reminderBefore: 'PT10S' },
      h,
      async () =>
        (await h.query(applicationReviewStateQuery)).find((i) => i.assignmentId === ref.assignmentId)!,
      async () => (await h.result()).find((i) => i.assignmentId === ref.assignmentId)!.status,
    );

  /** A workflow's history: children started and activities scheduled, by name, in order. */
  async function historyOf(h: WorkflowHandle) {
    const events = (await h.fetchHistory()).events ?? [];
    return {
      events,
      children: events
        .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId)
        .filter((w): w is string => !!w),
      activities: events
        .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
        .filter((n): n is string => !!n),
    };
  }

  const roundCalls = (roundId: string, refs: InvitationRef[]) => {
    const ids = new Set(refs.map((r) => r.assignmentId));
    return calls.filter((c) => {
      const a = c.args[0] as { roundId?: string; assignmentId?: string };
      return a.roundId === roundId || (a.assignmentId !== undefined && ids.has(a.assignmentId));
    });
  };
  const label = (c: ActivityCalls[number]) => {
    const a = c.args[0] as { assignmentId?: string; status?: string };
    return c.name === 'recordInvitation' ? `${a.assignmentId}:${a.status}` : c.name;
  };

  it.concurrent(
    "an application's review waits on its invitations' deadlines with one timer: five experts answer and score, and its history starts two timers where it started ten",
    async () => {
      const x = randomUUID();
      // Ten minutes to answer; once accepted, the reminder is due 50 s later (PT1M, PT10S).
      const refs = Array.from({ length: 5 }, () => ({
        ...invitationRef(x),
        respondBy: new Date(Date.now() + 600_000).toISOString(),
      }));
      const { handle, roundId } = await startRound({ draw: refs, redraw: {} });
      const hx = await reviewOf(roundId, x);
      // Its first task done (the timer for the answers started): an answer that reached it with the
      // start, on a loaded machine, would be in the first timer already, and one timer would do.
      await eventually('the review’s first timer', async () =>
        (await historyOf(hx)).events.some((e) => e.timerStartedEventAttributes),
      );
      const invitations = refs.map((r) => invitationIn(hx, r));
      for (const inv of invitations) await accept(inv);
      for (const inv of invitations) await score(inv);
      expect((await hx.result()).map((i) => i.status)).toEqual(Array(5).fill('submitted'));
      await handle.result();

      // One timer for the earliest answer deadline, moved once: to the first expert's reminder,
      // earlier. The later experts' reminders and every answer left it as it was; it went with the
      // last score. With a timer per deadline the same review started ten timers and cancelled ten.
      const { events } = await historyOf(hx);
      const count = (attr: 'timerStartedEventAttributes' | 'timerCanceledEventAttributes') =>
        events.filter((e) => e[attr]).length;
      expect([count('timerStartedEventAttributes'), count('timerCanceledEventAttributes')]).toEqual([2, 2]);
      expect(events.filter((e) => e.timerFiredEventAttributes)).toHaveLength(0);
    },
  );

  it.concurrent(
    'round: one review per application runs its invitations; a declined one is redrawn there and the replacement followed to its score; the round finishes once, after every review',
    async () => {
      const x = randomUUID();
      const [a, b, c] = [invitationRef(x), invitationRef(x), invitationRef(x)];
      const d = invitationRef();
      const { handle, roundId } = await startRound({
        draw: [a, b, d],
        redraw: { [a.assignmentId]: c },
      });

      const hx = await reviewOf(roundId, x);
      const hd = await reviewOf(roundId, d.applicationId);
      const [ia, ib, id] = [invitationIn(hx, a), invitationIn(hx, b), invitationIn(hd, d)];
      expect(await decline(ia)).toMatchObject({ assignmentId: a.assignmentId, status: 'declined' });
      await accept(ib);
      await accept(id);
      await score(id);
      expect(await hd.result()).toEqual([
        { assignmentId: d.assignmentId, status: 'submitted', scoreBy: expect.any(String) },
      ]);

      // The replacement is invited in the same review, with the round's windows.
      const ic = invitationIn(hx, c);
      await eventually(
        'the replacement',
        async () => (await hx.query(applicationReviewStateQuery)).length === 3,
      );
      await accept(ic);
      expect(record(c.assignmentId, 'accepted').scoreBy).toBe(
        new Date(record(c.assignmentId, 'accepted').at + 60_000).toISOString(),
      );
      await score(ic);
      expect(await ic.state()).toMatchObject({ status: 'submitted' });
      // b is still open: the review waits, and so does the round, without closing.
      expect((await hx.describe()).status.name).toBe('RUNNING');
      expect(roundCalls(roundId, [a, b, c, d]).filter((x) => x.name === 'finishReviewRound')).toEqual([]);

      await score(ib);
      expect(await hx.result()).toEqual([
        { assignmentId: a.assignmentId, status: 'declined', scoreBy: null },
        { assignmentId: b.assignmentId, status: 'submitted', scoreBy: expect.any(String) },
        { assignmentId: c.assignmentId, status: 'submitted', scoreBy: expect.any(String) },
      ]);
      await handle.result();

      // The round started one review per application (not one workflow per invitation); the
      // redraw ran in the application's review.
      const round = await historyOf(handle);
      expect(round.children).toEqual([
        workflowIds.reviewApplication(roundId, x),
        workflowIds.reviewApplication(roundId, d.applicationId),
      ]);
      expect(round.activities).toEqual([
        'createReviewRound',
        'drawReviewRound',
        'reviewApplicationPage',
        'listReviewInvitations',
        'finishReviewRound',
      ]);
      expect((await historyOf(hx)).activities).toEqual(['redrawReviewer']);

      const all = roundCalls(roundId, [a, b, c, d]);
      expect(all[0]).toEqual({
        name: 'createReviewRound',
        args: [{ ...CREATE, roundId, at: expect.any(Number) }],
      });
      expect(all[1]).toEqual({
        name: 'drawReviewRound',
        args: [{ roundId, at: expect.any(Number), byApplication: true, listOnStart: true }],
      });
      expect(all[2]).toEqual({ name: 'reviewApplicationPage', args: [{ roundId, offset: 0, limit: 2 }] });
      // The page's invitations shown to their experts once both reviews run.
      expect(all.filter((x) => x.name === 'listReviewInvitations')).toEqual([
        { name: 'listReviewInvitations', args: [{ roundId, offset: 0, limit: 2, at: expect.any(Number) }] },
      ]);
      expect(all.filter((x) => x.name === 'redrawReviewer')).toEqual([
        { name: 'redrawReviewer', args: [{ roundId, assignmentId: a.assignmentId, at: expect.any(Number) }] },
      ]);
      const order = all.map(label);
      expect(order.indexOf(`${a.assignmentId}:declined`)).toBeLessThan(order.indexOf('redrawReviewer'));
      expect(order.indexOf('redrawReviewer')).toBeLessThan(order.indexOf(`${c.assignmentId}:accepted`));
      expect(order.filter((n) => n === 'finishReviewRound')).toHaveLength(1);
      expect(order[order.length - 1]).toBe('finishReviewRound');
      const finish = all[all.length - 1].args[0] as { roundId: string; at: number };
      expect(finish).toEqual({ roundId, at: expect.any(Number) });
      for (const r of [b, c, d])
        expect(finish.at).toBeGreaterThanOrEqual(record(r.assignmentId, 'submitted').at);
    },
  );

  it.concurrent(
    "round: an officer requires an accepted expert to step aside (要求回避): recused with the officer as actor and the reason, redrawn as after the expert's own recusal, no credit record; a second requirement is refused",
    async () => {
      const x = randomUUID();
      const [a, b, c] = [invitationRef(x), invitationRef(x), invitationRef(x)];
      const { handle, roundId } = await startRound({ draw: [a, b], redraw: { [a.assignmentId]: c } });
      const hx = await reviewOf(roundId, x);
      const [ia, ib] = [invitationIn(hx, a), invitationIn(hx, b)];
      await accept(ia);
      const officer = randomUUID();
      const reason = '与本项目评审专家组另一位专家同属一个单位';
      const required = await ia.execute(recuseUpdate, { actorId: officer, reason, recusal: 'required' });
      expect(required).toEqual<InvitationState>({
        assignmentId: a.assignmentId,
        status: 'recused',
        scoreBy: expect.any(String),
      });
      expect(record(a.assignmentId, 'recused')).toEqual({
        assignmentId: a.assignmentId,
        status: 'recused',
        actorId: officer,
        reason,
        recusal: 'required',
        at: expect.any(Number),
        roundId,
        applicationId: x,
      });
      // The same rule as the expert's: once recused, a second requirement (or the expert's) is refused.
      expect(await refusal(ia.execute(recuseUpdate, { actorId: officer, reason, recusal: 'required' }))).toBe(
        'invalid_state',
      );
      expect(await refusal(score(ia))).toBe('invalid_state');

      // The replacement is drawn in the same review and followed to its score.
      await eventually(
        'the replacement',
        async () => (await hx.query(applicationReviewStateQuery)).length === 3,
      );
      const ic = invitationIn(hx, c);
      await accept(ic);
      await score(ic);
      await accept(ib);
      await score(ib);
      expect(await hx.result()).toEqual([
        { assignmentId: a.assignmentId, status: 'recused', scoreBy: expect.any(String) },
        { assignmentId: b.assignmentId, status: 'submitted', scoreBy: expect.any(String) },
        { assignmentId: c.assignmentId, status: 'submitted', scoreBy: expect.any(String) },
      ]);
      await handle.result();

      expect(writes(a.assignmentId)).toEqual([
        'recordInvitation:accepted',
        'recordInvitation:recused',
        'redrawReviewer',
      ]);
      const all = roundCalls(roundId, [a, b, c]);
      expect(all.filter((x) => x.name === 'redrawReviewer')).toEqual([
        { name: 'redrawReviewer', args: [{ roundId, assignmentId: a.assignmentId, at: expect.any(Number) }] },
      ]);
      // Not the expert's fault: no credit record, for anyone.
      expect(all.filter((x) => x.name === 'recordCredit')).toEqual([]);
      expect(
        calls.filter(
          (x) =>
            x.name === 'recordCredit' && (x.args[0] as { subject: { id: string } }).subject.id === a.expertId,
        ),
      ).toEqual([]);
    },
  );

  it.concurrent(
    'round: a review finishes when a redraw finds nobody (null), with the other slot scored',
    async () => {
      const x = randomUUID();
      const [a, b] = [invitationRef(x), invitationRef(x)];
      const { handle, roundId } = await startRound({ draw: [a, b], redraw: { [a.assignmentId]: null } });
      const hx = await reviewOf(roundId, x);
      await decline(invitationIn(hx, a));
      await accept(invitationIn(hx, b));
      await score(invitationIn(hx, b));
      expect((await hx.result()).map((i) => i.status)).toEqual(['declined', 'submitted']);
      await handle.result();

      expect((await historyOf(handle)).children).toEqual([workflowIds.reviewApplication(roundId, x)]);
      expect((await historyOf(hx)).activities).toEqual(['redrawReviewer']);
      const order = roundCalls(roundId, [a, b]).map(label);
      expect(order.filter((n) => n === 'redrawReviewer')).toHaveLength(1);
      expect(order.filter((n) => n === 'finishReviewRound')).toHaveLength(1);
      expect(order[order.length - 1]).toBe('finishReviewRound');
    },
  );

  it.concurrent(
    "round: a command for an invitation its application's review does not run is refused (not_found) and writes nothing",
    async () => {
      const x = randomUUID();
      const a = invitationRef(x);
      const { handle, roundId } = await startRound({ draw: [a], redraw: {} });
      const hx = await reviewOf(roundId, x);
      const stranger = invitationRef(x);
      expect(await refusal(accept(invitationIn(hx, stranger)))).toBe('not_found');
      expect(roundCalls(roundId, [stranger]).filter((c) => c.name === 'recordInvitation')).toEqual([]);
      await accept(invitationIn(hx, a));
      await score(invitationIn(hx, a));
      await handle.result();
    },
  );

  it.concurrent('round: nobody drawn → finishes at once, no child', async () => {
    const { handle, roundId } = await startRound({ draw: [], redraw: {} });
    await handle.result();
    const history = await historyOf(handle);
    expect(history.children).toEqual([]);
    expect(history.activities).toEqual(['createReviewRound', 'drawReviewRound', 'finishReviewRound']);
    expect(roundCalls(roundId, []).map((c) => c.name)).toEqual([
      'createReviewRound',
      'drawReviewRound',
      'finishReviewRound',
    ]);
  });

  it.concurrent(
    'round: a closed round is reopened for a panel, which it records and closes again',
    async () => {
      const { handle, roundId } = await startRound({ draw: [], redraw: {} });
      await handle.result();
      // The closed round is reopened (same id) for one command and closes again.
      const panel = {
        applicationId: randomUUID(),
        mode: 'consensus' as const,
        members: [],
        heldAt: new Date().toISOString(),
        outcome: { score: 80 },
        minutes: '会评纪要：一致同意',
        actorId: CREATE.actorId,
      };
      const reopen = roundStart(roundId, workflowIds.reviewRound(roundId), true);
      const state = await env.client.workflow.executeUpdateWithStart(recordPanelUpdate, {
        startWorkflowOperation: reopen,
        args: [panel],
      });
      expect(state.panels).toEqual([panel.applicationId]);
      await (await reopen.workflowHandle()).result();
      const panels = calls.filter(
        (c) => c.name === 'recordReviewPanel' && (c.args[0] as { roundId: string }).roundId === roundId,
      );
      expect(panels.map((c) => c.args[0])).toEqual([{ ...panel, roundId, at: expect.any(Number) }]);
      const reopenedHistory = await historyOf(await reopen.workflowHandle());
      expect(reopenedHistory.activities).toEqual(['recordReviewPanel']);
    },
  );
});
