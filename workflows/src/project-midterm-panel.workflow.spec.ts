import { randomUUID } from 'node:crypto';
import { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { projectSchedule, workflowIds } from '@kjflow/domain';
import type { Activities } from './activities';
import {
  AnswerMidtermPanelArgs,
  answerMidtermPanelUpdate,
  confirmMidtermUpdate,
  conveneMidtermPanelUpdate,
  decideMidtermUpdate,
  projectRegisteredUpdate,
  ProjectState,
  projectStateQuery,
  requireMidtermPanelRecusalUpdate,
  reviewMidtermUpdate,
  submitMidtermUpdate,
} from './definitions';
import { projectWorkflow } from './project.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const PI = randomUUID();
const INSTITUTION = randomUUID();
const OFFICER = randomUUID();

describe('project workflow: the mid-term check’s expert panel (中期检查专家组)', () => {
  let env: TestWorkflowEnvironment;
  let worker: { worker: Worker; running: Promise<void> };
  const taskQueue = `test-midterm-panel-${randomUUID()}`;
  const recording = recordingActivities();
  /** The panel's deadline the fake draw sets, per project (default: two weeks). */
  const windowMs = new Map<string, number>();
  /** Projects whose pool has nobody left to replace a seat. */
  const noneLeft = new Set<string>();
  const activities: Activities = {
    ...recording.activities,
    openProject: async (rec) => {
      await recording.activities.openProject(rec);
      return {
        schedule: projectSchedule({
          startsAt: new Date(rec.at).toISOString(),
          executionLength: 'P1Y',
          reportCadence: 'P6M',
          midtermPoint: 'PT1S',
        }),
        stages: ['execution', 'midterm_check'],
      };
    },
    openMidterm: async (input) => {
      await recording.activities.openMidterm(input);
      return { rectifyWindow: '', recoveryWindow: 'P30D' };
    },
    drawMidtermPanel: async (input) => {
      const drawn = await recording.activities.drawMidtermPanel(input);
      const w = windowMs.get(input.projectId);
      return w ? { ...drawn, deadline: new Date(input.at + w).toISOString() } : drawn;
    },
    redrawMidtermPanelMember: async (input) => {
      if (!noneLeft.has(input.projectId)) return recording.activities.redrawMidtermPanelMember(input);
      recording.calls.push({ name: 'redrawMidtermPanelMember', args: [input] });
      return null;
    },
    // The recommendation as the activity consolidates it: none when nobody gave an opinion.
    closeMidtermPanel: async (input) => {
      await recording.activities.closeMidtermPanel(input);
      const given = calls<{ status: string }>('recordMidtermPanelAnswer', input.projectId).filter(
        (a) => a.status === 'submitted',
      );
      return { recommendation: given.length ? 'continue' : null };
    },
  };

  beforeAll(async () => {
    env = await createTestEnv();
    const w = await startWorker(env, taskQueue, activities);
    worker = { worker: w, running: w.run() };
  });
  afterAll(async () => {
    worker?.worker.shutdown();
    await worker?.running;
    await env?.teardown();
  });

  const calls = <T>(name: keyof Activities, projectId: string) =>
    recording.calls
      .filter((c) => c.name === name && (c.args[0] as { projectId?: string }).projectId === projectId)
      .map((c) => c.args[0] as T);

  async function until(handle: WorkflowHandle, ok: (s: ProjectState) => boolean): Promise<ProjectState> {
    for (let i = 0; i < 100; i++) {
      const s = await handle.query(projectStateQuery);
      if (ok(s)) return s;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the project never reached the expected state');
  }

  /** A project whose mid-term statement the institution has confirmed. */
  async function confirmed(panelWindowMs?: number) {
    const projectId = randomUUID();
    if (panelWindowMs) windowMs.set(projectId, panelWindowMs);
    const handle = await env.client.workflow.start(projectWorkflow, {
      workflowId: workflowIds.project(projectId),
      taskQueue,
      args: [{ projectId, agreementId: randomUUID() }],
    });
    await handle.executeUpdate(projectRegisteredUpdate);
    await until(handle, (s) => s.midterm?.phase === 'opened');
    await handle.executeUpdate(submitMidtermUpdate, {
      args: [
        {
          actorId: PI,
          selfAssessment: '按计划完成阶段目标',
          spending: { equipment: 40_000, business: 30_000, labour: 20_000, indirect: 10_000 },
        },
      ],
    });
    await handle.executeUpdate(confirmMidtermUpdate, {
      args: [{ actorId: INSTITUTION, opinion: '情况属实' }],
    });
    return { projectId, handle };
  }

  const convene = (handle: WorkflowHandle) =>
    handle.executeUpdate(conveneMidtermPanelUpdate, { args: [{ actorId: OFFICER, seed: 20260601 }] });

  const answer = (
    handle: WorkflowHandle,
    seat: { id: string; expertId: string },
    over: Partial<AnswerMidtermPanelArgs>,
  ) =>
    handle.executeUpdate(answerMidtermPanelUpdate, {
      args: [
        {
          actorId: randomUUID(),
          expertId: seat.expertId,
          memberId: seat.id,
          answer: 'accept',
          reason: null,
          opinion: null,
          ...over,
        },
      ],
    });
  const opinion = {
    recommendation: 'continue' as const,
    score: 85,
    opinion: '进展符合任务书要求，建议继续实施',
  };

  it('convenes only on a confirmed statement; the drawn panel sits and the officer’s review waits for it', async () => {
    const projectId = randomUUID();
    const handle = await env.client.workflow.start(projectWorkflow, {
      workflowId: workflowIds.project(projectId),
      taskQueue,
      args: [{ projectId, agreementId: randomUUID() }],
    });
    await handle.executeUpdate(projectRegisteredUpdate);
    await until(handle, (s) => s.midterm?.phase === 'opened');
    expect(await refusal(convene(handle))).toBe('invalid_state');
    await handle.terminate('test over');

    const c = await confirmed();
    const s = await convene(c.handle);
    expect(s.midterm!.phase).toBe('panel');
    expect(s.midterm!.panel!.members.map((m) => m.status)).toEqual(['invited', 'invited', 'invited']);
    const [draw] = calls<{ seed: number; round: number; actorId: string }>('drawMidtermPanel', c.projectId);
    expect(draw).toMatchObject({ seed: 20260601, round: 1, actorId: OFFICER });
    // While it sits: no officer review, no decision, no second panel.
    expect(
      await refusal(
        c.handle.executeUpdate(reviewMidtermUpdate, {
          args: [{ actorId: OFFICER, opinion: '直接审查', recommendation: 'continue' }],
        }),
      ),
    ).toBe('invalid_state');
    expect(await refusal(convene(c.handle))).toBe('invalid_state');
    await c.handle.terminate('test over');
  });

  it('a decline and a recusal each bring a replacement; an opinion needs the acceptance first; only the seat’s expert answers', async () => {
    const { projectId, handle } = await confirmed();
    const s = await convene(handle);
    const [a, b, c] = s.midterm!.panel!.members;
    expect(await refusal(answer(handle, a, { answer: 'opinion', opinion }))).toBe('invalid_state');
    expect(await refusal(answer(handle, { ...a, expertId: 'someone-else' }, {}))).toBe('forbidden');
    const declined = await answer(handle, a, { answer: 'decline', reason: '时间冲突' });
    expect(declined.midterm!.panel!.members.map((m) => [m.id, m.status])).toEqual([
      [a.id, 'declined'],
      [b.id, 'invited'],
      [c.id, 'invited'],
      [`${a.id}-r`, 'invited'],
    ]);
    await answer(handle, b, { answer: 'accept' });
    const recused = await answer(handle, b, { answer: 'recuse', reason: '与项目负责人有合作关系' });
    expect(recused.midterm!.panel!.members.map((m) => m.status)).toEqual([
      'declined',
      'recused',
      'invited',
      'invited',
      'invited',
    ]);
    expect(calls<{ memberId: string }>('redrawMidtermPanelMember', projectId).map((r) => r.memberId)).toEqual(
      [a.id, b.id],
    );
    expect(calls<{ reason: string }>('recordMidtermPanelAnswer', projectId).map((r) => r.reason)).toEqual([
      '时间冲突',
      null,
      '与项目负责人有合作关系',
    ]);
    await handle.terminate('test over');
  });

  const requireRecusal = (
    handle: WorkflowHandle,
    memberId: string,
    reason = '与另一成员同属一个单位，超出上限',
  ) =>
    handle.executeUpdate(requireMidtermPanelRecusalUpdate, {
      args: [{ actorId: OFFICER, memberId, reason }],
    });

  it('要求回避: the officer requires a seat held without an opinion to step aside; recorded as required, replaced as after the member’s own recusal', async () => {
    const { projectId, handle } = await confirmed();
    // No panel sitting yet: refused.
    expect(await refusal(requireRecusal(handle, 'no-such-seat'))).toBe('invalid_state');
    const s = await convene(handle);
    const p = s.midterm!.panel!;
    const [a, b, c] = p.members;
    expect(await refusal(requireRecusal(handle, 'no-such-seat'))).toBe('not_found');
    await answer(handle, b, { answer: 'accept' });
    const required = await requireRecusal(handle, b.id);
    expect(required.midterm!.phase).toBe('panel');
    expect(required.midterm!.panel!.members.map((m) => [m.id, m.status])).toEqual([
      [a.id, 'invited'],
      [b.id, 'recused'],
      [c.id, 'invited'],
      [`${b.id}-r`, 'invited'],
    ]);
    // Recorded with the officer as actor and its kind; the member's own recusal carries no kind.
    await answer(handle, a, { answer: 'recuse', reason: '与项目负责人有合作关系' });
    const recorded = calls<Record<string, unknown>>('recordMidtermPanelAnswer', projectId);
    expect(recorded.slice(1)).toEqual([
      {
        projectId,
        panelId: p.id,
        memberId: b.id,
        actorId: OFFICER,
        status: 'recused',
        reason: '与另一成员同属一个单位，超出上限',
        opinion: null,
        recusal: 'required',
        at: expect.any(Number),
      },
      expect.objectContaining({ memberId: a.id, status: 'recused', reason: '与项目负责人有合作关系' }),
    ]);
    expect(recorded[2]).not.toHaveProperty('recusal');
    // The same replacement draw after either.
    expect(calls<{ memberId: string }>('redrawMidtermPanelMember', projectId).map((r) => r.memberId)).toEqual(
      [b.id, a.id],
    );
    // A seat no longer held, or whose opinion is given, is refused and nothing is recorded.
    await answer(handle, c, { answer: 'accept' });
    await answer(handle, c, { answer: 'opinion', opinion });
    const before = recording.calls.length;
    expect(await refusal(requireRecusal(handle, b.id))).toBe('invalid_state');
    expect(await refusal(requireRecusal(handle, c.id))).toBe('conflict');
    expect(recording.calls.length).toBe(before);
    const state = await handle.query(projectStateQuery);
    expect(state.midterm!.panel!.members.map((m) => m.status)).toEqual([
      'recused',
      'recused',
      'submitted',
      'invited',
      'invited',
    ]);
    await handle.terminate('test over');
  });

  it('要求回避 of the last seat to answer, with nobody left to draw: the panel closes with the opinions given', async () => {
    const { projectId, handle } = await confirmed();
    noneLeft.add(projectId);
    const s = await convene(handle);
    const [a, b, c] = s.midterm!.panel!.members;
    for (const seat of [a, b]) {
      await answer(handle, seat, { answer: 'accept' });
      await answer(handle, seat, { answer: 'opinion', opinion });
    }
    const closed = await requireRecusal(handle, c.id);
    expect(closed.midterm).toMatchObject({ phase: 'reviewed', reviewedBy: null, panel: null });
    expect(calls<{ memberId: string }>('redrawMidtermPanelMember', projectId).map((r) => r.memberId)).toEqual(
      [c.id],
    );
    expect(calls('closeMidtermPanel', projectId)).toHaveLength(1);
    // The panel closed: nothing more to require.
    expect(await refusal(requireRecusal(handle, a.id))).toBe('invalid_state');
    await handle.terminate('test over');
  });

  it('every seat answered: the panel closes, the check is reviewed and the officer decides (continue)', async () => {
    const { projectId, handle } = await confirmed();
    const s = await convene(handle);
    for (const seat of s.midterm!.panel!.members) {
      await answer(handle, seat, { answer: 'accept' });
      await answer(handle, seat, { answer: 'opinion', opinion });
    }
    const r = await until(handle, (x) => x.midterm?.phase === 'reviewed');
    expect(r.midterm).toMatchObject({ phase: 'reviewed', reviewedBy: null, panel: null });
    expect(calls('closeMidtermPanel', projectId)).toHaveLength(1);
    // The panel reviewed: any officer may decide, even the one who convened it.
    const d = await handle.executeUpdate(decideMidtermUpdate, {
      args: [
        {
          actorId: OFFICER,
          decision: 'continue',
          reasons: '采纳专家组意见',
          changeNote: null,
          severity: 'serious',
          creditInstitution: false,
        },
      ],
    });
    expect(d.midterm).toMatchObject({ phase: 'decided', decision: 'continue' });
    expect(d.status).toBe('ongoing');
    await handle.terminate('test over');
  });

  it('the deadline closes the panel with the opinions given: reviewed; late answers refused', async () => {
    const { projectId, handle } = await confirmed(3_000);
    const s = await convene(handle);
    const [a, b] = s.midterm!.panel!.members;
    await answer(handle, a, { answer: 'accept' });
    await answer(handle, a, { answer: 'opinion', opinion });
    await answer(handle, b, { answer: 'accept' });
    const r = await until(handle, (x) => x.midterm?.phase === 'reviewed');
    expect(r.midterm!.panel).toBeNull();
    expect(calls('closeMidtermPanel', projectId)).toHaveLength(1);
    expect(await refusal(answer(handle, b, { answer: 'opinion', opinion }))).toBe('invalid_state');
    await handle.terminate('test over');
  });

  it('a deadline without any opinion: the panel lapses and the check is back at confirmed (review or convene again)', async () => {
    const { handle } = await confirmed(2_000);
    await convene(handle);
    const r = await until(handle, (x) => x.midterm?.phase === 'confirmed' && x.midterm.panel === null);
    expect(r.midterm!.reviewedBy).toBeNull();
    const again = await convene(handle);
    expect(again.midterm!.phase).toBe('panel');
    await handle.terminate('test over');
  });
});
