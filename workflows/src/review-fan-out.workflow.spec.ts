import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowIds } from '@kjflow/domain';
import type { Activities, InvitationRecord, InvitationRef } from './activities';
import {
  CreateReviewRoundArgs,
  createReviewRoundUpdate,
  respondInvitationUpdate,
  submitScoreUpdate,
} from './definitions';
import { REVIEW_FAN_OUT } from './lib/fan-out';
import { reviewRoundWorkflow } from './review.workflow';
import { createTestEnv, recordingActivities, workflowBundle } from './testing/env';

/**
 * Issue 17: a round past Temporal's limits (2,000 pending children per workflow; 51,200 history
 * events; 2 MB per payload) completes. 3,000 invitations are drawn (activities mocked: the draw
 * answers a count, the page activity makes the refs); every 150th expert declines and a
 * replacement is drawn; every other expert accepts and scores through the invitation's updates,
 * as the API sends them. While it runs, every round and slice workflow is described: none may
 * hold more than the fan-out's leaf of pending children or activities.
 */
const INVITATIONS = 3_000;
const DECLINE_EVERY = 150;
/**
 * The history bound stated for a round or slice run: a leaf of 200 invitations takes about
 * 5 events per invitation and 8 per redraw; 2,000 leaves room and stays far below the 4 K events
 * at which Temporal suggests continuing as new (and the 51,200 limit).
 */
const HISTORY_BOUND = 2_000;
const PENDING_BOUND = Math.max(REVIEW_FAN_OUT.leaf, REVIEW_FAN_OUT.branch);
const SUGGEST_AFTER = 100;

const CREATE: CreateReviewRoundArgs = {
  callId: '00000000-0000-4000-8000-000000000001',
  strategy: 'random',
  k: 5,
  seed: 7,
  maxProbability: null,
  policy: {
    responseWindow: 'PT10M',
    scoringWindow: 'PT10M',
    reminderBefore: 'PT1M',
    disagreementThreshold: 15,
    pool: null,
  },
  actorId: '00000000-0000-4000-8000-000000000002',
};

