import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowIds } from '@kjflow/domain';
import type { ChangeGateFacts } from '@kjflow/domain';
import type { Activities, ChangeDecisionRecord, ChangeRequestRecord } from './activities';
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

  // What the gates answer for a project (default: the fake's pass), changed by a test between steps.
  const gates = new Map<string, ChangeGateFacts>();

  beforeAll(async () => {
    env = await createTestEnv();
    worker = await startWorker(env, taskQueue, {
      ...recording.activities,
      changeGateFacts: async (input: Parameters<Activities['changeGateFacts']>[0]) => {
        const fake = await recording.activities.changeGateFacts(input);
        return gates.get(input.projectId) ?? fake;
      },
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

  it('checks a new PI’s gates when asked and again at each approval: a credit record in between refuses the approval and writes nothing', async () => {
    const { projectId, handle } = await openProject();
    const newPiId = randomUUID();
    const changeId = randomUUID();
    const asked = await handle.executeUpdate(requestChangeUpdate, {
      args: [
        {
          changeId,
          actorId: TEST_PROJECT_HOLDERS.piId,
          request: { kind: 'pi_change', reason: '原负责人工作调动', newPiId },
        },
      ],
    });
    expect(asked.changes).toEqual([expect.objectContaining({ id: changeId, kind: 'pi_change', newPiId })]);
    expect(calls('changeGateFacts', projectId)).toEqual([
      expect.objectContaining({ subject: { type: 'person', id: newPiId } }),
    ]);
    const decide = (actor: DecideChangeArgs['actor'], decision: 'approve' | 'reject' = 'approve') =>
      handle.executeUpdate(decideChangeUpdate, {
        args: [{ changeId, actor, decision, comment: decision === 'reject' ? '新负责人信用受限' : null }],
      });
    await decide(instAdmin);
    // A credit record comes in: the officer's approval is refused with the gate's reason.
    gates.set(projectId, {
      credit: {
        pass: false,
        reasons: [{ zh: '项目负责人张三信用等级为严重失信', en: 'PI Zhang San has credit level severe' }],
      },
      ongoingInProgram: [],
      overdue: [],
    });
    const barred = await refusal(decide(officer));
    expect(barred.type).toBe('credit_barred');
    expect(barred.message).toContain('PI Zhang San has credit level severe');
    // Another project of the program started: 限项 refuses, naming it.
    gates.set(projectId, {
      credit: { pass: true, reasons: [] },
      ongoingInProgram: ['芒果保鲜'],
      overdue: [],
    });
    const over = await refusal(decide(officer));
    expect(over.type).toBe('rule_refused');
    expect(over.message).toContain('芒果保鲜');
    expect(calls<ChangeDecisionRecord>('recordChangeDecision', projectId).map((d) => d.step)).toEqual([
      'institution',
    ]);
    // A rejection needs no gate; the request ends.
    const rejected = await decide(officer, 'reject');
    expect(rejected.changes).toEqual([]);
    await handle.terminate('test over');
  });

  it('takes a change of host through both institutions, checking the new host’s credit gate at each approval', async () => {
    const { projectId, handle } = await openProject();
    const newInstitutionId = randomUUID();
    const newAdmin = { id: randomUUID(), roles: ['institution_admin'], institutionId: newInstitutionId };
    const changeId = randomUUID();
    const asked = await handle.executeUpdate(requestChangeUpdate, {
      args: [
        {
          changeId,
          actorId: TEST_PROJECT_HOLDERS.piId,
          request: { kind: 'institution_change', reason: '团队整体调入新单位', newInstitutionId },
        },
      ],
    });
    expect(asked.changes).toEqual([
      expect.objectContaining({
        steps: ['institution', 'new_institution', 'officer', 'second_officer'],
        newInstitutionId,
      }),
    ]);
    const decide = (actor: DecideChangeArgs['actor']) =>
      handle.executeUpdate(decideChangeUpdate, {
        args: [{ changeId, actor, decision: 'approve', comment: null }],
      });
    await decide(instAdmin);
    // The officer waits for the new host; the old host cannot consent for it.
    const waits = await refusal(decide(officer));
    expect([waits.type, waits.message]).toEqual([
      'invalid_state',
      'This change request awaits the new host institution’s consent',
    ]);
    expect((await refusal(decide(instAdmin))).type).toBe('invalid_state');
    await decide(newAdmin);
    await decide(officer);
    gates.set(projectId, {
      credit: {
        pass: false,
        reasons: [{ zh: '申报单位乙在信用禁止期内', en: 'Institution B is under a ban' }],
      },
      ongoingInProgram: [],
      overdue: [],
    });
    const barred = await refusal(decide(officer2));
    expect(barred.type).toBe('credit_barred');
    expect(barred.message).toContain('Institution B is under a ban');
    gates.delete(projectId);
    const done = await decide(officer2);
    expect(done.changes).toEqual([]);
    expect(
      calls<ChangeDecisionRecord>('recordChangeDecision', projectId).map((d) => [d.step, d.final]),
    ).toEqual([
      ['institution', false],
      ['new_institution', false],
      ['officer', false],
      ['second_officer', true],
    ]);
    expect(calls('changeGateFacts', projectId)).toHaveLength(6);
    await handle.terminate('test over');
  });

  it('refuses a new host the credit gate bars when asked, writing nothing', async () => {
    const { projectId, handle } = await openProject();
    gates.set(projectId, {
      credit: {
        pass: false,
        reasons: [{ zh: '申报单位乙信用等级为较重失信', en: 'Institution B is rated serious' }],
      },
      ongoingInProgram: [],
      overdue: [],
    });
    const refused = await refusal(
      handle.executeUpdate(requestChangeUpdate, {
        args: [
          {
            changeId: randomUUID(),
            actorId: TEST_PROJECT_HOLDERS.piId,
            request: {
              kind: 'institution_change',
              reason: '团队整体调入新单位',
              newInstitutionId: randomUUID(),
            },
          },
        ],
      }),
    );
    expect(refused.type).toBe('credit_barred');
    expect(calls('recordChangeRequest', projectId)).toEqual([]);
    await handle.terminate('test over');
  });
});
