import { randomUUID } from 'node:crypto';
import { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  CasePolicy,
  casePolicySchema,
  CaseSpec,
  CreditRecordWrite,
  FindingInput,
  reportCaseSchema,
  shanghaiDate,
  workflowIds,
} from '@kjflow/domain';
import type { Activities, CaseUpdateRecord } from './activities';
import { caseWorkflow } from './case.workflow';
import {
  CaseActionArgs,
  caseCreatedUpdate,
  caseStateQuery,
  decideCaseUpdate,
  extendInvestigationUpdate,
  fileAppealUpdate,
  recordFindingUpdate,
  reviewCaseUpdate,
} from './definitions';
import { holds, Holds } from './testing/wait';
import {
  ActivityCalls,
  countOnBundledYears,
  createTestEnv,
  recordingActivities,
  startWorker,
} from './testing/env';
import { refusal } from './testing/refusal';

const OFFICER = randomUUID();
const SUBJECT = { type: 'person' as const, id: randomUUID() };
const PROJECT = randomUUID();

const FINDING: FindingInput = {
  category: 'plagiarism',
  severity: 'serious',
  facts: '项目结题报告第三章与他人已发表论文高度雷同。',
  sanctions: ['通报批评', '追回结余经费'],
  decisionNo: '百科监〔2026〕7号',
  isPublic: true,
};

/** Short timings; each test overrides what it is about. */
const BASE_POLICY: CasePolicy = {
  investigation: 'PT30S',
  maxExtension: 'PT10S',
  reminderBefore: 'PT10S',
  appealWorkingDays: 15,
  appealWindowOverride: 'PT30S',
};

const officer = (input: unknown): { args: [CaseActionArgs] } => ({ args: [{ actorId: OFFICER, input }] });
const subject = (input: unknown): { args: [CaseActionArgs] } => ({ args: [{ actorId: SUBJECT.id, input }] });
const ACCEPT = officer({ action: 'accept', reason: '线索具体，予以立案' });
const APPEAL_REASON = '比对报告未排除本人在先发表的内容，申请复查。';
const APPEAL = subject({ reason: APPEAL_REASON });

const caseUpdates = (calls: ActivityCalls) =>
  calls.filter((c) => c.name === 'updateCase').map((c) => c.args[0] as CaseUpdateRecord);
const caseUpdate = (calls: ActivityCalls, event: string) => {
  const found = caseUpdates(calls).filter((r) => r.event === event);
  expect(found).toHaveLength(1);
  return found[0];
};
const creditWrites = (calls: ActivityCalls) =>
  calls.filter((c) => c.name === 'recordCredit').map((c) => c.args[0] as CreditRecordWrite);

/** Every write in order: the activity's name, or the event for `updateCase`. */
function writes(calls: ActivityCalls): string[] {
  return calls.map((c) => (c.name === 'updateCase' ? (c.args[0] as CaseUpdateRecord).event : c.name));
}

/** The idempotency keys of every case write, in order; they must never repeat. */
function steps(calls: ActivityCalls): string[] {
  return calls
    .filter((c) => c.name === 'updateCase' || c.name === 'recordCredit')
    .map((c) => (c.args[0] as { step: string }).step);
}

function expectUniqueSteps(calls: ActivityCalls) {
  const s = steps(calls);
  expect(s.length).toBeGreaterThan(0);
  expect(new Set(s).size).toBe(s.length);
}

