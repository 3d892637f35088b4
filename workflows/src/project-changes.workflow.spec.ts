import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowIds } from '@kjflow/domain';
import type { ChangeDecisionRecord, ChangeRequestRecord } from './activities';
import {
  DecideChangeArgs,
  decideChangeUpdate,
  projectRegisteredUpdate,
  requestChangeUpdate,
} from './definitions';
import { projectWorkflow } from './project.workflow';
import {
  createTestEnv,
  recordingActivities,
  startWorker,
  TEST_PROJECT_BUDGET,
  TEST_PROJECT_HOLDERS,
} from './testing/env';

/** The change-request part of the project workflow (RULES §8): routing, approvals, four eyes. */
describe('project workflow: change requests', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `test-project-changes-${randomUUID()}`;
  const recording = recordingActivities();
  const instAdmin = {
    id: randomUUID(),
    roles: ['institution_admin'],
    institutionId: TEST_PROJECT_HOLDERS.institutionId,
  };
  const officer = { id: randomUUID(), roles: ['officer'], institutionId: null };
  const officer2 = { id: randomUUID(), roles: ['officer'], institutionId: null };

  beforeAll(async () => {
    env = await createTestEnv();
    worker = await startWorker(env, taskQueue, {
      ...recording.activities,
      // The extension's approval moves the end a year on and plans one more report.
      recordChangeDecision: async (rec: ChangeDecisionRecord) => {
        await recording.activities.recordChangeDecision(rec);
        return rec.final && rec.decision === 'approve'
          ? {
              kind: 'extension',
              agreementVersion: 2,
              endsAt: '2030-01-01T00:00:00.000Z',
              addedReports: [{ seq: 4, dueAt: '2029-06-01T00:00:00.000Z' }],
            }
          : null;
      },
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

  async function openProject() {
    const projectId = randomUUID();
    const handle = await env.client.workflow.start(projectWorkflow, {
      workflowId: workflowIds.project(projectId),
      taskQueue,
      args: [{ projectId, agreementId: randomUUID() }],
    });
    const state = await handle.executeUpdate(projectRegisteredUpdate);
    return { projectId, handle, state };
  }
  const calls = <T>(name: string, projectId: string) =>
    recording.calls
      .filter((c) => c.name === name && (c.args[0] as { projectId: string }).projectId === projectId)
      .map((c) => c.args[0] as T);
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return (err as WorkflowUpdateFailedError).cause as unknown as { type: string; message: string };
  };

  it('applies a budget adjustment of business and labour costs at once (the PI’s own right), with no chain', async () => {
    const { projectId, handle } = await openProject();
    const changeId = randomUUID();
    const state = await handle.executeUpdate(requestChangeUpdate, {
      args: [
        {
          changeId,
          actorId: TEST_PROJECT_HOLDERS.piId,
          request: {
            kind: 'budget_adjustment',
            reason: '测试化验加工费不足，从劳务费调剂',
            budget: { ...TEST_PROJECT_BUDGET, businessFen: 2_500_000, labourFen: 500_000 },
          },
        },
      ],
    });
    expect(calls<ChangeRequestRecord>('recordChangeRequest', projectId)).toEqual([
      expect.objectContaining({ changeId, kind: 'budget_adjustment', steps: [] }),
    ]);
    expect(state.changes ?? []).toEqual([]);
    // Raising indirect costs is refused before anything is written.
    const refused = await refusal(
      handle.executeUpdate(requestChangeUpdate, {
        args: [
          {
            changeId: randomUUID(),
            actorId: TEST_PROJECT_HOLDERS.piId,
            request: {
              kind: 'budget_adjustment',
              reason: '申请增加间接费用比例',
              budget: { ...TEST_PROJECT_BUDGET, indirectFen: 700_000, businessFen: 1_900_000 },
            },
          },
        ],
      }),
    );
    expect(refused.type).toBe('rule_refused');
    expect(calls('recordChangeRequest', projectId)).toHaveLength(1);
    await handle.terminate('test over');
  });

  it('takes an extension through the institution, an officer and a second officer (four eyes), then moves the end', async () => {
    const { projectId, handle, state: opened } = await openProject();
    const changeId = randomUUID();
    const asked = await handle.executeUpdate(requestChangeUpdate, {
      args: [
        {
          changeId,
          actorId: TEST_PROJECT_HOLDERS.piId,
          request: { kind: 'extension', reason: '野外试验受灾延误', extendBy: 'P6M' },
        },
      ],
    });
    expect(asked.changes).toEqual([
      {
        id: changeId,
        kind: 'extension',
        status: 'pending',
        steps: ['institution', 'officer', 'second_officer'],
        deciders: [],
      },
    ]);
    const decide = (actor: DecideChangeArgs['actor'], decision: 'approve' | 'reject' = 'approve') =>
      handle.executeUpdate(decideChangeUpdate, { args: [{ changeId, actor, decision, comment: null }] });

    // The officer cannot decide before the institution has consented.
    expect((await refusal(decide(officer))).type).toBe('invalid_state');
    await decide(instAdmin);
    await decide(officer);
    // The first approver cannot give the second approval.
    const fourEyes = await refusal(decide(officer));
    expect(fourEyes.type).toBe('rule_refused');
    expect(fourEyes.message).toContain('four eyes');
    const done = await decide(officer2);
    expect(
      calls<ChangeDecisionRecord>('recordChangeDecision', projectId).map((d) => [
        d.step,
        d.decision,
        d.final,
      ]),
    ).toEqual([
      ['institution', 'approve', false],
      ['officer', 'approve', false],
      ['second_officer', 'approve', true],
    ]);
    expect(done.changes).toEqual([]);
    expect(done).toMatchObject({
      endsAt: '2030-01-01T00:00:00.000Z',
      originalEndsAt: opened.endsAt,
      extensions: 1,
    });
    expect(done.reports!.at(-1)).toEqual({ seq: 4, dueAt: '2029-06-01T00:00:00.000Z', status: 'due' });
    // Normally once: a second extension is refused.
    const again = await refusal(
      handle.executeUpdate(requestChangeUpdate, {
        args: [
          {
            changeId: randomUUID(),
            actorId: TEST_PROJECT_HOLDERS.piId,
            request: { kind: 'extension', reason: '再次申请延期半年', extendBy: 'P1M' },
          },
        ],
      }),
    );
    expect(again.type).toBe('rule_refused');
    await handle.terminate('test over');
  });

  it('ends a request at a rejection, and takes no decision after it', async () => {
    const { projectId, handle } = await openProject();
    const changeId = randomUUID();
    await handle.executeUpdate(requestChangeUpdate, {
      args: [
        {
          changeId,
          actorId: TEST_PROJECT_HOLDERS.piId,
          request: { kind: 'team_change', reason: '骨干成员调离', team: [{ name: '王五', role: '骨干' }] },
        },
      ],
    });
    await handle.executeUpdate(decideChangeUpdate, {
      args: [{ changeId, actor: instAdmin, decision: 'approve', comment: null }],
    });
    const rejected = await handle.executeUpdate(decideChangeUpdate, {
      args: [{ changeId, actor: officer, decision: 'reject', comment: '新成员不具备相应资质' }],
    });
    expect(rejected.changes).toEqual([]);
    expect(
      calls<ChangeDecisionRecord>('recordChangeDecision', projectId).map((d) => [
        d.step,
        d.decision,
        d.final,
      ]),
    ).toEqual([
      ['institution', 'approve', false],
      ['officer', 'reject', true],
    ]);
    const late = await refusal(
      handle.executeUpdate(decideChangeUpdate, {
        args: [{ changeId, actor: officer2, decision: 'approve', comment: null }],
      }),
    );
    expect(late.type).toBe('invalid_state');
    await handle.terminate('test over');
  });
});
