import { randomUUID } from 'node:crypto';
import { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { AgreementRevision, Role, workflowIds } from '@kjflow/domain';
import type { Activities, AgreementRecord, AwardRecord } from './activities';
import { agreementWorkflow } from './agreement.workflow';
import { AGREEMENT_PAGE, AwardInput, awardAgreementsWorkflow, awardWorkflow } from './award.workflow';
import { WithStartWorkflowOperation } from '@temporalio/client';
import {
  addEvidenceUpdate,
  awardProposedUpdate,
  AgreementState,
  AwardState,
  awardStateQuery,
  DecideObjectionArgs,
  decideAwardUpdate,
  decideObjectionUpdate,
  fileObjectionUpdate,
  reviseAgreementUpdate,
  signAgreementUpdate,
} from './definitions';
import {
  ActivityCalls,
  countOnBundledYears,
  createTestEnv,
  recordingActivities,
  startWorker,
} from './testing/env';
import { refusal } from './testing/refusal';
import { eventually } from './testing/wait';

/**
 * Every test runs on one worker and one task queue, concurrently: the activities are shared
 * fakes and each test reads back only the calls about its own (random) award and agreement ids.
 * The notices last 3 s (the template's noticePeriod): the clock is real, so the tests wait them out.
 */

const NOTICE_MS = 3_000;
const ADMIN = { actorId: randomUUID(), actorRoles: ['admin'] as Role[] };
const OFFICER = randomUUID();

/** A named objection (实名异议) that passes every content rule. */
const objection = (applicationId: string) => ({
  objector: { name: '王建国', idNumber: '11010519491231002X', contact: '13807761234' },
  applicationId,
  facts: '该项目申报书所列合作单位并未参与研究工作，合作协议系事后补签，与公示内容不符，请予核查。',
  evidence: [],
});

const REVISION: AgreementRevision = {
  version: 1,
  objectives: '完成高温合金叶片增材制造工艺验证，形成两套示范工艺规范。',
  note: '按专家意见调整考核目标',
};

const until = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

describe('award and agreement workflows', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `test-award-${randomUUID()}`;
  const recording = recordingActivities();
  const calls: ActivityCalls = recording.calls;
  /** When each award write reached the activity (wall clock), keyed `<awardId>:<type>`. */
  const received = new Map<string, number>();
  /** Awards whose plan has LARGE agreements (more than two pages). */
  const large = new Set<string>();
  const LARGE = 2 * AGREEMENT_PAGE + 50;
  const activities: Activities = {
    ...recording.activities,
    async recordAward(rec) {
      received.set(`${rec.awardId}:${rec.type}`, Date.now());
      await recording.activities.recordAward(rec);
    },
    // One agreement per award, signed by nobody: its workflow records it, then waits 1 s. A large
    // award (see `large`) has LARGE agreements, planned by page.
    async planAgreements(input) {
      await recording.activities.planAgreements(input);
      if (large.has(input.awardId)) {
        const from = input.offset ?? 0;
        const n = Math.max(0, Math.min(input.limit ?? LARGE, LARGE - from));
        return Array.from({ length: n }, (_, i) => ({
          agreementId: `${input.awardId}-${from + i}`,
          awardId: input.awardId,
          applicationId: randomUUID(),
          callId: randomUUID(),
          amountFen: 100,
          signBy: new Date(input.at + 1_000).toISOString(),
          content: {},
          at: input.at,
        }));
      }
      const agreementId = randomUUID();
      return [
        {
          agreementId,
          awardId: input.awardId,
          applicationId: randomUUID(),
          callId: randomUUID(),
          amountFen: 100,
          signBy: new Date(input.at + 1_000).toISOString(),
          content: {},
          at: input.at,
        },
      ];
    },
  };

  beforeAll(async () => {
    env = await createTestEnv();
    worker = await startWorker(env, taskQueue, activities);
    running = worker.run();
    // Warm up (worker polling, workflow bundle loaded) before the tests' notices start running.
    await (
      await env.client.workflow.start(agreementWorkflow, {
        workflowId: `warm-up-${randomUUID()}`,
        taskQueue,
        args: [{ agreementId: randomUUID(), signBy: new Date().toISOString() }],
      })
    ).result();
  });
  afterAll(async () => {
    if (worker) {
      worker.shutdown();
      await running;
    }
    await env?.teardown();
  });

  // ---- helpers -------------------------------------------------------------------------------

  /** The calls about one award, in order (its writes and the agreements made from it). */
  const about = (awardId: string) =>
    calls.filter((c) => (c.args[0] as { awardId?: string }).awardId === awardId);
  const awardRecords = (awardId: string) =>
    about(awardId)
      .filter((c) => c.name === 'recordAward')
      .map((c) => c.args[0] as AwardRecord);
  const types = (awardId: string) => awardRecords(awardId).map((r) => r.type);
  const record = (awardId: string, type: string) => {
    const found = awardRecords(awardId).filter((r) => r.type === type);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const iso = (ms: number) => new Date(ms).toISOString();

  async function startAward(opts: Partial<AwardInput> = {}) {
    const input: AwardInput = {
      awardId: randomUUID(),
      proposerId: OFFICER,
      chain: ['admin'],
      noticeWorkingDays: 5,
      noticePeriod: 'PT3S',
      ...opts,
    };
    const handle = await env.client.workflow.start(awardWorkflow, {
      workflowId: workflowIds.award(input.awardId),
      taskQueue,
      args: [input],
    });
    return { handle, id: input.awardId };
  }

  type AwardHandle = WorkflowHandle<typeof awardWorkflow>;
  const approve = (h: AwardHandle, actor: { actorId: string; actorRoles: Role[] }) =>
    h.executeUpdate(decideAwardUpdate, { args: [{ ...actor, decision: 'approve' }] });

  /** An award approved by the admin, once its notice (3 s) has started. */
  async function inNotice(opts: Partial<AwardInput> = {}) {
    const started = await startAward(opts);
    await approve(started.handle, ADMIN);
    // The notice is written, then the workflow is in notice (objections are accepted from then).
    await eventually(
      'the notice',
      async () => (await started.handle.query(awardStateQuery)).status === 'in_notice',
    );
    const notice = record(started.id, 'award.notice_started');
    return { ...started, notice, end: Date.parse(notice.notice!.end) };
  }

  const file = (h: AwardHandle, applicationId: string) =>
    h.executeUpdate(fileObjectionUpdate, {
      args: [{ objectionId: randomUUID(), objection: objection(applicationId) }],
    });
  const decide = (
    h: AwardHandle,
    applicationId: string,
    outcome: DecideObjectionArgs['outcome'],
    extra: Partial<DecideObjectionArgs> = {},
  ) =>
    h.executeUpdate(decideObjectionUpdate, {
      args: [
        {
          actorId: OFFICER,
          objectionId: randomUUID(),
          applicationId,
          outcome,
          answer: '经核查，异议反映的情况已调查清楚，答复如上。',
          ...extra,
        },
      ],
    });

  // ---- awards --------------------------------------------------------------------------------

  // The longest tests first: jest runs at most five concurrent tests at a time.
  it.concurrent(
    'an objection cancelled during the notice republishes it (revision 1) and restarts the period: final only after the new end, then agreements',
    async () => {
      const { handle, id, notice, end } = await inNotice();
      const applicationId = randomUUID();
      await file(handle, applicationId);
      await until(notice.at + 1_500);
      const decided = await decide(handle, applicationId, 'cancel');
      expect(decided.noticeRevision).toBe(1);
      expect(decided.openObjections).toBe(0);

      const final = await handle.result();
      expect(types(id)).toEqual([
        'award.approved',
        'award.notice_started',
        'award.objection_filed',
        'award.objection_cancel',
        'award.notice_republished',
        'award.finalized',
      ]);
      const decision = record(id, 'award.objection_cancel');
      const republished = record(id, 'award.notice_republished');
      expect(republished).toEqual<AwardRecord>({
        awardId: id,
        type: 'award.notice_republished',
        step: 'notice:1',
        actorId: OFFICER,
        at: expect.any(Number),
        status: 'in_notice',
        notice: { start: iso(republished.at), end: iso(republished.at + NOTICE_MS) },
        noticeRevision: 1,
      });
      // The full period again from republication: about 3 s after the decision, past the first end.
      const newEnd = Date.parse(republished.notice!.end);
      expect(republished.at).toBeGreaterThanOrEqual(decision.at);
      expect(newEnd - decision.at).toBeGreaterThanOrEqual(NOTICE_MS);
      expect(newEnd - decision.at).toBeLessThan(NOTICE_MS + 1_000);
      expect(newEnd).toBeGreaterThan(end + 1_000);

      const finalized = record(id, 'award.finalized');
      expect(finalized.at).toBeGreaterThanOrEqual(newEnd);
      expect(received.get(`${id}:award.finalized`)).toBeGreaterThanOrEqual(newEnd);
      expect(final).toEqual<AwardState>({
        awardId: id,
        status: 'final',
        decisions: [{ actorId: ADMIN.actorId, decision: 'approve', comments: null, at: expect.any(Number) }],
        notice: republished.notice!,
        openObjections: 0,
        noticeRevision: 1,
      });

      // The agreements are planned once, from the final award; each one's workflow writes it.
      await eventually('the agreement recorded by its workflow', async () =>
        about(id).some((c) => c.name === 'createAgreement'),
      );
      const made = about(id).filter((c) => c.name === 'planAgreements');
      expect(made).toEqual([
        {
          name: 'planAgreements',
          args: [{ awardId: id, at: expect.any(Number), offset: 0, limit: AGREEMENT_PAGE }],
        },
      ]);
      expect(about(id)[about(id).length - 1].name).toBe('createAgreement');
      expect((made[0].args[0] as { at: number }).at).toBeGreaterThanOrEqual(finalized.at);
    },
  );

  it.concurrent(
    'an objection adjusted without restart (restartNoticeOnChange false) republishes the same period: final at the original end',
    async () => {
      const { handle, id, notice, end } = await inNotice({ restartNoticeOnChange: false });
      const applicationId = randomUUID();
      await file(handle, applicationId);
      await until(notice.at + 1_500);
      await decide(handle, applicationId, 'adjust', { adjustedAmountFen: 80_000_000 });
      await handle.result();

      expect(types(id)).toEqual([
        'award.approved',
        'award.notice_started',
        'award.objection_filed',
        'award.objection_adjust',
        'award.notice_republished',
        'award.finalized',
      ]);
      expect(record(id, 'award.objection_adjust').objectionDecision).toEqual({
        id: expect.any(String),
        applicationId,
        outcome: 'adjust',
        answer: expect.any(String),
        adjustedAmountFen: 80_000_000,
      });
      const republished = record(id, 'award.notice_republished');
      expect(republished.noticeRevision).toBe(1);
      expect(republished.notice).toEqual(notice.notice);

      // Final once the original end has passed, well before a restarted period would end.
      const finalized = record(id, 'award.finalized');
      expect(finalized.at).toBeGreaterThanOrEqual(end);
      expect(received.get(`${id}:award.finalized`)).toBeGreaterThanOrEqual(end);
      expect(finalized.at).toBeLessThan(republished.at + NOTICE_MS);
    },
  );

  it.concurrent(
    'a late objection, after the end while another is still open, is refused (window_closed) and writes nothing',
    async () => {
      const { handle, id, end } = await inNotice();
      const applicationId = randomUUID();
      await file(handle, applicationId);
      await until(end + 300);
      // The notice has ended, but an objection is open: the workflow waits, still in notice.
      expect(await handle.query(awardStateQuery)).toMatchObject({ status: 'in_notice', openObjections: 1 });

      expect(await refusal(file(handle, randomUUID()))).toBe('window_closed');
      expect(types(id)).toEqual(['award.approved', 'award.notice_started', 'award.objection_filed']);

      await decide(handle, applicationId, 'maintain');
      expect((await handle.result()).status).toBe('final');
      expect(types(id)).toEqual([
        'award.approved',
        'award.notice_started',
        'award.objection_filed',
        'award.objection_maintain',
        'award.finalized',
      ]);
      expect(record(id, 'award.finalized').at).toBeGreaterThanOrEqual(
        record(id, 'award.objection_maintain').at,
      );
    },
  );

  it.concurrent(
    'a cancellation decided after the original end waits out the restarted notice before finality',
    async () => {
      const { handle, id, end } = await inNotice();
      const applicationId = randomUUID();
      await file(handle, applicationId);
      await until(end + 300); // the notice is over, the objection still open: no finality yet
      await decide(handle, applicationId, 'cancel');
      await handle.result();
      const republished = record(id, 'award.notice_republished');
      expect(Date.parse(republished.notice!.end)).toBeGreaterThan(end);
      expect(record(id, 'award.finalized').at).toBeGreaterThanOrEqual(Date.parse(republished.notice!.end));
    },
  );

  it.concurrent(
    'without a fixed period the notice is counted by the calendar activity and keeps what it was counted on',
    async () => {
      const { handle, id } = await startAward({ noticePeriod: undefined, noticeWorkingDays: 7 });
      await approve(handle, ADMIN);
      await eventually(
        'the notice',
        async () => (await handle.query(awardStateQuery)).status === 'in_notice',
      );
      const started = record(id, 'award.notice_started');
      const asked = calls
        .filter((c) => c.name === 'workingDayDeadline')
        .map((c) => c.args[0] as { from: number });
      // The workflow's clock at publication is the notice's start.
      const from = Date.parse(started.notice!.start);
      expect(asked).toContainEqual({ from, workingDays: 7 });
      const counted = countOnBundledYears(from, 7);
      expect(started.notice).toEqual({ start: iso(from), end: counted.end, calendar: counted.calendar });
      expect((await handle.query(awardStateQuery)).notice).toEqual(started.notice);
      await handle.terminate('test over');
    },
  );

  it.concurrent(
    'an award proposed with the old deployment setting (noticeOverride) keeps its fixed notice',
    async () => {
      const { handle, id } = await startAward({ noticePeriod: undefined, noticeOverride: 'PT3S' });
      await approve(handle, ADMIN);
      await handle.result();
      const { notice } = record(id, 'award.notice_started');
      expect(Date.parse(notice!.end) - Date.parse(notice!.start)).toBe(3_000);
      // Not counted on the calendar: a fixed period has no calendar basis.
      expect(notice).not.toHaveProperty('calendar');
      expect(record(id, 'award.finalized').at).toBeGreaterThanOrEqual(Date.parse(notice!.end));
    },
  );

  it.concurrent('an objection maintained republishes nothing: final at the original end', async () => {
    const { handle, id, notice, end } = await inNotice();
    const applicationId = randomUUID();
    await file(handle, applicationId);
    const filed = record(id, 'award.objection_filed');
    expect(filed.objection).toEqual({
      id: expect.any(String),
      applicationId,
      objector: objection(applicationId).objector,
      facts: objection(applicationId).facts,
      evidence: [],
    });
    await until(notice.at + 1_000);
    const decided = await decide(handle, applicationId, 'maintain');
    expect(decided).toMatchObject({ status: 'in_notice', openObjections: 0, notice: notice.notice });
    expect(decided.noticeRevision).toBeUndefined();

    const final = await handle.result();
    expect(types(id)).toEqual([
      'award.approved',
      'award.notice_started',
      'award.objection_filed',
      'award.objection_maintain',
      'award.finalized',
    ]);
    expect(final.notice).toEqual(notice.notice);
    expect(record(id, 'award.finalized').at).toBeGreaterThanOrEqual(end);
  });

  it.concurrent(
    "four eyes: the proposer's own approval is refused and writes nothing; the admin's approves, then the notice runs 3 s to finality",
    async () => {
      // The proposer holds the approving role: four eyes must refuse them anyway.
      const { handle, id } = await startAward();
      expect(await refusal(approve(handle, { actorId: OFFICER, actorRoles: ['admin', 'officer'] }))).toBe(
        'forbidden',
      );
      expect(about(id)).toEqual([]);
      expect(await handle.query(awardStateQuery)).toMatchObject({ status: 'in_approval', decisions: [] });

      // The approval's answer carries the notice it started.
      const approved = await approve(handle, ADMIN);
      expect(approved).toMatchObject({
        status: 'in_notice',
        decisions: [{ actorId: ADMIN.actorId, decision: 'approve' }],
        notice: { start: expect.any(String), end: expect.any(String) },
      });
      await handle.result();

      expect(types(id)).toEqual(['award.approved', 'award.notice_started', 'award.finalized']);
      const a = record(id, 'award.approved');
      expect(a).toEqual<AwardRecord>({
        awardId: id,
        type: 'award.approved',
        step: '1:award.approved',
        actorId: ADMIN.actorId,
        at: expect.any(Number),
        status: 'approved',
        decisions: [{ actorId: ADMIN.actorId, decision: 'approve', comments: null, at: a.at }],
        comments: null,
      });
      const n = record(id, 'award.notice_started');
      expect(n).toEqual<AwardRecord>({
        awardId: id,
        type: 'award.notice_started',
        step: 'notice',
        actorId: null,
        at: expect.any(Number),
        status: 'in_notice',
        notice: { start: iso(n.at), end: iso(n.at + NOTICE_MS) },
      });
      expect(n.at).toBeGreaterThanOrEqual(a.at);
      const finalized = record(id, 'award.finalized');
      expect(finalized).toMatchObject({ status: 'final', actorId: null, finalize: true });
      expect(finalized.at).toBeGreaterThanOrEqual(n.at + NOTICE_MS);
      await eventually('the agreement recorded by its workflow', async () =>
        about(id).some((c) => c.name === 'createAgreement'),
      );
      expect(about(id).map((c) => c.name)).toEqual([
        'recordAward',
        'recordAward',
        'recordAward',
        'planAgreements',
        'createAgreement',
      ]);
    },
  );

  it.concurrent(
    'a proposal is recorded by its workflow first (update-with-start), answered in approval; a repeat lands on the same workflow and writes nothing more',
    async () => {
      const awardId = randomUUID();
      const applicationId = randomUUID();
      const input: AwardInput = {
        awardId,
        proposerId: OFFICER,
        chain: ['admin'],
        noticeWorkingDays: 5,
        noticePeriod: 'PT3S',
        proposal: {
          callId: randomUUID(),
          roundId: null,
          note: null,
          items: [{ applicationId, amountFen: 1_000_000 }],
          horseRace: null,
        },
      };
      const propose = () =>
        env.client.workflow.executeUpdateWithStart(awardProposedUpdate, {
          startWorkflowOperation: new WithStartWorkflowOperation(awardWorkflow, {
            workflowId: workflowIds.award(awardId),
            workflowIdConflictPolicy: 'USE_EXISTING',
            taskQueue,
            args: [input],
          }),
        });
      expect(await propose()).toMatchObject({ awardId, status: 'in_approval', decisions: [], notice: null });
      expect(await propose()).toMatchObject({ awardId, status: 'in_approval' });
      expect(awardRecords(awardId)).toEqual<AwardRecord[]>([
        {
          awardId,
          type: 'award.submitted_for_approval',
          step: 'proposed',
          actorId: OFFICER,
          at: expect.any(Number),
          proposal: {
            ...input.proposal!,
            proposerId: OFFICER,
            chain: ['admin'],
            noticeWorkingDays: 5,
            restartNoticeOnChange: true,
          },
        },
      ]);
      const handle = env.client.workflow.getHandle(workflowIds.award(awardId));
      expect(await approve(handle, ADMIN)).toMatchObject({ status: 'in_notice' });
    },
  );

  it.concurrent(
    'evidence is recorded by the award while its notice runs (keyed by its id); before and after the notice it is refused and writes nothing',
    async () => {
      const { handle, id } = await startAward();
      const evidence = () => ({
        evidenceId: randomUUID(),
        name: '合作协议.pdf',
        mediaType: 'application/pdf',
        sizeBytes: 1234,
        sha256: 'a'.repeat(64),
      });
      expect(await refusal(handle.executeUpdate(addEvidenceUpdate, { args: [evidence()] }))).toBe(
        'invalid_state',
      );
      await approve(handle, ADMIN);
      const e = evidence();
      expect(await handle.executeUpdate(addEvidenceUpdate, { args: [e] })).toMatchObject({
        status: 'in_notice',
      });
      expect(record(id, 'award.evidence_uploaded')).toEqual<AwardRecord>({
        awardId: id,
        type: 'award.evidence_uploaded',
        step: `evidence:${e.evidenceId}`,
        actorId: null,
        at: expect.any(Number),
        evidence: e,
      });
      await handle.result();
      await expect(handle.executeUpdate(addEvidenceUpdate, { args: [evidence()] })).rejects.toThrow();
      expect(types(id).filter((t) => t === 'award.evidence_uploaded')).toHaveLength(1);
    },
  );

  // ---- agreements ----------------------------------------------------------------------------

  const agreementRecords = (agreementId: string) =>
    calls
      .filter((c) => c.name === 'recordAgreement')
      .map((c) => c.args[0] as AgreementRecord)
      .filter((r) => r.agreementId === agreementId);

  async function startAgreement(signIn: number) {
    const agreementId = randomUUID();
    const signBy = new Date(Date.now() + signIn).toISOString();
    const handle = await env.client.workflow.start(agreementWorkflow, {
      workflowId: workflowIds.agreement(agreementId),
      taskQueue,
      args: [{ agreementId, signBy }],
    });
    return { handle, id: agreementId, signBy };
  }

  it.concurrent(
    'agreement: revised to version 2, a stale revision refused; the PI signs version 2 with the pledge, which locks the terms; all three sign → signed',
    async () => {
      const { handle, id, signBy } = await startAgreement(10_000);
      const pi = randomUUID();
      type AgreementHandle = WorkflowHandle<typeof agreementWorkflow>;
      const revise = (h: AgreementHandle, version: number) =>
        h.executeUpdate(reviseAgreementUpdate, {
          args: [{ actorId: OFFICER, revisionId: randomUUID(), revision: { ...REVISION, version } }],
        });

      const revised = await revise(handle, 1);
      expect(revised).toEqual<AgreementState>({ agreementId: id, status: 'draft', signed: [], version: 2 });
      expect(agreementRecords(id)).toEqual<AgreementRecord[]>([
        {
          agreementId: id,
          type: 'agreement.revised',
          actorId: OFFICER,
          at: expect.any(Number),
          revision: { ...REVISION, newVersion: 2 },
        },
      ]);
      // Someone else revised version 1 meanwhile: refused, revise the latest.
      expect(await refusal(revise(handle, 1))).toBe('precondition_failed');

      await handle.executeUpdate(signAgreementUpdate, {
        args: [{ actorId: pi, party: 'pi', pledgeAccepted: true }],
      });
      expect(agreementRecords(id)[1]).toEqual<AgreementRecord>({
        agreementId: id,
        type: 'agreement.signed_by',
        party: 'pi',
        actorId: pi,
        at: expect.any(Number),
        version: 2,
        pledgeAccepted: true,
      });
      // Signed by one party: the terms are locked, even on the latest version.
      expect(await refusal(revise(handle, 2))).toBe('invalid_state');
      expect(agreementRecords(id)).toHaveLength(2);

      for (const party of ['institution', 'bureau'] as const)
        await handle.executeUpdate(signAgreementUpdate, { args: [{ actorId: randomUUID(), party }] });
      // The last signature started the project (project-<id>), which the state names.
      expect(await handle.result()).toEqual<AgreementState>({
        agreementId: id,
        status: 'signed',
        signed: ['pi', 'institution', 'bureau'],
        version: 2,
        projectId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      const records = agreementRecords(id);
      expect(records.map((r) => [r.type, r.party, r.version, r.pledgeAccepted])).toEqual([
        ['agreement.revised', undefined, undefined, undefined],
        ['agreement.signed_by', 'pi', 2, true],
        ['agreement.signed_by', 'institution', 2, false],
        ['agreement.signed_by', 'bureau', 2, false],
        ['agreement.signed', undefined, undefined, undefined],
      ]);
      expect(records[4].at).toBeLessThan(Date.parse(signBy));
    },
  );

  it.concurrent('agreement: left unsigned, forfeited at signBy', async () => {
    const { handle, id, signBy } = await startAgreement(2_000);
    expect(await handle.result()).toEqual<AgreementState>({
      agreementId: id,
      status: 'forfeited',
      signed: [],
      version: 1,
    });
    const records = agreementRecords(id);
    expect(records).toEqual<AgreementRecord[]>([
      { agreementId: id, type: 'agreement.forfeited', actorId: null, at: expect.any(Number) },
    ]);
    expect(records[0].at).toBeGreaterThanOrEqual(Date.parse(signBy));
  });
  it('a large award starts its agreements a page per run, continuing as new with the next offset', async () => {
    const awardId = randomUUID();
    large.add(awardId);
    const at = Date.now();
    const handle = await env.client.workflow.start(awardAgreementsWorkflow, {
      workflowId: workflowIds.awardAgreements(awardId),
      taskQueue,
      args: [{ awardId, at, offset: 0 }],
    });
    await handle.result();
    const pages = calls
      .filter((c) => c.name === 'planAgreements' && (c.args[0] as { awardId: string }).awardId === awardId)
      .map((c) => c.args[0]);
    expect(pages).toEqual(
      [0, AGREEMENT_PAGE, 2 * AGREEMENT_PAGE].map((offset) => ({
        awardId,
        at,
        offset,
        limit: AGREEMENT_PAGE,
      })),
    );
    // Every agreement's workflow started (and writes its record); none twice.
    await eventually('every agreement recorded by its workflow', async () => {
      const made = calls.filter(
        (c) => c.name === 'createAgreement' && (c.args[0] as { awardId: string }).awardId === awardId,
      );
      return made.length >= LARGE && made;
    });
    const made = calls
      .filter((c) => c.name === 'createAgreement' && (c.args[0] as { awardId: string }).awardId === awardId)
      .map((c) => (c.args[0] as { agreementId: string }).agreementId);
    expect(new Set(made).size).toBe(LARGE);
    // Each run started at most one page of children; its history stays small.
    const runs = [];
    for await (const w of env.client.workflow.list({
      query: `WorkflowId = '${workflowIds.awardAgreements(awardId)}'`,
    }))
      runs.push(w);
    expect(runs).toHaveLength(3);
    for (const r of runs) {
      const history = await env.client.workflow.getHandle(r.workflowId, r.runId).fetchHistory();
      const started = (history.events ?? []).filter(
        (e) => !!e.startChildWorkflowExecutionInitiatedEventAttributes,
      );
      expect(started.length).toBeLessThanOrEqual(AGREEMENT_PAGE);
      // Bounded by the page: the children's events. Workflow-task events are left out, as their
      // number depends on how the server batches tasks and, on a loaded machine, on task timeouts
      // (1,031 events in all in one run under load, against < 1,000 quietly).
      const work = history.events!.filter(
        (e) =>
          !e.workflowTaskScheduledEventAttributes &&
          !e.workflowTaskStartedEventAttributes &&
          !e.workflowTaskCompletedEventAttributes &&
          !e.workflowTaskTimedOutEventAttributes &&
          !e.workflowTaskFailedEventAttributes,
      );
      expect(work.length).toBeLessThan(4 * AGREEMENT_PAGE);
    }
  }, 120_000);
});
