import { randomUUID } from 'node:crypto';
import { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CallSpec, GuideSpec, Role, workflowIds } from '@kjflow/domain';
import type {
  GuideCorrectionRecord,
  GuideTransitionRecord,
  PublishGuideRecord,
  SaveGuideDraftRecord,
} from './activities';
import { callWorkflow } from './call.workflow';
import {
  callCreatedUpdate,
  correctGuideUpdate,
  decideGuideUpdate,
  editGuideUpdate,
  guideCreatedUpdate,
  guideStateQuery,
  submitGuideUpdate,
  withdrawGuideUpdate,
} from './definitions';
import { guideWorkflow } from './guide.workflow';
import { ActivityCalls, createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

/** The drafter holds every approving role: four eyes must refuse them anyway. */
const DRAFTER = { actorId: randomUUID(), actorRoles: ['officer', 'admin'] as Role[] };
const OFFICER = { actorId: randomUUID(), actorRoles: ['officer'] as Role[] };
const ADMIN = { actorId: randomUUID(), actorRoles: ['admin'] as Role[] };

type GuideWrite = GuideTransitionRecord | SaveGuideDraftRecord | PublishGuideRecord | GuideCorrectionRecord;
const GUIDE_WRITES = ['transitionGuide', 'saveGuideDraft', 'publishGuide', 'publishGuideCorrection'];

/** What the guide workflow wrote, in order, as [activity, what it says]. */
function guideWrites(calls: ActivityCalls) {
  return calls
    .filter((c) => GUIDE_WRITES.includes(c.name))
    .map((c) => {
      const rec = c.args[0] as GuideWrite;
      if (c.name !== 'transitionGuide') return [c.name, (rec as { version: number }).version];
      const t = rec as GuideTransitionRecord;
      return [c.name, t.transition?.to ?? 'step_approved', t.approvedSteps];
    });
}

function steps(calls: ActivityCalls) {
  return calls.filter((c) => GUIDE_WRITES.includes(c.name)).map((c) => (c.args[0] as GuideWrite).step);
}

function callStatuses(calls: ActivityCalls) {
  return calls.filter((c) => c.name === 'setCallStatus').map((c) => (c.args[0] as { status: string }).status);
}

describe('guideWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const callHandle = (callId: string) =>
    env.client.workflow.getHandle<typeof callWorkflow>(workflowIds.call(callId));

  /** The window is taken once the worker is up (the first one bundles the workflow code). */
  async function run<T>(
    opts: { chain: Role[]; opensInMs: number; closesInMs: number },
    body: (handle: WorkflowHandle<typeof guideWorkflow>, spec: GuideSpec) => Promise<T>,
  ): Promise<{ result: T; calls: ActivityCalls; spec: GuideSpec }> {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const spec: GuideSpec = {
      id: randomUUID(),
      templateId: randomUUID(),
      mode: 'challenge',
      approvalChain: opts.chain,
      createdBy: DRAFTER.actorId,
      content: {
        title: '2026年百色市揭榜挂帅项目指南',
        intro: '围绕生态铝产业链关键技术难题，面向社会公开张榜。',
        eligibilityNotes: '申报单位须在百色市注册。',
        topicIds: [randomUUID(), randomUUID()],
        budgetCapFen: 50_000_000,
        totalBudgetFen: 200_000_000,
        windowStart: new Date(Date.now() + opts.opensInMs).toISOString(),
        windowEnd: new Date(Date.now() + opts.closesInMs).toISOString(),
      },
    };
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(guideWorkflow, {
        workflowId: workflowIds.guide(spec.id),
        taskQueue,
        args: [spec],
      });
      const created = await handle.executeUpdate(guideCreatedUpdate);
      expect(created).toMatchObject({ status: 'draft', draftVersion: 1, approvedSteps: 0, callId: null });
      return body(handle, spec);
    });
    return { result, calls, spec };
  }

  it('approves through the chain in order (never the drafter), publishes the call, and corrects as version 2', async () => {
    const { result, calls, spec } = await run(
      { chain: ['officer', 'admin'], opensInMs: 6_000, closesInMs: 7_000 },
      async (h) => {
        expect((await h.executeUpdate(submitGuideUpdate, { args: [DRAFTER] })).status).toBe('in_review');
        // Four eyes: the drafter is refused even with the step's role.
        expect(
          await refusal(h.executeUpdate(decideGuideUpdate, { args: [{ ...DRAFTER, decision: 'approve' }] })),
        ).toBe('forbidden');
        // The chain's order: the first step is the officer's.
        expect(
          await refusal(h.executeUpdate(decideGuideUpdate, { args: [{ ...ADMIN, decision: 'approve' }] })),
        ).toBe('forbidden');
        const first = await h.executeUpdate(decideGuideUpdate, {
          args: [{ ...OFFICER, decision: 'approve', comments: '同意' }],
        });
        expect(first).toMatchObject({ status: 'in_review', approvedSteps: 1, publishedVersion: null });
        expect(
          await refusal(h.executeUpdate(decideGuideUpdate, { args: [{ ...OFFICER, decision: 'approve' }] })),
        ).toBe('forbidden');
        expect(
          await refusal(
            h.executeUpdate(correctGuideUpdate, {
              args: [{ ...ADMIN, correction: { changeNote: '修正错别字若干', title: '更正后的指南标题' } }],
            }),
          ),
        ).toBe('invalid_state');

        const published = await h.executeUpdate(decideGuideUpdate, {
          args: [{ ...ADMIN, decision: 'approve' }],
        });
        expect(published).toMatchObject({ status: 'published', publishedVersion: 1 });
        expect(published.callId).toEqual(expect.any(String));
        const callId = published.callId!;
        expect(
          await refusal(
            h.executeUpdate(editGuideUpdate, { args: [{ ...DRAFTER, patch: { title: '直接修改的标题' } }] }),
          ),
        ).toBe('invalid_state');
        // A correction never moves the dates.
        expect(
          await refusal(
            h.executeUpdate(correctGuideUpdate, {
              args: [
                {
                  ...ADMIN,
                  correction: {
                    changeNote: '延长申报时间',
                    windowEnd: new Date(Date.now() + 3_600_000).toISOString(),
                  },
                },
              ],
            }),
          ),
        ).toBe('validation_failed');
        const corrected = await h.executeUpdate(correctGuideUpdate, {
          args: [{ ...ADMIN, correction: { changeNote: '修正错别字若干', title: '更正后的指南标题' } }],
        });
        expect(corrected).toMatchObject({
          status: 'published',
          publishedVersion: 2,
          draftVersion: 1,
          callId,
        });
        expect((await h.query(guideStateQuery)).content.title).toBe('更正后的指南标题');

        // The guide ends when the window closes; its call opens and closes on its own timers.
        const [guide, call] = await Promise.all([h.result(), callHandle(callId).result()]);
        return { guide, call, callId };
      },
    );
    const { guide, call, callId } = result;
    expect(guide).toMatchObject({ status: 'published', publishedVersion: 2, callId });
    expect(guide.content).toEqual({ ...spec.content, title: '更正后的指南标题' });
    expect(call).toEqual({ callId, status: 'closed', created: true });

    expect(calls[0]).toEqual({ name: 'createGuide', args: [spec, expect.any(Number)] });
    expect(guideWrites(calls)).toEqual([
      ['transitionGuide', 'in_review', 0],
      ['transitionGuide', 'step_approved', 1],
      ['publishGuide', 1],
      ['publishGuideCorrection', 2],
    ]);
    const s = steps(calls);
    expect(new Set(s).size).toBe(s.length);
    const byName = <R>(name: string) => calls.find((c) => c.name === name)!.args[0] as R;
    expect(
      calls.find((c) => c.name === 'transitionGuide' && !(c.args[0] as GuideTransitionRecord).transition)!
        .args[0],
    ).toMatchObject({ event: 'guide.approval_step_approved', actorId: OFFICER.actorId, comments: '同意' });
    expect(byName<PublishGuideRecord>('publishGuide')).toMatchObject({
      id: spec.id,
      version: 1,
      content: spec.content,
      callId,
      actorId: ADMIN.actorId,
    });
    expect(byName<GuideCorrectionRecord>('publishGuideCorrection')).toMatchObject({
      id: spec.id,
      version: 2,
      fromVersion: 1,
      changeNote: '修正错别字若干',
      content: { ...spec.content, title: '更正后的指南标题' },
      callId,
      actorId: ADMIN.actorId,
    });

    // The child call workflow, on the same task queue, records the call from the published guide.
    const created = calls.findIndex((c) => c.name === 'createCall');
    expect(created).toBeGreaterThan(calls.findIndex((c) => c.name === 'publishGuide'));
    expect(calls[created].args[0]).toEqual<CallSpec>({
      id: callId,
      title: spec.content.title,
      mode: 'challenge',
      windowStart: spec.content.windowStart,
      windowEnd: spec.content.windowEnd,
      budgetCapFen: spec.content.budgetCapFen,
      totalBudgetFen: spec.content.totalBudgetFen,
      createdBy: ADMIN.actorId,
      templateId: spec.templateId,
      guideId: spec.id,
    });
    expect(callStatuses(calls)).toEqual(['open', 'closed']);
  });

  it('sends a returned guide back to the first step of the chain; the drafter edits and resubmits', async () => {
    const { result, calls } = await run(
      { chain: ['officer', 'admin'], opensInMs: 60_000, closesInMs: 120_000 },
      async (h, spec) => {
        await h.executeUpdate(submitGuideUpdate, { args: [DRAFTER] });
        expect(
          await refusal(h.executeUpdate(editGuideUpdate, { args: [{ ...DRAFTER, patch: { intro: '改' } }] })),
        ).toBe('invalid_state');
        await h.executeUpdate(decideGuideUpdate, { args: [{ ...OFFICER, decision: 'approve' }] });
        const returned = await h.executeUpdate(decideGuideUpdate, {
          args: [{ ...ADMIN, decision: 'return', comments: '预算总额需与年度计划一致' }],
        });
        expect(returned).toMatchObject({ status: 'returned', approvedSteps: 0 });
        expect(
          await refusal(h.executeUpdate(decideGuideUpdate, { args: [{ ...OFFICER, decision: 'approve' }] })),
        ).toBe('invalid_state');
        expect(
          await refusal(
            h.executeUpdate(editGuideUpdate, {
              args: [{ ...DRAFTER, patch: { totalBudgetFen: 150_000_000 }, expectedVersion: 2 }],
            }),
          ),
        ).toBe('precondition_failed');
        // The merged content must still be a valid guide: the deadline before the opening is not.
        expect(
          await refusal(
            h.executeUpdate(editGuideUpdate, {
              args: [{ ...DRAFTER, patch: { windowEnd: new Date(Date.now() - 60_000).toISOString() } }],
            }),
          ),
        ).toBe('validation_failed');
        const edited = await h.executeUpdate(editGuideUpdate, {
          args: [{ ...DRAFTER, patch: { totalBudgetFen: 150_000_000 }, expectedVersion: 1 }],
        });
        expect(edited).toMatchObject({ draftVersion: 2 });
        expect((await h.query(guideStateQuery)).content).toEqual({
          ...spec.content,
          totalBudgetFen: 150_000_000,
        });
        await h.executeUpdate(submitGuideUpdate, { args: [DRAFTER] });
        // Approval starts over with the officer.
        expect(
          await refusal(h.executeUpdate(decideGuideUpdate, { args: [{ ...ADMIN, decision: 'approve' }] })),
        ).toBe('forbidden');
        const again = await h.executeUpdate(decideGuideUpdate, {
          args: [{ ...OFFICER, decision: 'approve' }],
        });
        await h.terminate('test over');
        return again;
      },
    );
    expect(result).toMatchObject({
      status: 'in_review',
      approvedSteps: 1,
      draftVersion: 2,
      publishedVersion: null,
    });
    expect(guideWrites(calls)).toEqual([
      ['transitionGuide', 'in_review', 0],
      ['transitionGuide', 'step_approved', 1],
      ['transitionGuide', 'returned', 0],
      ['saveGuideDraft', 2],
      ['transitionGuide', 'in_review', 0],
      ['transitionGuide', 'step_approved', 1],
    ]);
    const s = steps(calls);
    expect(new Set(s).size).toBe(s.length);
    const ret = calls.filter((c) => c.name === 'transitionGuide')[2].args[0] as GuideTransitionRecord;
    expect(ret).toMatchObject({
      event: 'guide.returned',
      actorId: ADMIN.actorId,
      comments: '预算总额需与年度计划一致',
      transition: { from: 'in_review', to: 'returned' },
    });
    const draft = calls.find((c) => c.name === 'saveGuideDraft')!.args[0] as SaveGuideDraftRecord;
    expect(draft).toMatchObject({ version: 2, changed: ['totalBudgetFen'], actorId: DRAFTER.actorId });
    expect(calls.some((c) => c.name === 'publishGuide' || c.name === 'createCall')).toBe(false);
  });

  it('withdraws a published guide before its window opens, and its call with it', async () => {
    const { result, calls, spec } = await run(
      { chain: ['admin'], opensInMs: 60_000, closesInMs: 120_000 },
      async (h) => {
        await h.executeUpdate(submitGuideUpdate, { args: [DRAFTER] });
        const { callId } = await h.executeUpdate(decideGuideUpdate, {
          args: [{ ...ADMIN, decision: 'approve' }],
        });
        const call = callHandle(callId!);
        expect(await call.executeUpdate(callCreatedUpdate)).toMatchObject({
          status: 'scheduled',
          created: true,
        });
        const withdrawn = await h.executeUpdate(withdrawGuideUpdate, {
          args: [{ ...ADMIN, reason: '政策调整，暂停本批次申报' }],
        });
        expect(withdrawn.status).toBe('withdrawn');
        return { guide: await h.result(), call: await call.result(), callId: callId! };
      },
    );
    expect(result.guide).toMatchObject({ status: 'withdrawn', publishedVersion: 1, callId: result.callId });
    expect(result.call).toEqual({ callId: result.callId, status: 'withdrawn', created: true });
    expect(guideWrites(calls)).toEqual([
      ['transitionGuide', 'in_review', 0],
      ['publishGuide', 1],
      // The approvals that led to publication stay counted after a withdrawal.
      ['transitionGuide', 'withdrawn', 1],
    ]);
    const guideWithdrawn = calls.findIndex(
      (c) =>
        c.name === 'transitionGuide' && (c.args[0] as GuideTransitionRecord).transition?.to === 'withdrawn',
    );
    expect(calls[guideWithdrawn].args[0]).toMatchObject({
      id: spec.id,
      event: 'guide.withdrawn',
      actorId: ADMIN.actorId,
      comments: '政策调整，暂停本批次申报',
      transition: { from: 'published', to: 'withdrawn' },
    });
    // The call never opened: its only status change is the withdrawal, written after the guide's.
    expect(callStatuses(calls)).toEqual(['withdrawn']);
    const callWithdrawn = calls.findIndex((c) => c.name === 'setCallStatus');
    expect(callWithdrawn).toBeGreaterThan(guideWithdrawn);
    expect(calls[callWithdrawn].args[0]).toMatchObject({ callId: result.callId, status: 'withdrawn' });
    const s = steps(calls);
    expect(new Set(s).size).toBe(s.length);
  });

  it('refuses withdrawal once the window has opened; the call outlives its guide (ABANDON)', async () => {
    const { result, calls } = await run(
      { chain: ['admin'], opensInMs: -60_000, closesInMs: 6_000 },
      async (h) => {
        await h.executeUpdate(submitGuideUpdate, { args: [DRAFTER] });
        const { callId } = await h.executeUpdate(decideGuideUpdate, {
          args: [{ ...ADMIN, decision: 'approve' }],
        });
        const call = callHandle(callId!);
        expect(await call.executeUpdate(callCreatedUpdate)).toMatchObject({ status: 'open' });
        expect(
          await refusal(
            h.executeUpdate(withdrawGuideUpdate, { args: [{ ...ADMIN, reason: '政策调整，暂停申报' }] }),
          ),
        ).toBe('invalid_state');
        expect((await h.query(guideStateQuery)).status).toBe('published');
        // The guide's workflow goes away; the call it started keeps running to its close.
        await h.terminate('test: the parent closes');
        return { call: await call.result(), callId: callId! };
      },
    );
    expect(result.call).toEqual({ callId: result.callId, status: 'closed', created: true });
    expect(guideWrites(calls)).toEqual([
      ['transitionGuide', 'in_review', 0],
      ['publishGuide', 1],
    ]);
    expect(callStatuses(calls)).toEqual(['closed']);
  });

  it('refuses to publish once the deadline has passed, until the drafter moves it', async () => {
    const { result, calls } = await run(
      { chain: ['admin'], opensInMs: -60_000, closesInMs: 1_000 },
      async (h, spec) => {
        await h.executeUpdate(submitGuideUpdate, { args: [DRAFTER] });
        await new Promise((r) =>
          setTimeout(r, new Date(spec.content.windowEnd).getTime() - Date.now() + 200),
        );
        expect(
          await refusal(h.executeUpdate(decideGuideUpdate, { args: [{ ...ADMIN, decision: 'approve' }] })),
        ).toBe('validation_failed');
        await h.executeUpdate(decideGuideUpdate, {
          args: [{ ...ADMIN, decision: 'return', comments: '请调整申报截止时间' }],
        });
        const windowEnd = new Date(Date.now() + 60_000).toISOString();
        await h.executeUpdate(editGuideUpdate, { args: [{ ...DRAFTER, patch: { windowEnd } }] });
        await h.executeUpdate(submitGuideUpdate, { args: [DRAFTER] });
        const published = await h.executeUpdate(decideGuideUpdate, {
          args: [{ ...ADMIN, decision: 'approve' }],
        });
        const call = callHandle(published.callId!);
        await call.executeUpdate(callCreatedUpdate);
        await Promise.all([h.terminate('test over'), call.terminate('test over')]);
        return { published, windowEnd };
      },
    );
    expect(result.published).toMatchObject({ status: 'published', publishedVersion: 1, draftVersion: 2 });
    expect(guideWrites(calls)).toEqual([
      ['transitionGuide', 'in_review', 0],
      ['transitionGuide', 'returned', 0],
      ['saveGuideDraft', 2],
      ['transitionGuide', 'in_review', 0],
      ['publishGuide', 1],
    ]);
    const pub = calls.find((c) => c.name === 'publishGuide')!.args[0] as PublishGuideRecord;
    expect(pub.content.windowEnd).toBe(result.windowEnd);
    const createCall = calls.find((c) => c.name === 'createCall')!.args[0] as CallSpec;
    expect(createCall.windowEnd).toBe(result.windowEnd);
  });
});
