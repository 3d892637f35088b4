import { randomUUID } from 'node:crypto';
import { WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DemandContent, workflowIds } from '@kjflow/domain';
import type { CreateDemandRecord, DemandTransitionRecord, SaveDemandDraftRecord } from './activities';
import { demandWorkflow, DemandWorkflowInput } from './demand.workflow';
import {
  demandCreatedUpdate,
  demandStateQuery,
  editDraftUpdate,
  screenDemandUpdate,
  submitUpdate,
} from './definitions';
import { ActivityCalls, createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const SUBMITTER = randomUUID();
const OFFICER = randomUUID();
const complete: DemandContent = {
  title: '赤泥高值化利用技术需求',
  keyField: 'eco_aluminium',
  county: '右江区',
  problem: '氧化铝生产每年产生大量赤泥，堆存占地且存在环境风险，亟需低成本的综合利用技术。',
  indicators: [{ name: '赤泥综合利用率', unit: '%', value: 30 }],
  deliverables: ['中试生产线一条'],
  coFunding: { willing: true, amountFen: 1_000_000 },
  urgency: 'high',
  contact: { name: '李工', phone: '0776-2800000' },
};

function transitions(calls: ActivityCalls) {
  return calls
    .filter((c) => c.name === 'transitionDemand')
    .map((c) => (c.args[0] as DemandTransitionRecord).transition.to);
}

function writes(calls: ActivityCalls) {
  return calls
    .filter((c) => c.name === 'transitionDemand' || c.name === 'saveDemandDraft')
    .map((c) => c.args[0] as DemandTransitionRecord | SaveDemandDraftRecord);
}

describe('demandWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function run<T>(
    opts: { opensInMs?: number; closesInMs?: number; content?: Partial<DemandContent> },
    body: (handle: WorkflowHandle<typeof demandWorkflow>, worker: Worker) => Promise<T>,
  ): Promise<{ result: T; calls: ActivityCalls; input: DemandWorkflowInput }> {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const id = randomUUID();
    const input: DemandWorkflowInput = {
      demandId: id,
      campaign: {
        id: randomUUID(),
        windowStart: new Date(Date.now() + (opts.opensInMs ?? -60_000)).toISOString(),
        windowEnd: new Date(Date.now() + (opts.closesInMs ?? 60_000)).toISOString(),
        keyFields: ['eco_aluminium', 'new_materials'],
        counties: ['右江区', '田阳区'],
      },
      submitterId: SUBMITTER,
      institutionId: null,
      content: { ...complete, ...opts.content },
    };
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(demandWorkflow, {
        workflowId: workflowIds.demand(id),
        taskQueue,
        args: [input],
      });
      const created = await handle.executeUpdate(demandCreatedUpdate);
      expect(created).toMatchObject({ demandId: id, status: 'draft', version: 1, mergedIntoId: null });
      return body(handle, worker);
    });
    return { result, calls, input };
  }

  it('submits, is returned, resubmits and is accepted, each step written once', async () => {
    const { result, calls, input } = await run({}, async (h) => {
      const submitted = await h.executeUpdate(submitUpdate, { args: [{ actorId: SUBMITTER }] });
      expect(submitted).toMatchObject({ status: 'submitted', version: 2 });
      expect(submitted.submittedAt).not.toBeNull();
      const returned = await h.executeUpdate(screenDemandUpdate, {
        args: [{ actorId: OFFICER, decision: 'return', reason: '请补充量化指标' }],
      });
      expect(returned).toMatchObject({ status: 'returned', version: 3 });
      await h.executeUpdate(editDraftUpdate, {
        args: [
          {
            actorId: SUBMITTER,
            patch: { indicators: [...complete.indicators, { name: '铁回收率', unit: '%', value: 85 }] },
            expectedVersion: 3,
          },
        ],
      });
      await h.executeUpdate(submitUpdate, { args: [{ actorId: SUBMITTER }] });
      await h.executeUpdate(screenDemandUpdate, { args: [{ actorId: OFFICER, decision: 'accept' }] });
      return h.result();
    });
    expect(result).toMatchObject({ status: 'accepted', version: 6, mergedIntoId: null });
    expect(result.content.indicators).toHaveLength(2);
    expect(calls.map((c) => c.name)).toEqual([
      'createDemand',
      'transitionDemand',
      'transitionDemand',
      'saveDemandDraft',
      'transitionDemand',
      'transitionDemand',
    ]);
    expect(calls[0].args[0]).toMatchObject<Partial<CreateDemandRecord>>({
      id: input.demandId,
      campaignId: input.campaign.id,
      submitterId: SUBMITTER,
      content: complete,
    });
    expect(transitions(calls)).toEqual(['submitted', 'returned', 'submitted', 'accepted']);
    const recs = writes(calls);
    expect(recs.map((r) => r.version)).toEqual([2, 3, 4, 5, 6]);
    expect(recs.every((r) => r.id === input.demandId)).toBe(true);
    const steps = recs.map((r) => r.step);
    expect(new Set(steps).size).toBe(steps.length);
    const draft = calls.find((c) => c.name === 'saveDemandDraft')!.args[0] as SaveDemandDraftRecord;
    expect(draft).toMatchObject({ actorId: SUBMITTER, changed: ['indicators'] });
    const ret = recs[1] as DemandTransitionRecord;
    expect(ret).toMatchObject({
      actorId: OFFICER,
      reason: '请补充量化指标',
      transition: { from: 'submitted', to: 'returned', event: 'demand.returned' },
    });
    // Only a merge carries anything extra.
    expect(recs.some((r) => 'extra' in r)).toBe(false);
  });

  it('merges a duplicate and records the demand it was merged into', async () => {
    const target = randomUUID();
    const { result, calls } = await run({}, async (h) => {
      await h.executeUpdate(submitUpdate, { args: [{ actorId: SUBMITTER }] });
      const merged = await h.executeUpdate(screenDemandUpdate, {
        args: [{ actorId: OFFICER, decision: 'merge', reason: '与已有需求重复', mergeIntoId: target }],
      });
      expect(merged).toMatchObject({ status: 'merged', mergedIntoId: target });
      return h.result();
    });
    expect(result).toMatchObject({ status: 'merged', mergedIntoId: target, version: 3 });
    expect(transitions(calls)).toEqual(['submitted', 'merged']);
    const merge = calls.filter((c) => c.name === 'transitionDemand')[1].args[0] as DemandTransitionRecord;
    expect(merge).toMatchObject({
      actorId: OFFICER,
      reason: '与已有需求重复',
      extra: { mergeIntoId: target },
      transition: { from: 'submitted', to: 'merged', event: 'demand.merged' },
    });
  });

  it('refuses out-of-scope and incomplete submissions and early screening, writing nothing for them', async () => {
    const { result, calls } = await run(
      { content: { keyField: 'biopharma', problem: '太短' } },
      async (h) => {
        // Screening a draft is refused before anything is written.
        expect(
          await refusal(
            h.executeUpdate(screenDemandUpdate, { args: [{ actorId: OFFICER, decision: 'accept' }] }),
          ),
        ).toBe('invalid_state');
        // Not one of the campaign's key fields.
        expect(await refusal(h.executeUpdate(submitUpdate, { args: [{ actorId: SUBMITTER }] }))).toBe(
          'validation_failed',
        );
        // An unknown field in a patch.
        expect(
          await refusal(
            h.executeUpdate(editDraftUpdate, { args: [{ actorId: SUBMITTER, patch: { budget: 1 } }] }),
          ),
        ).toBe('validation_failed');
        await h.executeUpdate(editDraftUpdate, {
          args: [{ actorId: SUBMITTER, patch: { keyField: 'new_materials' } }],
        });
        // In scope now, but the problem statement is still too short.
        expect(await refusal(h.executeUpdate(submitUpdate, { args: [{ actorId: SUBMITTER }] }))).toBe(
          'validation_failed',
        );
        expect((await h.query(demandStateQuery)).status).toBe('draft');
        await h.executeUpdate(editDraftUpdate, {
          args: [{ actorId: SUBMITTER, patch: { problem: complete.problem } }],
        });
        await h.executeUpdate(submitUpdate, { args: [{ actorId: SUBMITTER }] });
        // A submitted demand is no longer editable.
        expect(
          await refusal(
            h.executeUpdate(editDraftUpdate, {
              args: [{ actorId: SUBMITTER, patch: { title: '新的需求标题' } }],
            }),
          ),
        ).toBe('invalid_state');
        await h.executeUpdate(screenDemandUpdate, {
          args: [{ actorId: OFFICER, decision: 'reject', reason: '不属于本次征集支持方向' }],
        });
        return h.result();
      },
    );
    expect(result).toMatchObject({ status: 'rejected', version: 5 });
    expect(result.content).toMatchObject({ keyField: 'new_materials', problem: complete.problem });
    expect(calls.map((c) => c.name)).toEqual([
      'createDemand',
      'saveDemandDraft',
      'saveDemandDraft',
      'transitionDemand',
      'transitionDemand',
    ]);
    expect(transitions(calls)).toEqual(['submitted', 'rejected']);
  });

  it('refuses a submission before the campaign window opens', async () => {
    const { calls } = await run({ opensInMs: 60_000, closesInMs: 120_000 }, async (h) => {
      expect(await refusal(h.executeUpdate(submitUpdate, { args: [{ actorId: SUBMITTER }] }))).toBe(
        'window_not_open',
      );
      expect(await h.query(demandStateQuery)).toMatchObject({
        status: 'draft',
        version: 1,
        submittedAt: null,
      });
      await h.terminate('test over');
    });
    expect(calls.map((c) => c.name)).toEqual(['createDemand']);
  });

  it('accepts exactly one of two concurrent screening decisions', async () => {
    const { result, calls } = await run({}, async (h) => {
      await h.executeUpdate(submitUpdate, { args: [{ actorId: SUBMITTER }] });
      const outcomes = await Promise.allSettled([
        h.executeUpdate(screenDemandUpdate, { args: [{ actorId: OFFICER, decision: 'accept' }] }),
        h.executeUpdate(screenDemandUpdate, {
          args: [{ actorId: randomUUID(), decision: 'reject', reason: '不属于本次征集支持方向' }],
        }),
      ]);
      const final = await h.result();
      return { outcomes: outcomes.map((o) => o.status).sort(), final };
    });
    expect(result.outcomes).toEqual(['fulfilled', 'rejected']);
    const decided = transitions(calls);
    expect(decided).toHaveLength(2);
    expect(decided[0]).toBe('submitted');
    expect(decided[1]).toBe(result.final.status);
    expect(['accepted', 'rejected']).toContain(result.final.status);
  });

  it('lapses an unsubmitted draft when the window closes; the finished workflow takes no more updates', async () => {
    const { result, calls, input } = await run({ closesInMs: 1_000 }, async (h) => {
      const final = await h.result();
      await expect(h.executeUpdate(submitUpdate, { args: [{ actorId: SUBMITTER }] })).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );
      return final;
    });
    expect(result).toMatchObject({ status: 'lapsed', version: 2, submittedAt: null });
    expect(transitions(calls)).toEqual(['lapsed']);
    const lapse = calls[1].args[0] as DemandTransitionRecord;
    expect(lapse).toMatchObject({
      actorId: null,
      reason: null,
      transition: { from: 'draft', event: 'demand.lapsed' },
    });
    expect(lapse.at).toBeGreaterThanOrEqual(new Date(input.campaign.windowEnd).getTime());
  });

  it('lapses a demand returned after the window has closed', async () => {
    const { result, calls } = await run({ closesInMs: 1_000 }, async (h) => {
      await h.executeUpdate(submitUpdate, { args: [{ actorId: SUBMITTER }] });
      await new Promise((r) => setTimeout(r, 1_200));
      // Still submitted (a submitted demand does not lapse) and still screenable.
      expect((await h.query(demandStateQuery)).status).toBe('submitted');
      await h.executeUpdate(screenDemandUpdate, {
        args: [{ actorId: OFFICER, decision: 'return', reason: '请补充联系人信息' }],
      });
      return h.result();
    });
    expect(result).toMatchObject({ status: 'lapsed', version: 4 });
    expect(transitions(calls)).toEqual(['submitted', 'returned', 'lapsed']);
  });
});