describe('review round at scale (bounded fan-out)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `test-review-fan-out-${randomUUID()}`;
  const recording = recordingActivities();
  const roundId = randomUUID();
  const respondBy = new Date(Date.now() + 10 * 60_000).toISOString();
  const refAt = (i: number): InvitationRef => ({
    assignmentId: `${roundId}-${i}`,
    applicationId: `application-${Math.floor(i / CREATE.k)}`,
    expertId: `expert-${i}`,
    respondBy,
  });
  const scored = new Set<string>();
  let finishedAfter = -1;
  const activities: Activities = {
    ...recording.activities,
    async drawReviewRound(input) {
      await recording.activities.drawReviewRound(input);
      return { invited: INVITATIONS };
    },
    async reviewInvitationPage(input) {
      await recording.activities.reviewInvitationPage(input);
      const n = Math.max(0, Math.min(input.limit, INVITATIONS - input.offset));
      return Array.from({ length: n }, (_, j) => refAt(input.offset + j));
    },
    async redrawReviewer(input) {
      await recording.activities.redrawReviewer(input);
      return { ...refAt(0), assignmentId: `${input.assignmentId}-r`, expertId: `${input.assignmentId}-r` };
    },
    async recordInvitation(rec: InvitationRecord) {
      if (rec.status === 'submitted') scored.add(rec.assignmentId);
    },
    async finishReviewRound(input) {
      await recording.activities.finishReviewRound(input);
      finishedAfter = scored.size;
    },
  };

  beforeAll(async () => {
    // Temporal suggests continuing as new past 100 events here (4 K by default), so every slice
    // is past it when its experts decline: each replacement must move to a slot workflow.
    env = await createTestEnv({
      serverArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_AFTER}`],
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
      // Every invitation stays open until its expert scores: keep all of them cached, as a
      // production worker sized for its rounds would, so none is replayed from its history.
      maxCachedWorkflows: INVITATIONS + 200,
      maxConcurrentWorkflowTaskExecutions: 100,
    });
    running = worker.run();
  });
  afterAll(async () => {
    if (worker) {
      worker.shutdown();
      await running;
    }
    await env?.teardown();
  });

  /** Sends an update to an invitation once its slice has started it. */
  async function send(assignmentId: string, fn: (id: string) => Promise<unknown>) {
    for (;;) {
      try {
        return await fn(workflowIds.reviewInvitation(assignmentId));
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
  const handle = (id: string) => env.client.workflow.getHandle(id);
  const respond = (assignmentId: string, decision: 'accept' | 'decline') =>
    send(assignmentId, (id) =>
      handle(id).executeUpdate(respondInvitationUpdate, {
        args: [{ actorId: assignmentId, decision }],
      }),
    );
  const score = (assignmentId: string) =>
    send(assignmentId, (id) =>
      handle(id).executeUpdate(submitScoreUpdate, {
        args: [{ actorId: assignmentId, sheet: { criteria: { innovation: 80 } }, weightedScore: 80 }],
      }),
    );

  /** The experts: each declines (every 150th) or accepts and scores, 96 at a time. */
  async function experts() {
    let next = 0;
    const one = async () => {
      for (let i = next++; i < INVITATIONS; i = next++) {
        let id = refAt(i).assignmentId;
        if (i % DECLINE_EVERY === 0) {
          await respond(id, 'decline');
          id = `${id}-r`;
        }
        await respond(id, 'accept');
        await score(id);
      }
    };
    await Promise.all(Array.from({ length: 96 }, one));
  }

  /** The round's and its slices' open runs, described until `done`: the most pending of each kind. */
  async function watch(done: () => boolean) {
    const most = { children: 0, activities: 0, workflows: 0 };
    const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running' AND WorkflowType IN ('reviewRoundWorkflow', 'reviewSliceWorkflow')`;
    while (!done()) {
      const ids: string[] = [];
      for await (const w of env.client.workflow.list({ query })) ids.push(w.workflowId);
      most.workflows = Math.max(most.workflows, ids.length);
      for (const id of ids) {
        const { raw } = await handle(id).describe();
        most.children = Math.max(most.children, raw.pendingChildren?.length ?? 0);
        most.activities = Math.max(most.activities, raw.pendingActivities?.length ?? 0);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    return most;
  }

  it('completes a round of 3,000 invitations, each workflow within the pending and history bounds', async () => {
    const started = Date.now();
    const start = new WithStartWorkflowOperation(reviewRoundWorkflow, {
      workflowId: workflowIds.reviewRound(roundId),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue,
      args: [{ roundId, scoringWindow: 'PT10M', reminderBefore: 'PT1M' }],
    });
    const state = await env.client.workflow.executeUpdateWithStart(createReviewRoundUpdate, {
      startWorkflowOperation: start,
      args: [CREATE],
    });
    expect(state.invited).toBe(INVITATIONS);
    const round = await start.workflowHandle();
    const drawn = Date.now();

    let over = false;
    const watching = watch(() => over);
    await experts();
    const answered = Date.now();
    await round.result();
    over = true;
    const most = await watching;

    // Every slot scored (replacements for the declined ones), the round closed once, after them.
    const declined = Math.ceil(INVITATIONS / DECLINE_EVERY);
    expect(scored.size).toBe(INVITATIONS);
    expect([...scored].filter((id) => id.endsWith('-r'))).toHaveLength(declined);
    expect(recording.calls.filter((c) => c.name === 'redrawReviewer')).toHaveLength(declined);
    expect(recording.calls.filter((c) => c.name === 'finishReviewRound')).toHaveLength(1);
    expect(finishedAfter).toBe(INVITATIONS);
    // Each invitation read once, in pages no larger than a leaf.
    const pages = recording.calls
      .filter((c) => c.name === 'reviewInvitationPage')
      .map((c) => c.args[0] as { offset: number; limit: number });
    expect(pages.reduce((n, p) => n + p.limit, 0)).toBe(INVITATIONS);
    expect(Math.max(...pages.map((p) => p.limit))).toBeLessThanOrEqual(REVIEW_FAN_OUT.leaf);

    // Bounds: pending children and activities per workflow; history length per run.
    expect(most.children).toBeGreaterThan(0);
    expect(most.children).toBeLessThanOrEqual(PENDING_BOUND);
    expect(most.activities).toBeLessThanOrEqual(PENDING_BOUND);
    const runs = [round.workflowId];
    const histories: Record<string, number> = {};
    for await (const w of env.client.workflow.list({
      query: `TaskQueue = '${taskQueue}' AND WorkflowType IN ('reviewRoundWorkflow', 'reviewSliceWorkflow')`,
    }))
      if (!runs.includes(w.workflowId)) runs.push(w.workflowId);
    for (const id of runs) histories[id] = Number((await handle(id).describe()).historyLength);
    const longest = Math.max(...Object.values(histories));
    // The round, its 15 slices, and a slot workflow for each replacement (drawn once the slice's
    // history was past the suggestion, so the slice did not grow with that slot's redraws).
    const slots = runs.filter((id) => id.includes('-slot-'));
    expect(runs.length - slots.length).toBe(1 + Math.ceil(INVITATIONS / REVIEW_FAN_OUT.leaf));
    expect(slots.sort()).toEqual(
      Array.from({ length: declined }, (_, j) =>
        workflowIds.reviewSlot(roundId, `${refAt(j * DECLINE_EVERY).assignmentId}-r`),
      ).sort(),
    );
    expect(longest).toBeLessThan(HISTORY_BOUND);
    console.log(
      `3,000 invitations in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(drawn ${((drawn - started) / 1000).toFixed(1)} s, 6,020 expert updates ` +
        `${((answered - drawn) / 1000).toFixed(1)} s, closed ${((Date.now() - answered) / 1000).toFixed(1)} s later): ${runs.length} runs, ` +
        `most pending children ${most.children}, activities ${most.activities}, ` +
        `open round/slice/slot workflows ${most.workflows}, longest history ${longest} events ` +
        `(round ${histories[round.workflowId]})`,
    );
  }, 600_000); // about 2 min on a quiet 2-core machine; room for a loaded one
});
