import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CreditRecord, workflowIds } from '@kjflow/domain';
import type { Activities, CreditRepairDecisionRecord, CreditRepairRequestRecord } from './activities';
import { creditSubjectWorkflow } from './credit.workflow';
import { decideCreditRepairUpdate, recordCreditEntryUpdate, requestCreditRepairUpdate } from './definitions';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const OFFICER = randomUUID();
const OFFICER2 = randomUUID();
const beijingDay = (daysAgo: number) =>
  new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

function storedRecord(
  subject: { type: string; id: string },
  severity: string,
  effectiveFrom: string,
): CreditRecord {
  return {
    id: randomUUID(),
    subject,
    kind: 'overdue_report',
    severity,
    stage: 'execution',
    projectId: null,
    facts: '年度进展报告逾期未提交。',
    evidenceRefs: [],
    decisionNo: null,
    effectiveFrom,
    effectiveUntil: null,
    referencesRecordId: null,
    isPublic: false,
    caseId: null,
    recordedAt: new Date().toISOString(),
    recordedBy: OFFICER,
  } as unknown as CreditRecord;
}

describe('creditSubjectWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('records, takes a timely repair request once, decides it with four eyes, and ends when idle', async () => {
    const subject = { type: 'person', id: randomUUID() };
    const old = storedRecord(subject, 'minor', beijingDay(100));
    const recent = storedRecord(subject, 'minor', beijingDay(10));
    const requests = new Map<
      string,
      CreditRepairRequestRecord & { status: 'pending' | 'approved' | 'rejected' }
    >();
    const { activities: fakes, calls } = recordingActivities();
    const activities: Activities = {
      ...fakes,
      async creditLedger(input) {
        calls.push({ name: 'creditLedger', args: [input] });
        return {
          records: [old, recent],
          pendingRepairRecordIds: [...requests.values()]
            .filter((r) => r.status === 'pending')
            .map((r) => r.recordId),
        };
      },
      async creditRepairRequest({ id }) {
        const r = requests.get(id);
        return r ? { ...r } : null;
      },
      async requestCreditRepair(rec) {
        calls.push({ name: 'requestCreditRepair', args: [rec] });
        requests.set(rec.id, { ...rec, status: 'pending' });
      },
      async decideCreditRepair(rec: CreditRepairDecisionRecord) {
        calls.push({ name: 'decideCreditRepair', args: [rec] });
        requests.get(rec.requestId)!.status = rec.decision === 'approve' ? 'approved' : 'rejected';
      },
    };
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const workflowId = workflowIds.creditSubject(subject.type, subject.id);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(creditSubjectWorkflow, {
        workflowId,
        taskQueue,
        args: [{ subject, idleMs: 3000 }],
      });
      const entry = {
        subject,
        kind: 'overdue_report',
        severity: 'minor',
        stage: 'execution',
        projectId: null,
        facts: '年度进展报告逾期三个月未提交。',
        evidenceRefs: ['催告函'],
        decisionNo: null,
        effectiveFrom: beijingDay(0),
        effectiveUntil: null,
        referencesRecordId: null,
        isPublic: false,
      };
      // Another subject's record is refused before anything is written.
      expect(
        await refusal(
          handle.executeUpdate(recordCreditEntryUpdate, {
            args: [{ actorId: OFFICER, entry: { ...entry, subject: { type: 'person', id: randomUUID() } } }],
          }),
        ),
      ).toBe('validation_failed');
      const recorded = await handle.executeUpdate(recordCreditEntryUpdate, {
        args: [{ actorId: OFFICER, entry }],
      });
      expect(recorded.lastRecordId).toEqual(expect.any(String));

      const ask = (recordId: string) =>
        handle.executeUpdate(requestCreditRepairUpdate, {
          args: [{ actorId: subject.id, recordId, reason: '已完成整改，申请信用修复。', evidenceRefs: [] }],
        });
      expect(await refusal(ask(recent.id))).toBe('rule_refused'); // inside the 3 months
      expect(await refusal(ask(randomUUID()))).toBe('not_found');
      const asked = await ask(old.id);
      const requestId = asked.lastRepairRequestId!;
      expect(requestId).toEqual(expect.any(String));
      expect(await refusal(ask(old.id))).toBe('conflict'); // one pending at a time

      const decide = (actorId: string, decision: 'approve' | 'reject') =>
        handle.executeUpdate(decideCreditRepairUpdate, {
          args: [{ actorId, requestId, decision, reason: null }],
        });
      expect(await refusal(decide(OFFICER, 'approve'))).toBe('forbidden'); // recorded the breach
      expect(await refusal(decide(subject.id, 'approve'))).toBe('forbidden'); // asked for it
      const approved = await decide(OFFICER2, 'approve');
      expect(approved.lastRepairRequestId).toBe(requestId);
      expect(approved.lastRecordId).not.toBe(recorded.lastRecordId);
      expect(await refusal(decide(OFFICER2, 'reject'))).toBe('invalid_state');
      return handle.result(); // idle for idleMs: it ends
    });

    expect(result.subject).toEqual(subject);
    const writes = calls.filter((c) =>
      ['recordCredit', 'requestCreditRepair', 'decideCreditRepair'].includes(c.name),
    );
    expect(writes.map((c) => c.name)).toEqual(['recordCredit', 'requestCreditRepair', 'decideCreditRepair']);
    expect(writes[0].args[0]).toMatchObject({
      subject,
      recordedBy: OFFICER,
      workflowId,
      step: `record:${(writes[0].args[0] as { id: string }).id}`,
    });
    const decision = writes[2].args[0] as CreditRepairDecisionRecord;
    expect(decision).toMatchObject({
      decision: 'approve',
      decidedBy: OFFICER2,
      recordId: old.id,
      step: `repair-decision:${decision.requestId}`,
      repair: {
        id: result.lastRecordId,
        kind: 'repair',
        severity: 'neutral',
        referencesRecordId: old.id,
        recordedBy: OFFICER2,
        workflowId,
        step: `repair:${decision.requestId}`,
      },
    });
  });
});
