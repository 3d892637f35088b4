import { randomUUID } from 'node:crypto';
import { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { projectSchedule, workflowIds } from '@kjflow/domain';
import type { CreditRecordWrite } from '@kjflow/domain';
import type { Activities, HorseRaceRecord, ProjectEndRecord } from './activities';
import {
  checkProjectMilestoneUpdate,
  CheckProjectMilestoneArgs,
  confirmMidtermUpdate,
  confirmProjectReportUpdate,
  decideProjectReportUpdate,
  submitMidtermUpdate,
  submitProjectReportUpdate,
  decideRaceUpdate,
  horseRaceStateQuery,
  HorseRaceState,
  projectRegisteredUpdate,
  ProjectState,
  projectStateQuery,
  recordRaceResultUpdate,
} from './definitions';
import { projectWorkflow } from './project.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const OFFICER = randomUUID();
const PI = randomUUID();
const INSTITUTION = randomUUID();

describe('project workflow: the horse race mid-point (赛马中期择优) and challenge milestones (里程碑考核)', () => {
  let env: TestWorkflowEnvironment;
  let w: { worker: Worker; running: Promise<void> };
  const taskQueue = `test-race-${randomUUID()}`;
  const recording = recordingActivities();
  /** The race of each test: its teams (application → project), mode and rule. */
  const races = new Map<
    string,
    { teams: Array<{ applicationId: string; projectId: string }>; challenge: boolean }
  >();
  const raceOfAgreement = new Map<string, string>();
  /** Each agreement's milestone checks so far (what agreementExecution reads). */
  const milestones = new Map<string, Array<'passed' | 'failed'>>();
  const activities: Activities = {
    ...recording.activities,
    // A template with a mid-term point two seconds into a one-year term.
    openProject: async (rec) => {
      await recording.activities.openProject(rec);
      const raceId = raceOfAgreement.get(rec.agreementId);
      return {
        schedule: projectSchedule({
          startsAt: new Date(rec.at).toISOString(),
          executionLength: 'P1Y',
          reportCadence: 'P6M',
          midtermPoint: 'PT2S',
        }),
        stages: ['execution', 'midterm_check'],
        ...(raceId ? { race: { id: raceId, midpointDate: '2030-06-30' } } : {}),
      };
    },
    horseRaceFacts: async (input) => {
      await recording.activities.horseRaceFacts(input);
      const r = races.get(input.raceId)!;
      return { midpointDate: '2030-06-30', teams: r.teams, continueCount: 1, issuerTakesPart: r.challenge };
    },
    projectFunds: async (input) => {
      await recording.activities.projectFunds(input);
      return { paidFen: 300_000, piId: PI, institutionId: INSTITUTION };
    },
    agreementExecution: async (input) => {
      await recording.activities.agreementExecution(input);
      return {
        status: 'signed',
        amountFen: 1_000_000,
        milestoneCount: 3,
        milestones: milestones.get(input.agreementId) ?? [],
        installments: [],
      };
    },
    recordAgreementExecution: async (rec) => {
      await recording.activities.recordAgreementExecution(rec);
      if (rec.milestone)
        milestones.set(rec.agreementId, [...(milestones.get(rec.agreementId) ?? []), rec.milestone.outcome]);
    },
  };

  beforeAll(async () => {
    env = await createTestEnv();
    w = { worker: await startWorker(env, taskQueue, activities), running: undefined! };
    w.running = w.worker.run();
  });
  afterAll(async () => {
    w?.worker.shutdown();
    await w?.running;
    await env?.teardown();
  });

  const calls = <T>(name: keyof Activities, pick: (a: T) => boolean = () => true) =>
    recording.calls
      .filter((c) => c.name === name)
      .map((c) => c.args[0] as T)
      .filter(pick);

  async function until<S>(read: () => Promise<S>, ok: (s: S) => boolean): Promise<S> {
    for (let i = 0; i < 150; i++) {
      const s = await read().catch(() => undefined);
      if (s !== undefined && ok(s)) return s;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('never reached the expected state');
  }

  async function project(agreementId: string, projectId: string = randomUUID()) {
    const handle = await env.client.workflow.start(projectWorkflow, {
      workflowId: workflowIds.project(projectId),
      taskQueue,
      args: [{ projectId, agreementId }],
    });
    await handle.executeUpdate(projectRegisteredUpdate);
    return { projectId, handle };
  }

  /** A race of two teams, each a signed agreement's project. */
  async function raceOfTwo(challenge = false) {
    const raceId = randomUUID();
    const [a, b] = [randomUUID(), randomUUID()];
    raceOfAgreement.set(a, raceId);
    raceOfAgreement.set(b, raceId);
    const ids = [randomUUID(), randomUUID()];
    // The race's records name both teams before the first project opens it.
    races.set(raceId, {
      challenge,
      teams: ids.map((projectId) => ({ applicationId: randomUUID(), projectId })),
    });
    const first = await project(a, ids[0]);
    const second = await project(b, ids[1]);
    const race = env.client.workflow.getHandle(workflowIds.horseRace(raceId));
    return { raceId, race, first, second };
  }

  const result = (
    race: WorkflowHandle,
    projectId: string,
    score: number,
    issuerRepresentative: string | null = null,
  ) =>
    race.executeUpdate(recordRaceResultUpdate, {
      args: [{ actorId: OFFICER, projectId, score, opinion: '中期目标完成情况', issuerRepresentative }],
    });

  it('one race workflow for both teams opens at the mid-point; the decision keeps the better team and terminates the other without fault', async () => {
    const { raceId, race, first, second } = await raceOfTwo();
    // Before the mid-point: the comparison has not opened.
    const waiting = await until(
      () => race.query(horseRaceStateQuery),
      () => true,
    );
    if (waiting.phase === 'waiting')
      expect(await refusal(result(race, first.projectId, 80))).toBe('invalid_state');
    const open = await until(
      () => race.query(horseRaceStateQuery),
      (s: HorseRaceState) => s.phase === 'comparing',
    );
    expect(open.teams.map((t) => t.projectId)).toEqual([first.projectId, second.projectId]);
    // The second project found the race running: one comparison, opened once.
    expect(calls<HorseRaceRecord>('recordHorseRace', (r) => r.raceId === raceId && !!r.opened)).toHaveLength(
      1,
    );
    await result(race, first.projectId, 86);
    // A decision before every team has its result is refused.
    expect(
      await refusal(
        race.executeUpdate(decideRaceUpdate, {
          args: [{ actorId: OFFICER, continuing: [first.projectId], reasons: '—' }],
        }),
      ),
    ).toBe('invalid_state');
    await result(race, second.projectId, 78);
    // The lower-scored team may not continue over the better one; two may not continue where the rule says one.
    expect(
      await refusal(
        race.executeUpdate(decideRaceUpdate, {
          args: [{ actorId: OFFICER, continuing: [second.projectId], reasons: '—' }],
        }),
      ),
    ).toBe('validation_failed');
    expect(
      await refusal(
        race.executeUpdate(decideRaceUpdate, {
          args: [{ actorId: OFFICER, continuing: [first.projectId, second.projectId], reasons: '—' }],
        }),
      ),
    ).toBe('validation_failed');
    const decided = await race.executeUpdate(decideRaceUpdate, {
      args: [{ actorId: OFFICER, continuing: [first.projectId], reasons: '路线一中期指标领先' }],
    });
    expect(decided).toMatchObject({ phase: 'decided', continuing: [first.projectId] });
    // The other team's project terminates itself: no fault, unspent funds returned, no credit record.
    const lost = await until(
      () => second.handle.query(projectStateQuery),
      (s: ProjectState) => s.status === 'terminated',
    );
    expect(lost.recoveries).toEqual([expect.objectContaining({ status: 'open' })]);
    const ended = calls<ProjectEndRecord>('recordProjectEnd', (r) => r.projectId === second.projectId);
    expect(ended).toEqual([
      expect.objectContaining({
        status: 'terminated',
        cause: { kind: 'race', raceId },
        recovery: expect.objectContaining({ amountFen: 300_000 }),
      }),
    ]);
    // Nothing on record was spent: everything paid comes back, and the order says why.
    expect(ended[0].recovery!.reason).toContain('按零支出计');
    expect(ended[0].recovery!.basis).toEqual({
      paidFen: 300_000,
      spent: { spentFen: 0, source: 'none', reportSeq: null, at: null },
    });
    expect(calls<CreditRecordWrite>('recordCredit', (c) => c.projectId === second.projectId)).toEqual([]);
    // The better team continues.
    expect((await first.handle.query(projectStateQuery)).status).toBe('ongoing');
    expect(calls<ProjectEndRecord>('recordProjectEnd', (r) => r.projectId === first.projectId)).toEqual([]);
    await race.result();
    await first.handle.terminate('test over');
    await second.handle.terminate('test over');
  });

  it("a challenge's race records each result with the issuer's representative", async () => {
    const { race, first, second } = await raceOfTwo(true);
    await until(
      () => race.query(horseRaceStateQuery),
      (s: HorseRaceState) => s.phase === 'comparing',
    );
    expect(await refusal(result(race, first.projectId, 90))).toBe('validation_failed');
    await result(race, first.projectId, 90, '百色银海铝业 罗工');
    const recorded = calls<HorseRaceRecord>(
      'recordHorseRace',
      (r) => r.result?.projectId === first.projectId,
    );
    expect(recorded.map((r) => r.result!.issuerRepresentative)).toEqual(['百色银海铝业 罗工']);
    await race.terminate('test over');
    await first.handle.terminate('test over');
    await second.handle.terminate('test over');
  });

  const check = (handle: WorkflowHandle, over: Partial<CheckProjectMilestoneArgs>) =>
    handle.executeUpdate(checkProjectMilestoneUpdate, {
      args: [
        {
          actorId: OFFICER,
          milestone: 1,
          outcome: 'passed',
          opinion: '达到里程碑指标',
          fault: null,
          ...over,
        },
      ],
    });

  it('milestones are checked in the project in order; a failure terminates it without fault and nothing more is checked', async () => {
    const agreementId = randomUUID();
    const { projectId, handle } = await project(agreementId);
    expect((await check(handle, { milestone: 1 })).status).toBe('ongoing');
    expect(await refusal(check(handle, { milestone: 3 }))).toBe('invalid_state');
    const s = await check(handle, { milestone: 2, outcome: 'failed', opinion: '关键指标未达到军令状要求' });
    expect(s.status).toBe('terminated');
    expect(milestones.get(agreementId)).toEqual(['passed', 'failed']);
    expect(calls<ProjectEndRecord>('recordProjectEnd', (r) => r.projectId === projectId)).toEqual([
      expect.objectContaining({ status: 'terminated', cause: { kind: 'milestone', milestone: 2 } }),
    ]);
    expect(calls<CreditRecordWrite>('recordCredit', (c) => c.projectId === projectId)).toEqual([]);
    expect(await refusal(check(handle, { milestone: 3 }))).toBe('invalid_state');
    await handle.terminate('test over');
  });

  /** Report `seq` submitted with these direct costs spent so far, confirmed and accepted. */
  async function acceptedReport(handle: WorkflowHandle, seq: number, spent: [number, number, number]) {
    const categories = ['equipment', 'business', 'labour'] as const;
    const content = {
      progress: '完成样机试制与中试验证。',
      spending: categories.map((category, i) => ({ category, plannedFen: 200_000, spentFen: spent[i] })),
    };
    await handle.executeUpdate(submitProjectReportUpdate, { args: [{ actorId: PI, seq, content }] });
    await handle.executeUpdate(confirmProjectReportUpdate, { args: [{ actorId: INSTITUTION, seq }] });
    await handle.executeUpdate(decideProjectReportUpdate, {
      args: [{ actorId: OFFICER, seq, decision: 'accept', comment: '' }],
    });
  }

  it('a failed milestone settles on the spending on record: the latest accepted report’s cumulative spending, then a later mid-term statement', async () => {
    // Without a mid-term statement: the accepted report's categories (spent so far) are the figure.
    const a = await project(randomUUID());
    await acceptedReport(a.handle, 1, [50_000, 30_000, 20_000]);
    await check(a.handle, { outcome: 'failed', opinion: '关键指标未达到' });
    const [byReport] = calls<ProjectEndRecord>('recordProjectEnd', (r) => r.projectId === a.projectId);
    expect(byReport.recovery).toMatchObject({ amountFen: 300_000 - 100_000 });
    expect(byReport.recovery!.reason).toContain('第 1 期进展报告');
    expect(byReport.recovery!.basis!.spent).toMatchObject({
      spentFen: 100_000,
      source: 'report',
      reportSeq: 1,
    });
    await a.handle.terminate('test over');

    // A mid-term statement declared after the report knows more: it is the figure.
    const b = await project(randomUUID());
    await acceptedReport(b.handle, 1, [50_000, 30_000, 20_000]);
    await until(
      () => b.handle.query(projectStateQuery),
      (s: ProjectState) => !!s.midterm,
    );
    await b.handle.executeUpdate(submitMidtermUpdate, {
      args: [
        {
          actorId: PI,
          selfAssessment: '按计划推进',
          spending: { equipment: 90_000, business: 60_000, labour: 40_000, indirect: 10_000 },
        },
      ],
    });
    await b.handle.executeUpdate(confirmMidtermUpdate, { args: [{ actorId: INSTITUTION, opinion: '属实' }] });
    await check(b.handle, { outcome: 'failed', opinion: '关键指标未达到' });
    const [byMidterm] = calls<ProjectEndRecord>('recordProjectEnd', (r) => r.projectId === b.projectId);
    expect(byMidterm.recovery).toMatchObject({ amountFen: 300_000 - 200_000 });
    expect(byMidterm.recovery!.reason).toContain('中期检查经费支出情况');
    expect(byMidterm.recovery!.basis!.spent).toMatchObject({ spentFen: 200_000, source: 'midterm' });
    await b.handle.terminate('test over');
  });

  it('a failed milestone with a recorded fault revokes the project: all funds recovered, a credit record for the PI', async () => {
    const { projectId, handle } = await project(randomUUID());
    const s = await check(handle, {
      outcome: 'failed',
      opinion: '虚报进展',
      fault: { severity: 'serious', creditInstitution: false },
    });
    expect(s.status).toBe('revoked');
    expect(
      calls<ProjectEndRecord>('recordProjectEnd', (r) => r.projectId === projectId)[0].recovery,
    ).toMatchObject({
      amountFen: 300_000,
    });
    expect(
      calls<CreditRecordWrite>('recordCredit', (c) => c.projectId === projectId).map((c) => [
        c.subject.id,
        c.kind,
        c.severity,
      ]),
    ).toEqual([[PI, 'project_revoked', 'serious']]);
    await handle.terminate('test over');
  });
});
