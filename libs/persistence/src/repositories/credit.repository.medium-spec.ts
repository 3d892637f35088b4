import { DataSource } from 'typeorm';
import { appendCreditRecord } from '../credit-ledger';
import { UserEntity } from '../entities';
import { appendWithChange } from '../event-store';
import { useMediumDatabase, uniqueId } from '../testing/medium';
import { CreditRepository } from './credit.repository';

async function user(ds: DataSource): Promise<string> {
  const id = uniqueId();
  await ds
    .getRepository(UserEntity)
    .insert({ id, username: `u-${id}`, displayName: '测试用户', passwordHash: 'x', roles: ['applicant'] });
  return id;
}

/** A ledger row through the one ledger writer (record and event, keyed by workflow + step). */
async function record(
  ds: DataSource,
  subject: { type: string; id: string },
  over: { severity?: string; projectId?: string | null; isPublic?: boolean; effectiveFrom?: string } = {},
) {
  const id = uniqueId();
  await appendCreditRecord(ds, {
    id,
    subject,
    kind: over.severity === 'neutral' ? 'honest_failure' : 'overdue_report',
    severity: over.severity ?? 'minor',
    stage: 'execution',
    projectId: over.projectId ?? null,
    facts: '年度进展报告逾期未提交。',
    evidenceRefs: ['催告函'],
    decisionNo: null,
    effectiveFrom: over.effectiveFrom ?? '2026-03-01',
    effectiveUntil: null,
    referencesRecordId: null,
    isPublic: over.isPublic ?? false,
    recordedBy: null,
    workflowId: `credit-subject-${subject.type}-${subject.id}`,
    step: `record:${id}`,
    at: Date.now(),
  });
  return id;
}

describe('CreditRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new CreditRepository(db.ds);

  it("reads a subject's records in effective order, and many subjects' at once", async () => {
    const subject = { type: 'person', id: await user(db.ds) };
    const later = await record(db.ds, subject, { effectiveFrom: '2026-05-01' });
    const earlier = await record(db.ds, subject, { effectiveFrom: '2026-02-01' });
    expect((await repo().ofSubject(subject)).map((r) => r.id)).toEqual([earlier, later]);
    const expert = { type: 'expert', id: uniqueId() };
    const e = await record(db.ds, expert);
    expect((await repo().ofSubjects('expert', [expert.id, uniqueId()])).map((r) => r.id)).toEqual([e]);
    expect(await repo().ofSubjects('expert', [])).toEqual([]);
    expect((await repo().record(e))?.subjectId).toBe(expert.id);
    expect(await repo().record(uniqueId())).toBeNull();
  });

  it("reads a team's records in one query, each subject's own in effective order", async () => {
    const pi = { type: 'person', id: await user(db.ds) };
    const member = { type: 'person', id: await user(db.ds) };
    const clean = { type: 'person', id: await user(db.ds) };
    const institution = { type: 'institution', id: member.id }; // the same id, another subject
    const memberLater = await record(db.ds, member, { effectiveFrom: '2026-06-01' });
    const memberEarlier = await record(db.ds, member, { effectiveFrom: '2026-01-15' });
    const ofInstitution = await record(db.ds, institution);
    const ofPi = await record(db.ds, pi);
    const each = await repo().ofEachSubject([pi, member, clean, institution]);
    const ids = (s: { type: string; id: string }) => each.get(`${s.type}:${s.id}`)!.map((r) => r.id);
    expect(ids(pi)).toEqual([ofPi]);
    expect(ids(member)).toEqual([memberEarlier, memberLater]);
    expect(ids(clean)).toEqual([]);
    expect(ids(institution)).toEqual([ofInstitution]);
    expect((await repo().ofEachSubject([])).size).toBe(0);
  });

  it('writes a record once per workflow step, pointing at the event it follows from', async () => {
    const subject = { type: 'person', id: uniqueId() };
    const wf = `test-${uniqueId()}`;
    await appendWithChange(
      db.ds,
      {
        type: 'case.effective',
        subjectType: 'misconduct_case',
        subjectId: uniqueId(),
        actorId: null,
        payload: {},
        workflowId: wf,
        step: '7:case.effective',
        occurredAt: new Date(),
      },
      async () => undefined,
    );
    const id = uniqueId();
    const write = {
      id,
      subject,
      kind: 'plagiarism',
      severity: 'serious',
      stage: 'case',
      projectId: null,
      facts: '抄袭',
      evidenceRefs: [],
      decisionNo: null,
      effectiveFrom: '2026-03-01',
      effectiveUntil: null,
      referencesRecordId: null,
      isPublic: true,
      sourceEvent: { workflowId: wf, step: '7:case.effective' },
      recordedBy: null,
      workflowId: wf,
      step: 'credit-record',
      at: Date.now(),
    };
    expect(await appendCreditRecord(db.ds, write)).toEqual({ applied: true });
    expect(await appendCreditRecord(db.ds, write)).toEqual({ applied: false });
    const row = await repo().record(id);
    expect(row?.sourceEventId).toBe(await repo().eventIdOf({ workflowId: wf, step: '7:case.effective' }));
    expect(row?.sourceEventId).toEqual(expect.any(String));
    expect((await repo().publicRecords({ limit: 200 })).items.map((r) => r.id)).toContain(id);
  });

  it('keeps one pending repair request per record, and decides it once', async () => {
    const requester = await user(db.ds);
    const officer = await user(db.ds);
    const recordId = await record(db.ds, { type: 'person', id: requester });
    const id = uniqueId();
    await repo().insertRepairRequest({
      id,
      recordId,
      reason: '已完成整改，申请信用修复。',
      evidenceRefs: ['整改报告'],
      requestedBy: requester,
      createdAt: new Date(),
    });
    expect(await repo().hasPendingRepair(recordId)).toBe(true);
    expect(await repo().pendingRepairsOf([recordId, uniqueId()])).toEqual([recordId]);
    await expect(
      repo().insertRepairRequest({
        id: uniqueId(),
        recordId,
        reason: '重复申请。',
        evidenceRefs: [],
        requestedBy: requester,
        createdAt: new Date(),
      }),
    ).rejects.toThrow(/credit_repair_requests_pending_uq/);
    const decided = {
      status: 'rejected' as const,
      decisionReason: '材料不足',
      decidedBy: officer,
      decidedAt: new Date(),
      repairRecordId: null,
    };
    await repo().decideRepairRequest(id, decided);
    // Only a pending request is decided: a second decision changes nothing.
    await repo().decideRepairRequest(id, { ...decided, status: 'approved', decisionReason: null });
    expect(await repo().repairRequest(id)).toMatchObject({ status: 'rejected', decisionReason: '材料不足' });
    expect(await repo().hasPendingRepair(recordId)).toBe(false);
  });
});
