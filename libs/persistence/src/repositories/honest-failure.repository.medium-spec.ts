import { appendCreditRecord } from '../credit-ledger';
import { projectFixture } from '../testing/award-fixtures';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { HonestFailureRepository } from './honest-failure.repository';

describe('HonestFailureRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new HonestFailureRepository(db.ds);

  async function project() {
    const f = await projectFixture(db.ds, {
      title: '容错测试项目',
      startsOn: '2025-01-01',
      source: '百色市科技局 2025-009',
    });
    return { id: f.projectId, piId: f.piId, institutionId: f.institutionId };
  }

  const credit = (projectId: string, subject: { type: string; id: string }, kind: string, severity: string) =>
    appendCreditRecord(db.ds, {
      id: uniqueId(),
      subject,
      kind,
      severity,
      stage: 'execution',
      projectId,
      facts: '用于容错规则的信用记录。',
      evidenceRefs: [],
      decisionNo: null,
      effectiveFrom: '2026-03-01',
      effectiveUntil: null,
      referencesRecordId: null,
      isPublic: false,
      recordedBy: null,
      workflowId: `credit-subject-${subject.type}-${subject.id}`,
      step: `record:${uniqueId()}`,
      at: Date.now(),
    });

  it("reads a project's misconduct findings (the 8 categories, any subject), not its other records", async () => {
    const p = await project();
    await credit(p.id, { type: 'person', id: p.piId }, 'honest_failure', 'neutral');
    await credit(p.id, { type: 'person', id: p.piId }, 'overdue_report', 'minor');
    expect((await repo().facts(p.id)).misconductFindings).toEqual([]);
    await credit(p.id, { type: 'institution', id: p.institutionId }, 'fabrication', 'serious');
    expect((await repo().facts(p.id)).misconductFindings.map((f) => f.kind)).toEqual(['fabrication']);
  });

  it('keeps the flag and each round, and reads the flag, mode and reports of the project', async () => {
    const p = await project();
    await repo().setRiskProfile(p.id, 'high_risk');
    const f = await repo().facts(p.id);
    expect(f).toMatchObject({
      riskProfile: 'high_risk',
      reports: [],
      unapprovedChange: false,
      spending: null,
    });
    const at = new Date();
    await repo().request(p.id, {
      round: 1,
      originalRecordIds: [uniqueId()],
      diligenceStatement: '按任务书完成全部试验。',
      actorId: p.piId,
      at,
    });
    await repo().confirm(p.id, { round: 1, opinion: '属实', confirmed: false, actorId: uniqueId(), at });
    expect(await repo().current(p.id)).toMatchObject({
      round: 1,
      phase: 'refused',
      institutionConfirmed: false,
    });
  });
});
