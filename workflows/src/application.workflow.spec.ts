import { randomUUID } from 'node:crypto';
import { WorkflowHandle, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowIds } from '@kjflow/domain';
import type { TransitionRecord } from './activities';
import { applicationWorkflow, ApplicationWorkflowInput } from './application.workflow';
import {
  addAttachmentUpdate,
  applicationCreatedUpdate,
  applicationStateQuery,
  editDraftUpdate,
  endorsementUpdate,
  formalCheckUpdate,
  recordChecklistUpdate,
  removeAttachmentUpdate,
  signPledgeUpdate,
  submitUpdate,
} from './definitions';
import { ActivityCalls, createTestEnv, recordingActivities, startWorker } from './testing/env';

const APPLICANT = randomUUID();
const OFFICER = randomUUID();
const complete = {
  title: '赤泥综合利用关键技术研究',
  summary: '以赤泥为原料制备新型建材并回收铁精矿。',
  requestedFen: 30_000_000,
};

/** The failure type a refused update carries (the DomainError code). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return (cause as ApplicationFailure).type ?? 'untyped';
  }
  throw new Error('expected the update to be refused');
}

function transitions(calls: ActivityCalls) {
  return calls
    .filter((c) => c.name === 'transitionApplication')
    .map((c) => (c.args[0] as TransitionRecord).transition.to);
}

describe('applicationWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function run<T>(
    opts: { closesInMs?: number; content?: Partial<typeof complete>; failOnce?: 'transitionApplication' },
    body: (handle: WorkflowHandle<typeof applicationWorkflow>, worker: Worker) => Promise<T>,
  ): Promise<{ result: T; calls: ActivityCalls }> {
    const { activities, calls } = recordingActivities({ failOnce: opts.failOnce });
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const id = randomUUID();
    const input: ApplicationWorkflowInput = {
      applicationId: id,
      call: {
        id: randomUUID(),
        mode: 'open_competition',
        windowStart: new Date(Date.now() - 60_000).toISOString(),
        windowEnd: new Date(Date.now() + (opts.closesInMs ?? 60_000)).toISOString(),
        budgetCapFen: 50_000_000,
      },
      applicantId: APPLICANT,
      institutionId: null,
      content: { ...complete, ...opts.content },
    };
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(applicationWorkflow, {
        workflowId: workflowIds.application(id),
        taskQueue,
        args: [input],
      });
      await handle.executeUpdate(applicationCreatedUpdate);
      return body(handle, worker);
    });
    return { result, calls };
  }

  it('submits, is returned, resubmits and passes the formal check, each step written once', async () => {
    const { result, calls } = await run({}, async (h) => {
      expect((await h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] })).status).toBe(
        'submitted',
      );
      await h.executeUpdate(formalCheckUpdate, {
        args: [{ actorId: OFFICER, decision: 'return', reason: '缺少承诺书' }],
      });
      await h.executeUpdate(editDraftUpdate, {
        args: [{ actorId: APPLICANT, patch: { summary: complete.summary + '已补充。' } }],
      });
      await h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] });
      await h.executeUpdate(formalCheckUpdate, { args: [{ actorId: OFFICER, decision: 'pass' }] });
      return h.result();
    });
    expect(result).toMatchObject({ status: 'formal_check_passed', version: 6 });
    expect(transitions(calls)).toEqual(['submitted', 'returned', 'submitted', 'formal_check_passed']);
    const steps = calls
      .filter((c) => 'step' in (c.args[0] as object))
      .map((c) => (c.args[0] as { step: string }).step);
    expect(new Set(steps).size).toBe(steps.length);
    const returned = calls.find((c) => (c.args[0] as TransitionRecord).transition?.to === 'returned')!;
    expect(returned.args[0]).toMatchObject({ actorId: OFFICER, reason: '缺少承诺书' });
  });

  it('refuses an incomplete submission in the validator, so nothing is written', async () => {
    const { calls } = await run({ content: { summary: '', requestedFen: 0 } }, async (h) => {
      expect(await refusal(h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] }))).toBe(
        'validation_failed',
      );
      await h
        .executeUpdate(formalCheckUpdate, { args: [{ actorId: OFFICER, decision: 'pass' }] })
        .catch((e) => e);
      await h.terminate('test over');
    });
    expect(calls.map((c) => c.name)).toEqual(['createApplication']);
  });

  it('refuses a stale edit with precondition_failed and keeps the content', async () => {
    const { calls } = await run({}, async (h) => {
      expect(
        await refusal(
          h.executeUpdate(editDraftUpdate, {
            args: [{ actorId: APPLICANT, patch: { title: '新标题' }, expectedVersion: 5 }],
          }),
        ),
      ).toBe('precondition_failed');
      const ok = await h.executeUpdate(editDraftUpdate, {
        args: [{ actorId: APPLICANT, patch: { title: '新标题' }, expectedVersion: 1 }],
      });
      // The answer leaves the content out (it is in the draft's write and the state).
      expect(ok).toEqual({
        applicationId: expect.any(String),
        status: 'draft',
        version: 2,
        submittedAt: null,
      });
      expect((await h.query(applicationStateQuery)).content).toMatchObject({ title: '新标题' });
      // Nor does the history: each answer recorded there is the snapshot, whatever the content's size.
      const answers = (await h.fetchHistory()).events!.flatMap((e) =>
        (e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads ?? []).map((p) =>
          JSON.parse(Buffer.from(p.data!).toString('utf8')),
        ),
      );
      expect(answers.map((a) => Object.keys(a).sort())).toEqual([
        ['applicationId', 'status', 'submittedAt', 'version'],
        ['applicationId', 'status', 'submittedAt', 'version'],
      ]);
      await h.terminate('test over');
    });
    expect(calls.map((c) => c.name)).toEqual(['createApplication', 'saveApplicationDraft']);
  });

  it('accepts exactly one of two concurrent submissions', async () => {
    const { result, calls } = await run({}, async (h) => {
      const outcomes = await Promise.allSettled([
        h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] }),
        h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] }),
      ]);
      await h.terminate('test over');
      return outcomes.map((o) => o.status).sort();
    });
    expect(result).toEqual(['fulfilled', 'rejected']);
    expect(transitions(calls)).toEqual(['submitted']);
  });

  it('lapses an unsubmitted draft when the window closes; the finished workflow takes no more updates', async () => {
    const { result, calls } = await run({ closesInMs: 1_500 }, async (h) => {
      const final = await h.result();
      await expect(h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] })).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );
      return final;
    });
    expect(result.status).toBe('lapsed');
    expect(transitions(calls)).toEqual(['lapsed']);
  });

  it('lapses an application returned after the window has closed (no fix window yet)', async () => {
    const { result, calls } = await run({ closesInMs: 1_500 }, async (h) => {
      await h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] });
      await new Promise((r) => setTimeout(r, 1_700));
      await h.executeUpdate(formalCheckUpdate, {
        args: [{ actorId: OFFICER, decision: 'return', reason: '预算说明不完整' }],
      });
      return h.result();
    });
    expect(result.status).toBe('lapsed');
    expect(transitions(calls)).toEqual(['submitted', 'returned', 'lapsed']);
  });

  it('retries a failed activity and records the transition once', async () => {
    const { result, calls } = await run({ failOnce: 'transitionApplication' }, async (h) => {
      await h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] });
      await h.executeUpdate(formalCheckUpdate, {
        args: [{ actorId: OFFICER, decision: 'reject', reason: '不符合申报条件' }],
      });
      return h.result();
    });
    expect(result.status).toBe('rejected');
    // Two attempts of the first transition carry the same step key (the idempotency key).
    const attempts = calls
      .filter((c) => c.name === 'transitionApplication')
      .map((c) => (c.args[0] as TransitionRecord).step);
    expect(attempts[0]).toBe(attempts[1]);
    expect(transitions(calls)).toEqual(['submitted', 'submitted', 'rejected']);
  });

  it('writes the PI pledge with the submission, numbers the checklist runs, and keeps the checklist with the decision', async () => {
    const items = [
      { rule: 'integrity_pledge', label: { zh: '诚信承诺', en: 'Pledge' }, outcome: 'pass', reasons: [] },
    ];
    const { calls } = await run({}, async (h) => {
      await h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT, integrityPledge: true }] });
      await h.executeUpdate(recordChecklistUpdate, {
        args: [{ stage: 'submission', items: items as never }],
      });
      await h.executeUpdate(recordChecklistUpdate, {
        args: [{ stage: 'submission', items: items as never }],
      });
      await h.executeUpdate(formalCheckUpdate, {
        args: [{ actorId: OFFICER, decision: 'pass', checklist: items as never }],
      });
      return h.result();
    });
    const [submitted, passed] = calls
      .filter((c) => c.name === 'transitionApplication')
      .map((c) => c.args[0] as TransitionRecord);
    // One activity, one transaction: the pledge cannot outlive or miss the submission.
    expect(submitted).toMatchObject({ transition: { to: 'submitted' }, pledge: 'pi' });
    const runs = calls.filter((c) => c.name === 'recordFormalCheckRun').map((c) => c.args[0]);
    expect(runs).toMatchObject([
      { stage: 'submission', items, step: 'formal-check:1' },
      { stage: 'submission', items, step: 'formal-check:2' },
    ]);
    expect(passed).toMatchObject({ transition: { to: 'formal_check_passed' }, extra: { checklist: items } });
    expect(passed.pledge).toBeUndefined();
    expect(calls.map((c) => c.name)).not.toContain('recordApplicationPledge');
  });

  it('submits without a pledge record when the PI signed before', async () => {
    const { calls } = await run({}, async (h) => {
      await h.executeUpdate(signPledgeUpdate, { args: [{ actorId: APPLICANT, party: 'pi' }] });
      await h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] });
      await h.terminate('test over');
    });
    expect(calls.map((c) => c.name)).toEqual([
      'createApplication',
      'recordApplicationPledge',
      'transitionApplication',
    ]);
    expect(calls[1].args[0]).toMatchObject({ party: 'pi', actorId: APPLICANT });
    expect((calls[2].args[0] as TransitionRecord).pledge).toBeUndefined();
  });

  it('adds and removes attachments while editable, and refuses them once submitted', async () => {
    const file = {
      actorId: APPLICANT,
      attachmentId: randomUUID(),
      document: 'other',
      fileName: 'a.pdf',
      mediaType: 'application/pdf',
      sizeBytes: 10,
      sha256: 'a'.repeat(64),
    };
    const { calls } = await run({}, async (h) => {
      await h.executeUpdate(addAttachmentUpdate, { args: [file] });
      await h.executeUpdate(removeAttachmentUpdate, {
        args: [{ actorId: APPLICANT, attachmentId: file.attachmentId, document: 'other' }],
      });
      await h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] });
      expect(
        await refusal(
          h.executeUpdate(addAttachmentUpdate, { args: [{ ...file, attachmentId: randomUUID() }] }),
        ),
      ).toBe('invalid_state');
      await h.terminate('test over');
    });
    expect(calls.map((c) => c.name)).toEqual([
      'createApplication',
      'addApplicationAttachment',
      'removeApplicationAttachment',
      'transitionApplication',
    ]);
    expect(calls[1].args[0]).toMatchObject({ attachmentId: file.attachmentId, sha256: file.sha256 });
  });

  it("records the institution's pledge with its endorsement", async () => {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const id = randomUUID();
    const ADMIN = randomUUID();
    await worker.runUntil(async () => {
      const h = await env.client.workflow.start(applicationWorkflow, {
        workflowId: workflowIds.application(id),
        taskQueue,
        args: [
          {
            applicationId: id,
            call: {
              id: randomUUID(),
              mode: 'open_competition',
              windowStart: new Date(Date.now() - 60_000).toISOString(),
              windowEnd: new Date(Date.now() + 60_000).toISOString(),
              budgetCapFen: 50_000_000,
            },
            applicantId: APPLICANT,
            institutionId: randomUUID(),
            endorsement: true,
            content: complete,
          },
        ],
      });
      await h.executeUpdate(applicationCreatedUpdate);
      expect((await h.executeUpdate(submitUpdate, { args: [{ actorId: APPLICANT }] })).status).toBe(
        'awaiting_endorsement',
      );
      await h.executeUpdate(endorsementUpdate, { args: [{ actorId: ADMIN, decision: 'endorse' }] });
      await h.terminate('test over');
    });
    const endorsed = calls
      .filter((c) => c.name === 'transitionApplication')
      .map((c) => c.args[0] as TransitionRecord)[1];
    expect(endorsed).toMatchObject({
      transition: { to: 'submitted' },
      actorId: ADMIN,
      pledge: 'institution',
    });
  });
});
