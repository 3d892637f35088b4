import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { workflowIds } from '@kjflow/domain';
import { isTemporalDown } from '../../apps/api/src/common/unavailable';
import type { Activities, InvitationRecord, InvitationRef } from './activities';
import {
  CreateReviewRoundArgs,
  createReviewRoundUpdate,
  InvitationState,
  respondInvitationUpdate,
  saveScoreDraftUpdate,
  submitScoreUpdate,
} from './definitions';
import { REVIEW_FAN_OUT } from './lib/fan-out';
import { reviewApplicationWorkflow, reviewRoundWorkflow } from './review.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';

/**
 * Issue 17: a round past Temporal's limits (2,000 pending children per workflow; 51,200 history
 * events; 2 MB per payload) completes. 3,000 invitations of 600 applications are drawn
 * (activities mocked: the draw answers counts, the page activity makes the refs); every 150th
 * expert declines and a replacement is drawn; every other expert accepts and scores through the
 * updates the API sends to the application's review. While it runs, every round and slice
 * workflow is described: none may hold more than the fan-out's leaf of pending children or
 * activities. Temporal suggests continuing as new past 100 events here (4 K by default), so a
 * review whose experts keep many drafts continues as new, and must lose nothing doing so.
 */
const INVITATIONS = 3_000;
const DECLINE_EVERY = 150;
/**
 * The history bound stated for any run: a leaf of 200 applications takes about 5 events per
 * child; 2,000 leaves room and stays far below the 4 K events at which Temporal suggests
 * continuing as new (and the 51,200 limit).
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

const APPLICATIONS = INVITATIONS / CREATE.k;

describe('review round at scale (bounded fan-out)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `test-review-fan-out-${randomUUID()}`;
  const recording = recordingActivities();
  const roundId = randomUUID();
  const respondBy = new Date(Date.now() + 10 * 60_000).toISOString();
  const applicationOf = (i: number) => `application-${Math.floor(i / CREATE.k)}`;
  const indexOf = (assignmentId: string) => Number(assignmentId.slice(roundId.length + 1).split('-')[0]);
  const refAt = (i: number): InvitationRef => ({
    assignmentId: `${roundId}-${i}`,
    applicationId: applicationOf(i),
    expertId: `expert-${i}`,
    respondBy,
  });
  const scored = new Set<string>();
  const listedBeforeStart: string[] = [];
  let finishedAfter = -1;
  const activities: Activities = {
    ...recording.activities,
    async drawReviewRound(input) {
      await recording.activities.drawReviewRound(input);
      return { invited: INVITATIONS, applications: APPLICATIONS };
    },
    async reviewApplicationPage(input) {
      await recording.activities.reviewApplicationPage(input);
      const n = Math.max(0, Math.min(input.limit, APPLICATIONS - input.offset));
      return Array.from({ length: n }, (_, j) => ({
        applicationId: applicationOf((input.offset + j) * CREATE.k),
        invitations: Array.from({ length: CREATE.k }, (_, e) => refAt((input.offset + j) * CREATE.k + e)),
      }));
    },
    // A page's invitations are listed only once every review of the page runs.
    async listReviewInvitations(input) {
      await recording.activities.listReviewInvitations(input);
      const ids = Array.from(
        { length: Math.max(0, Math.min(input.limit, APPLICATIONS - input.offset)) },
        (_, j) => workflowIds.reviewApplication(roundId, applicationOf((input.offset + j) * CREATE.k)),
      );
      // Started (the fast experts here may already have finished it), not missing.
      await Promise.all(
        ids.map((id) =>
          env.client.workflow
            .getHandle(id)
            .describe()
            .catch((err: unknown) => {
              if (!(err instanceof WorkflowNotFoundError)) throw err;
              listedBeforeStart.push(id);
            }),
        ),
      );
    },
    async redrawReviewer(input) {
      await recording.activities.redrawReviewer(input);
      const dropped = refAt(indexOf(input.assignmentId));
      return { ...dropped, assignmentId: `${input.assignmentId}-r`, expertId: `${input.assignmentId}-r` };
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
    // Temporal suggests continuing as new past 100 events here (4 K by default): a review with
    // many drafts is past it within the test (see the second test).
    env = await createTestEnv({
      serverArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_AFTER}`],
    });
    worker = await startWorker(env, taskQueue, activities, {
      // Every review stays open until its experts score: keep all of them cached, as a
      // production worker sized for its rounds would, so none is replayed from its history.
      maxCachedWorkflows: APPLICATIONS + 200,
      // Tasks beyond these wait in the server's queue, not in the worker's one workflow thread,
      // where on a loaded machine they would pass their 10 s timeout.
      maxConcurrentWorkflowTaskExecutions: 25,
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

  /** Sends an update to an invitation once its slice has started the application's review. */
  async function send(assignmentId: string, fn: (id: string) => Promise<unknown>) {
    for (;;) {
      try {
        return await fn(workflowIds.reviewApplication(roundId, applicationOf(indexOf(assignmentId))));
      } catch (err) {
        // Not started yet, or what the API answers 503 to and a client retries (its last task
        // timed out on a busy machine; the worker dropped the update, which changed nothing).
        if (!(err instanceof WorkflowNotFoundError) && !isTemporalDown(err)) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
  const handle = (id: string) => env.client.workflow.getHandle(id);
  const respond = (assignmentId: string, decision: 'accept' | 'decline') =>
    send(assignmentId, (id) =>
      handle(id).executeUpdate(respondInvitationUpdate, {
        args: [{ assignmentId, actorId: assignmentId, decision }],
      }),
    );
  const score = (assignmentId: string) =>
    send(assignmentId, (id) =>
      handle(id).executeUpdate(submitScoreUpdate, {
        args: [
          { assignmentId, actorId: assignmentId, sheet: { criteria: { innovation: 80 } }, weightedScore: 80 },
        ],
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
    // Each application read once, in pages no larger than a leaf.
    const pages = recording.calls
      .filter((c) => c.name === 'reviewApplicationPage')
      .map((c) => c.args[0] as { offset: number; limit: number });
    expect(pages.reduce((n, p) => n + p.limit, 0)).toBe(APPLICATIONS);
    expect(Math.max(...pages.map((p) => p.limit))).toBeLessThanOrEqual(REVIEW_FAN_OUT.leaf);
    // Listed to the experts after the reviews had started (a slow attempt on a busy
    // machine may be retried: the activity is idempotent).
    expect(recording.calls.find((c) => c.name === 'drawReviewRound')?.args[0]).toMatchObject({
      byApplication: true,
      listOnStart: true,
    });
    const listed = recording.calls
      .filter((c) => c.name === 'listReviewInvitations')
      .map((c) => c.args[0] as { offset: number; limit: number });
    // Every application listed, a part of its leaf at a time (at most 50), as its reviews start.
    const covered = new Set(listed.flatMap((p) => Array.from({ length: p.limit }, (_, j) => p.offset + j)));
    expect(covered.size).toBe(APPLICATIONS);
    expect(Math.max(...covered)).toBe(APPLICATIONS - 1);
    expect(Math.max(...listed.map((p) => p.limit))).toBeLessThanOrEqual(50);
    expect(new Set(listed.map((p) => p.offset)).size).toBeGreaterThan(pages.length);
    expect(listedBeforeStart).toEqual([]);

    // Bounds: pending children and activities per workflow; history length per run.
    expect(most.children).toBeGreaterThan(0);
    expect(most.children).toBeLessThanOrEqual(PENDING_BOUND);
    expect(most.activities).toBeLessThanOrEqual(PENDING_BOUND);
    const histories: Record<string, number> = {};
    const reviews = { runs: 0, continued: 0 };
    for await (const w of env.client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
      const length = Number((await handle(w.workflowId).describe()).historyLength);
      histories[`${w.workflowId}/${w.runId}`] = length;
      if (w.type === 'reviewApplicationWorkflow') {
        reviews.runs += 1;
        if (w.status.name === 'CONTINUED_AS_NEW') reviews.continued += 1;
      }
    }
    const longest = Math.max(...Object.values(histories));
    // The round, its 3 slices and one review per application, nothing per invitation (a review
    // whose history passes the suggestion continues as new: see the next test).
    const ids = new Set(Object.keys(histories).map((k) => k.split('/')[0]));
    expect([...ids].filter((id) => id.includes('-slice-'))).toHaveLength(
      Math.ceil(APPLICATIONS / REVIEW_FAN_OUT.leaf),
    );
    expect([...ids].filter((id) => id.includes('-application-'))).toHaveLength(APPLICATIONS);
    expect(ids.size).toBe(1 + Math.ceil(APPLICATIONS / REVIEW_FAN_OUT.leaf) + APPLICATIONS);
    expect(longest).toBeLessThan(HISTORY_BOUND);
    console.log(
      `3,000 invitations in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(drawn ${((drawn - started) / 1000).toFixed(1)} s, 6,020 expert updates ` +
        `${((answered - drawn) / 1000).toFixed(1)} s, closed ${((Date.now() - answered) / 1000).toFixed(1)} s later): ` +
        `${ids.size} workflows in ${Object.keys(histories).length} runs (${reviews.continued} reviews continued as new), ` +
        `most pending children ${most.children}, activities ${most.activities}, ` +
        `open round/slice workflows ${most.workflows}, longest history ${longest} events ` +
        `(round ${histories[`${round.workflowId}/${(await round.describe()).runId}`]})`,
    );
  }, 600_000); // about 2 min on a quiet 2-core machine; room for a loaded one

  it("an application's review continues as new when its history grows, losing no draft, answer or deadline", async () => {
    const applicationId = `drafts-${randomUUID()}`;
    const review = await env.client.workflow.start(reviewApplicationWorkflow, {
      workflowId: workflowIds.reviewApplication(randomUUID(), applicationId),
      taskQueue,
      args: [
        {
          roundId: randomUUID(),
          applicationId,
          scoringWindow: 'PT10M',
          reminderBefore: 'PT1M',
          invitations: ['a', 'b'].map((e) => ({
            assignmentId: `${applicationId}-${e}`,
            applicationId,
            expertId: e,
            respondBy,
            status: 'invited' as const,
            scoreBy: null,
            drafts: 0,
            reminded: false,
            redrawn: false,
          })),
        },
      ],
    });
    const update = <A extends object>(def: UpdateDefinition<InvitationState, [A]>, args: A) =>
      review.executeUpdate(def, { args: [args] });
    for (const e of ['a', 'b'])
      await update(respondInvitationUpdate, {
        assignmentId: `${applicationId}-${e}`,
        actorId: e,
        decision: 'accept',
      });
    // 40 drafts of a's sheet: each a workflow task, an update and a local activity's marker.
    for (let n = 1; n <= 40; n++)
      await update(saveScoreDraftUpdate, { assignmentId: `${applicationId}-a`, actorId: 'a', sheet: { n } });
    for (const e of ['a', 'b'])
      await update(submitScoreUpdate, {
        assignmentId: `${applicationId}-${e}`,
        actorId: e,
        sheet: { criteria: { innovation: 80 } },
        weightedScore: 80,
      });
    expect((await review.result()).map((i) => i.status)).toEqual(['submitted', 'submitted']);

    const runs: number[] = [];
    for await (const w of env.client.workflow.list({ query: `WorkflowId = '${review.workflowId}'` }))
      runs.push(
        Number((await env.client.workflow.getHandle(w.workflowId, w.runId).describe()).historyLength),
      );
    expect(runs.length).toBeGreaterThan(1);
    expect(Math.max(...runs)).toBeLessThan(SUGGEST_AFTER * 2);
    // Each draft written once under its own number, across the runs.
    const drafts = recording.calls
      .filter((c) => c.name === 'saveScoreDraft')
      .map((c) => c.args[0] as { assignmentId: string; n: number; sheet: { n: number } })
      .filter((d) => d.assignmentId === `${applicationId}-a`);
    expect([...new Set(drafts.map((d) => d.n))]).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(drafts.every((d) => d.sheet.n === d.n)).toBe(true);
  }, 120_000);
});