async function waitForCall(calls: ActivityCalls, what: string, pred: (c: ActivityCalls[number]) => boolean) {
  const deadline = Date.now() + 15_000;
  while (!calls.some(pred)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; calls: ${writes(calls)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const waitForEvent = (calls: ActivityCalls, event: string, n = 1) =>
  waitForCall(calls, `${event} ×${n}`, () => caseUpdates(calls).filter((r) => r.event === event).length >= n);

describe('caseWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function run<T>(
    opts: { policy?: Partial<CasePolicy>; holds?: Holds; failOnce?: keyof Activities },
    body: (handle: WorkflowHandle<typeof caseWorkflow>, spec: CaseSpec, calls: ActivityCalls) => Promise<T>,
  ): Promise<{ result: T; calls: ActivityCalls; spec: CaseSpec }> {
    const recording = recordingActivities({ failOnce: opts.failOnce });
    const { calls } = recording;
    const h = opts.holds;
    const activities: Activities = {
      ...recording.activities,
      async updateCase(rec) {
        await recording.activities.updateCase(rec);
        await h?.wait(rec.event);
      },
      async recordCredit(rec) {
        await recording.activities.recordCredit(rec);
        await h?.wait('recordCredit');
      },
    };
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const spec: CaseSpec = {
      id: randomUUID(),
      report: reportCaseSchema.parse({
        subject: SUBJECT,
        projectId: PROJECT,
        reporter: { name: '李某', contact: 'li@example.cn' },
        facts: '举报项目负责人在结题报告中大段抄袭他人已发表论文，附比对报告。',
        evidenceRefs: ['比对报告.pdf'],
      }),
      policy: casePolicySchema.parse({ ...BASE_POLICY, ...opts.policy }),
      createdBy: OFFICER,
    };
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(caseWorkflow, {
        workflowId: workflowIds.misconductCase(spec.id),
        taskQueue,
        args: [spec],
      });
      const created = await handle.executeUpdate(caseCreatedUpdate);
      expect(created).toEqual({
        caseId: spec.id,
        status: 'reported',
        investigationDeadline: null,
        extended: false,
        appealDeadline: null,
        finding: null,
        review: null,
        creditRecordId: null,
      });
      try {
        return await body(handle, spec, calls);
      } finally {
        h?.releaseAll();
      }
    });
    expect(calls[0]).toEqual({ name: 'createCase', args: [spec, expect.any(Number)] });
    return { result, calls, spec };
  }

  /** The credit record the workflow writes for an effective decision. */
  function expectCreditRecord(rec: CreditRecordWrite, spec: CaseSpec, severity: string) {
    expect(rec).toEqual<CreditRecordWrite>({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      subject: SUBJECT,
      kind: FINDING.category,
      severity,
      stage: 'case',
      projectId: PROJECT,
      facts: FINDING.facts,
      evidenceRefs: ['比对报告.pdf'],
      decisionNo: FINDING.decisionNo,
      effectiveFrom: shanghaiDate(rec.at),
      effectiveUntil: null,
      referencesRecordId: null,
      isPublic: true,
      caseId: spec.id,
      // The record points at the event that made the decision effective.
      sourceEvent: {
        workflowId: `misconduct-case-${spec.id}`,
        step: expect.stringMatching(/^\d+:case\.effective$/),
      },
      recordedBy: null,
      workflowId: `misconduct-case-${spec.id}`,
      step: 'credit-record',
      at: expect.any(Number),
    });
  }

  it('refuses a dismissal without a reason (writing nothing), then dismisses with one: no credit record', async () => {
    const { result, calls } = await run({}, async (h, _spec, live) => {
      expect(await refusal(h.executeUpdate(decideCaseUpdate, officer({ action: 'dismiss' })))).toBe(
        'validation_failed',
      );
      expect(
        await refusal(h.executeUpdate(decideCaseUpdate, officer({ action: 'dismiss', reason: '  不成立 ' }))),
      ).toBe('validation_failed');
      // Nothing to find before the case is accepted.
      expect(await refusal(h.executeUpdate(recordFindingUpdate, officer(FINDING)))).toBe('invalid_state');
      expect(live.map((c) => c.name)).toEqual(['createCase']);
      expect((await h.query(caseStateQuery)).status).toBe('reported');

      const dismissed = await h.executeUpdate(
        decideCaseUpdate,
        officer({ action: 'dismiss', reason: '举报内容缺乏具体线索' }),
      );
      expect(dismissed.status).toBe('dismissed');
      return h.result();
    });
    expect(result).toMatchObject({
      status: 'dismissed',
      investigationDeadline: null,
      finding: null,
      creditRecordId: null,
    });
    expect(writes(calls)).toEqual(['createCase', 'case.dismissed']);
    expect(caseUpdate(calls, 'case.dismissed')).toMatchObject({
      transition: { from: 'reported', to: 'dismissed', event: 'case.dismissed' },
      actorId: OFFICER,
      reason: '举报内容缺乏具体线索',
      step: '1:case.dismissed',
    });
  });

  it('makes an unappealed decision effective when the appeal window ends, then writes the credit record once', async () => {
    const { result, calls, spec } = await run(
      { policy: { appealWindowOverride: 'PT2S' } },
      async (h, _spec, live) => {
        const accepted = await h.executeUpdate(decideCaseUpdate, ACCEPT);
        expect(accepted.status).toBe('investigating');
        const decided = await h.executeUpdate(recordFindingUpdate, officer(FINDING));
        expect(decided).toMatchObject({ status: 'decided', finding: FINDING });
        // Still open: the workflow waits for the window before anything becomes effective.
        expect(creditWrites(live)).toEqual([]);
        return { decided, final: await h.result() };
      },
    );
    const { decided, final } = result;

    const accepted = caseUpdate(calls, 'case.accepted');
    expect(accepted).toMatchObject({
      transition: { from: 'reported', to: 'investigating', event: 'case.accepted' },
      actorId: OFFICER,
      reason: '线索具体，予以立案',
      patch: { investigationDeadline: new Date(accepted.at + 30_000).toISOString() },
    });
    const finding = caseUpdate(calls, 'case.decided');
    const appealDeadline = new Date(finding.at + 2_000).toISOString();
    expect(finding).toMatchObject({
      transition: { from: 'investigating', to: 'decided', event: 'case.decided' },
      actorId: OFFICER,
      payload: { finding: FINDING, appealDeadline },
      patch: { finding: FINDING, appealDeadline },
    });
    expect(decided.appealDeadline).toBe(appealDeadline);
    const effective = caseUpdate(calls, 'case.effective');
    expect(effective).toMatchObject({
      transition: { from: 'decided', to: 'effective', event: 'case.effective' },
      actorId: null,
      reason: null,
    });
    expect(effective.at).toBeGreaterThanOrEqual(new Date(appealDeadline).getTime());

    // Written in order, each once; no reminder, since the finding came well before it was due.
    expect(writes(calls)).toEqual([
      'createCase',
      'case.accepted',
      'case.decided',
      'case.effective',
      'recordCredit',
      'case.credit_recorded',
    ]);
    expect(steps(calls)).toEqual([
      '1:case.accepted',
      '2:case.decided',
      '3:case.effective',
      'credit-record',
      '4:case.credit_recorded',
    ]);
    expectUniqueSteps(calls);
    const [credit] = creditWrites(calls);
    expectCreditRecord(credit, spec, 'serious');
    expect(credit.at).toBeGreaterThanOrEqual(effective.at);
    expect(caseUpdate(calls, 'case.credit_recorded')).toMatchObject({
      transition: null,
      payload: { creditRecordId: credit.id },
      patch: { creditRecordId: credit.id },
    });
    expect(final).toEqual({
      caseId: spec.id,
      status: 'effective',
      investigationDeadline: accepted.patch!.investigationDeadline,
      extended: false,
      appealDeadline,
      finding: FINDING,
      review: null,
      creditRecordId: credit.id,
    });
  });

  it.each([
    { outcome: 'changed', severity: 'severe', status: 'effective', credited: 'severe' },
    { outcome: 'upheld', severity: undefined, status: 'effective', credited: 'serious' },
    { outcome: 'overturned', severity: undefined, status: 'overturned', credited: null },
  ] as const)(
    'reviews an appeal filed inside the window: $outcome → $status, credit severity $credited',
    async ({ outcome, severity, status, credited }) => {
      const review = { outcome, reason: '复查意见：经重新比对认定如下', ...(severity ? { severity } : {}) };
      const { result, calls, spec } = await run({}, async (h) => {
        await h.executeUpdate(decideCaseUpdate, ACCEPT);
        // No review before an appeal.
        expect(await refusal(h.executeUpdate(reviewCaseUpdate, officer(review)))).toBe('invalid_state');
        await h.executeUpdate(recordFindingUpdate, officer(FINDING));
        expect(await refusal(h.executeUpdate(reviewCaseUpdate, officer(review)))).toBe('invalid_state');
        expect(await refusal(h.executeUpdate(fileAppealUpdate, subject({ reason: '不服' })))).toBe(
          'validation_failed',
        );
        const appealed = await h.executeUpdate(fileAppealUpdate, APPEAL);
        expect(appealed.status).toBe('under_review');
        expect(await refusal(h.executeUpdate(fileAppealUpdate, APPEAL))).toBe('invalid_state');
        // A changed outcome must name the new severity.
        expect(
          await refusal(
            h.executeUpdate(reviewCaseUpdate, officer({ outcome: 'changed', reason: '变更处理决定' })),
          ),
        ).toBe('validation_failed');
        const reviewed = await h.executeUpdate(reviewCaseUpdate, officer(review));
        expect(reviewed).toMatchObject({ status, review });
        // The answer that makes the decision effective carries the credit record it caused.
        if (status === 'effective') expect(reviewed.creditRecordId).toEqual(expect.any(String));
        else expect(reviewed.creditRecordId).toBeNull();
        return h.result();
      });

      const appealed = caseUpdate(calls, 'case.appealed');
      expect(appealed).toMatchObject({
        transition: { from: 'decided', to: 'under_review', event: 'case.appealed' },
        actorId: SUBJECT.id,
        reason: APPEAL_REASON,
      });
      expect(appealed.at).toBeLessThan(new Date(result.appealDeadline!).getTime());
      const reviewed = caseUpdate(calls, outcome === 'overturned' ? 'case.overturned' : 'case.effective');
      expect(reviewed).toMatchObject({
        transition: { from: 'under_review', to: status, event: `case.${status}` },
        actorId: OFFICER,
        reason: review.reason,
        payload: { review },
        patch: { review },
      });
      expectUniqueSteps(calls);
      expect(result).toMatchObject({ caseId: spec.id, status, finding: FINDING, review });

      if (credited === null) {
        expect(writes(calls)).toEqual([
          'createCase',
          'case.accepted',
          'case.decided',
          'case.appealed',
          'case.overturned',
        ]);
        expect(result.creditRecordId).toBeNull();
        return;
      }
      expect(writes(calls)).toEqual([
        'createCase',
        'case.accepted',
        'case.decided',
        'case.appealed',
        'case.effective',
        'recordCredit',
        'case.credit_recorded',
      ]);
      const [credit] = creditWrites(calls);
      expectCreditRecord(credit, spec, credited);
      expect(result.creditRecordId).toBe(credit.id);
      expect(caseUpdate(calls, 'case.credit_recorded').patch).toEqual({ creditRecordId: credit.id });
    },
  );

  it('refuses an appeal after the window: window_closed while the lapse is being written, invalid_state once effective', async () => {
    // Deterministic: the lapse write ('case.effective') and the credit record are held open, so the
    // workflow sits in each state, past the deadline, for as long as the test needs.
    const gate = holds();
    gate.hold('case.effective');
    gate.hold('recordCredit');
    const { result, calls } = await run(
      { policy: { appealWindowOverride: 'PT1S' }, holds: gate },
      async (h, _spec, live) => {
        await h.executeUpdate(decideCaseUpdate, ACCEPT);
        const decided = await h.executeUpdate(recordFindingUpdate, officer(FINDING));
        // The lapse has started, so the workflow's clock has passed the deadline; still 'decided'.
        await waitForEvent(live, 'case.effective');
        expect(await h.query(caseStateQuery)).toMatchObject({
          status: 'decided',
          appealDeadline: decided.appealDeadline,
        });
        expect(await refusal(h.executeUpdate(fileAppealUpdate, APPEAL))).toBe('window_closed');

        gate.release('case.effective');
        await waitForCall(live, 'recordCredit', (c) => c.name === 'recordCredit');
        expect((await h.query(caseStateQuery)).status).toBe('effective');
        expect(await refusal(h.executeUpdate(fileAppealUpdate, APPEAL))).toBe('invalid_state');
        gate.release('recordCredit');
        return h.result();
      },
    );
    expect(result.status).toBe('effective');
    expect(writes(calls)).toEqual([
      'createCase',
      'case.accepted',
      'case.decided',
      'case.effective',
      'recordCredit',
      'case.credit_recorded',
    ]);
    expect(caseUpdate(calls, 'case.effective').at).toBeGreaterThanOrEqual(
      new Date(result.appealDeadline!).getTime(),
    );
    expectUniqueSteps(calls);
  });

  it('reminds before the investigation deadline, flags it overdue, extends it once (within the maximum)', async () => {
    const policy = {
      investigation: 'PT2S',
      reminderBefore: 'PT1S',
      maxExtension: 'PT3S',
      appealWindowOverride: 'PT1S',
    };
    const { result, calls, spec } = await run({ policy }, async (h, _spec, live) => {
      const accepted = await h.executeUpdate(decideCaseUpdate, ACCEPT);
      const first = accepted.investigationDeadline!;
      expect(
        await refusal(
          h.executeUpdate(
            extendInvestigationUpdate,
            officer({ extension: 'PT4S', reason: '需补充调取原始数据' }),
          ),
        ),
      ).toBe('validation_failed');
      expect(
        await refusal(
          h.executeUpdate(extendInvestigationUpdate, officer({ extension: 'PT1S', reason: '短' })),
        ),
      ).toBe('validation_failed');
      expect(writes(live)).toEqual(['createCase', 'case.accepted']);

      await waitForEvent(live, 'case.investigation_overdue');
      // PT3S (= the maximum) is allowed; it counts from the deadline, not from now.
      const extended = await h.executeUpdate(
        extendInvestigationUpdate,
        officer({ extension: 'PT3S', reason: '需补充调取原始实验数据' }),
      );
      const second = new Date(new Date(first).getTime() + 3_000).toISOString();
      expect(extended).toMatchObject({
        status: 'investigating',
        extended: true,
        investigationDeadline: second,
      });
      expect(
        await refusal(
          h.executeUpdate(extendInvestigationUpdate, officer({ extension: 'PT1S', reason: '再次申请延期' })),
        ),
      ).toBe('invalid_state');

      // The reminder follows the new deadline; the finding before it is due means no second overdue.
      await waitForEvent(live, 'case.investigation_reminder', 2);
      await h.executeUpdate(recordFindingUpdate, officer(FINDING));
      expect(
        await refusal(
          h.executeUpdate(
            extendInvestigationUpdate,
            officer({ extension: 'PT1S', reason: '调查已结束仍申请' }),
          ),
        ),
      ).toBe('invalid_state');
      return { first, second, final: await h.result() };
    });
    const { first, second, final } = result;

    expect(caseUpdate(calls, 'case.accepted').patch).toEqual({ investigationDeadline: first });
    expect(new Date(first).getTime()).toBe(caseUpdate(calls, 'case.accepted').at + 2_000);
    const notes = caseUpdates(calls).filter((r) => r.event.startsWith('case.investigation_'));
    expect(notes.map((r) => [r.event, r.payload])).toEqual([
      ['case.investigation_reminder', { investigationDeadline: first }],
      ['case.investigation_overdue', { investigationDeadline: first }],
      ['case.investigation_extended', { extension: 'PT3S', investigationDeadline: second }],
      ['case.investigation_reminder', { investigationDeadline: second }],
    ]);
    const [remind1, overdue1, extension, remind2] = notes;
    for (const [note, deadline] of [
      [remind1, first],
      [remind2, second],
    ] as const) {
      const due = new Date(deadline).getTime();
      expect(note).toMatchObject({ transition: null, actorId: null });
      expect(note.at).toBeGreaterThanOrEqual(due - 1_000);
      expect(note.at).toBeLessThan(due);
    }
    expect(overdue1.at).toBeGreaterThanOrEqual(new Date(first).getTime());
    expect(extension).toMatchObject({
      transition: null,
      actorId: OFFICER,
      reason: '需补充调取原始实验数据',
      patch: { investigationDeadline: second, extended: true },
    });
    expect(caseUpdate(calls, 'case.decided').at).toBeLessThan(new Date(second).getTime());

    expect(writes(calls)).toEqual([
      'createCase',
      'case.accepted',
      'case.investigation_reminder',
      'case.investigation_overdue',
      'case.investigation_extended',
      'case.investigation_reminder',
      'case.decided',
      'case.effective',
      'recordCredit',
      'case.credit_recorded',
    ]);
    expect(steps(calls)).toEqual([
      '1:case.accepted',
      '2:case.investigation_reminder',
      '3:case.investigation_overdue',
      '4:extended',
      '5:case.investigation_reminder',
      '6:case.decided',
      '7:case.effective',
      'credit-record',
      '8:case.credit_recorded',
    ]);
    expectUniqueSteps(calls);
    expect(final).toMatchObject({
      caseId: spec.id,
      status: 'effective',
      investigationDeadline: second,
      extended: true,
    });
    expectCreditRecord(creditWrites(calls)[0], spec, 'serious');
  });

  it('counts the appeal window in working days without the override: the calendar in force, from an activity', async () => {
    const { result, calls } = await run({ policy: { appealWindowOverride: null } }, async (h) => {
      await h.executeUpdate(decideCaseUpdate, ACCEPT);
      const decided = await h.executeUpdate(recordFindingUpdate, officer(FINDING));
      await h.terminate('test over');
      return decided;
    });
    const finding = caseUpdate(calls, 'case.decided');
    // The workflow asks for the 15th working day after its clock at the finding and keeps what
    // the calendar answered, with what it was counted on.
    const asked = calls.find((c) => c.name === 'workingDayDeadline')!.args[0] as {
      from: number;
      workingDays: number;
    };
    expect(asked.workingDays).toBe(15);
    expect(asked.from).toBeLessThanOrEqual(finding.at);
    const expected = countOnBundledYears(asked.from, 15);
    expect(expected.end).toMatch(/T15:59:59\.999Z$/);
    const calendar = { appealCalendar: expected.calendar };
    expect(finding.patch).toEqual({ finding: FINDING, appealDeadline: expected.end, ...calendar });
    expect(finding.payload).toEqual({ finding: FINDING, appealDeadline: expected.end, ...calendar });
    expect(result.appealDeadline).toBe(expected.end);
    expect(shanghaiDate(expected.end)).toBe(expected.lastDay);
    expect(writes(calls)).toEqual(['createCase', 'case.accepted', 'workingDayDeadline', 'case.decided']);
  });

  it('retries a failed credit write with the same record id and step', async () => {
    const { result, calls, spec } = await run({ failOnce: 'recordCredit' }, async (h) => {
      await h.executeUpdate(decideCaseUpdate, ACCEPT);
      await h.executeUpdate(recordFindingUpdate, officer(FINDING));
      await h.executeUpdate(fileAppealUpdate, APPEAL);
      await h.executeUpdate(reviewCaseUpdate, officer({ outcome: 'upheld', reason: '维持原处理决定' }));
      return h.result();
    });
    const attempts = creditWrites(calls);
    expect(attempts).toHaveLength(2);
    // The retry carries the very same write: its id, step and time were fixed by the workflow.
    expect(attempts[1]).toEqual(attempts[0]);
    expectCreditRecord(attempts[0], spec, 'serious');
    expect(writes(calls)).toEqual([
      'createCase',
      'case.accepted',
      'case.decided',
      'case.appealed',
      'case.effective',
      'recordCredit',
      'recordCredit',
      'case.credit_recorded',
    ]);
    expect(result).toMatchObject({ status: 'effective', creditRecordId: attempts[0].id });
  });
});
