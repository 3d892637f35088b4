import { randomUUID } from 'node:crypto';
import { as, closeDb, count, Client, db, request, rowsOf, until } from './support/api';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const shiftDays = (date: string, days: number) =>
  new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

describe('research credit (科研信用)', () => {
  let officer: Client;
  let officer2: Client;
  let admin: Client;
  // Credit records bar their subject from applying, so this file's subjects are its own users (no
  // other file applies as them): applicant4 黎明华, 百色学院; applicant5 陆小燕, 右江民族医学院.
  let applicant: Client;
  let applicant2: Client;
  let instAdmin: Client;
  let auditor: Client;
  let expert: Client;

  beforeAll(async () => {
    [officer, admin, applicant, applicant2, instAdmin, auditor, expert, officer2] = await Promise.all(
      ['officer', 'admin', 'applicant4', 'applicant5', 'inst-admin', 'auditor', 'expert', 'officer2'].map(as),
    );
  });
  afterAll(closeDb);

  /**
   * Records about this file's two people (applicant4 and applicant5, whom no other file names):
   * every record a refused request here could write is about one of them.
   */
  const ledger = () =>
    count('SELECT 1 FROM credit_records WHERE subject_id = ANY($1::uuid[])', [
      [applicant.user.id, applicant2.user.id],
    ]);

  it('takes a case from report to an appeal that changes the severity, then records it', async () => {
    // Case timings are data, set through the API: seconds instead of months for this drill.
    const policy = await admin.put('/misconduct-case-policy', {
      investigation: 'PT20S',
      maxExtension: 'PT1M',
      reminderBefore: 'PT45S',
      appealWorkingDays: 15,
      appealWindowOverride: 'PT4S',
    });
    expect(policy.status).toBe(200);
    expect(policy.body).toMatchObject({ investigation: 'PT20S', appealWorkingDays: 15 });
    const projectId = randomUUID();
    const reported = await officer.post('/misconduct-cases', {
      subject: { type: 'person', id: applicant.user.id },
      projectId,
      reporter: { name: '实名举报人', contact: '0776-2800001' },
      facts: '举报其项目申报书中的研究基础部分与他人已发表论文大段雷同。',
      evidenceRefs: ['比对报告-2026-001'],
    });
    expect(reported.status).toBe(201);
    const id = reported.body.id;
    expect(reported.body.status).toBe('reported');

    const accepted = await officer.post(`/misconduct-cases/${id}/decision`, { action: 'accept' });
    expect(accepted.body.status).toBe('investigating');
    expect(accepted.body.investigationDeadline).toEqual(expect.any(String));

    // One extension, at most the policy's maximum.
    const tooLong = await officer.post(`/misconduct-cases/${id}/extension`, {
      extension: 'PT5M',
      reason: '需补充调取原始数据',
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.fields[0].path).toBe('extension');
    const extended = await officer.post(`/misconduct-cases/${id}/extension`, {
      extension: 'PT30S',
      reason: '需补充调取原始数据',
    });
    expect(extended.body.extended).toBe(true);
    expect(Date.parse(extended.body.investigationDeadline)).toBeGreaterThan(
      Date.parse(accepted.body.investigationDeadline),
    );
    expect(
      (
        await officer.post(`/misconduct-cases/${id}/extension`, {
          extension: 'PT10S',
          reason: '再次延期的申请',
        })
      ).status,
    ).toBe(409);

    // The reminder before the (extended) deadline is in the audit trail.
    await until(
      () => auditor.get(`/events?subjectType=misconduct_case&subjectId=${id}`),
      (r) => r.body.items.some((e: { type: string }) => e.type === 'case.investigation_reminder'),
    );

    const decided = await officer.post(`/misconduct-cases/${id}/finding`, {
      category: 'plagiarism',
      severity: 'serious',
      facts: '经调查，申报书研究基础部分抄袭他人论文，情节较重。',
      sanctions: ['通报批评', '取消三年申报资格'],
      decisionNo: '百科信〔2026〕1号',
      isPublic: true,
    });
    expect(decided.body.status).toBe('decided');
    // The subject appeals inside the window; someone else may not.
    expect(
      (await applicant2.post(`/misconduct-cases/${id}/appeal`, { reason: '我不是当事人，但想申诉。' }))
        .status,
    ).toBe(404);
    const appealed = await applicant.post(`/misconduct-cases/${id}/appeal`, {
      reason: '雷同部分为本人早期合作成果，已注明出处。',
    });
    expect(appealed.status).toBe(200);
    expect(appealed.body.status).toBe('under_review');
    expect(appealed.body.report).toEqual({ facts: expect.any(String) }); // the reporter stays hidden from the subject

    const reviewed = await admin.post(`/misconduct-cases/${id}/review`, {
      outcome: 'changed',
      severity: 'minor',
      reason: '复查认定部分内容已注明出处，情节较轻。',
    });
    expect(reviewed.body.status).toBe('effective');
    const done = await until(
      () => officer.get(`/misconduct-cases/${id}`),
      (r) => r.body.creditRecordId !== null,
    );

    const records = await applicant.get(`/credit-records?subjectType=person&subjectId=${applicant.user.id}`);
    expect(records.status).toBe(200);
    expect(records.body.items.find((r: { id: string }) => r.id === done.body.creditRecordId)).toMatchObject({
      kind: 'plagiarism',
      severity: 'minor',
      caseId: id,
      projectId,
      decisionNo: '百科信〔2026〕1号',
    });
    // The record points at the event that made the decision effective.
    const effective = (
      await auditor.get(`/events?subjectType=misconduct_case&subjectId=${id}`)
    ).body.items.find((e: { type: string }) => e.type === 'case.effective');
    expect(
      records.body.items.find((r: { id: string }) => r.id === done.body.creditRecordId).sourceEventId,
    ).toBe(effective.id);
    const rating = await applicant.get(`/credit/ratings/person/${applicant.user.id}`);
    expect(rating.body.rating.level).toBe('minor_breach');
    expect(rating.body.consequences.mayApply.allowed).toBe(false);
    expect(rating.body.rating.reasons[0].zh).toMatch(/[\u4e00-\u9fa5]/);

    // Public decisions list it without a login.
    const pub = await request('GET', '/public/credit-decisions?limit=200');
    expect(pub.body.items.map((r: { id: string }) => r.id)).toContain(done.body.creditRecordId);

    // 容错 is the project's path (test/project-honest-failure.e2e-spec.ts): an officer cannot
    // record an honest failure directly, here or for any project.
    const direct = await officer.post('/credit-records', {
      subject: { type: 'person', id: applicant.user.id },
      kind: 'honest_failure',
      severity: 'neutral',
      stage: 'acceptance',
      projectId,
      facts: '技术路线合理但未达预期指标，申请容错。',
      effectiveFrom: today(),
    });
    expect(direct.status).toBe(422);
    expect(direct.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['kind']);
  });

  it('bans through the eligibility gate until the ban ends on its date', async () => {
    const from = shiftDays(today(), -100);
    const rec = await officer.post('/credit-records', {
      subject: { type: 'person', id: applicant2.user.id },
      kind: 'overdue_report',
      severity: 'minor',
      stage: 'execution',
      facts: '年度进展报告逾期三个月未提交，经催告仍未提交。',
      evidenceRefs: ['催告函'],
      decisionNo: '百科信〔2026〕2号',
      effectiveFrom: from,
    });
    expect(rec.status).toBe(201);
    const gate = (at?: string) =>
      officer.post('/eligibility/check', {
        programCode: 'key-rd',
        piId: applicant2.user.id,
        institutionId: '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e03',
        ...(at ? { at } : {}),
      });
    const now = await gate();
    expect(now.status).toBe(200);
    expect(now.body.pass).toBe(false);
    expect(now.body.reasons[0].zh).toContain('陆小燕');
    const rating = await officer.get(`/credit/ratings/person/${applicant2.user.id}`);
    const banUntil: string = rating.body.rating.banUntil;
    expect(banUntil).toBe(`${Number(from.slice(0, 4)) + 1}${from.slice(4)}`);
    expect((await gate(`${shiftDays(banUntil, -1)}T12:00:00+08:00`)).body.pass).toBe(false);
    expect((await gate(`${banUntil}T00:00:00+08:00`)).body.pass).toBe(true);
  });

  it('repairs a record on an approved request: the ban lifts from the repair date', async () => {
    const record = (severity: string, effectiveFrom: string) =>
      officer.post('/credit-records', {
        subject: { type: 'person', id: applicant2.user.id },
        kind: 'failed_acceptance',
        severity,
        stage: 'acceptance',
        facts: '项目验收未通过，主要技术指标未达到任务书要求。',
        effectiveFrom,
      });
    const requests = () =>
      count('SELECT 1 FROM credit_repair_requests WHERE requested_by = ANY($1::uuid[])', [
        [applicant.user.id, applicant2.user.id],
      ]);
    const ask = (recordId: string) =>
      applicant2.post('/credit-repair-requests', {
        recordId,
        reason: '已完成整改并通过复验收，申请信用修复。',
      });

    // Too early: a minor record is published for 3 months before a repair may be asked for.
    const recent = await record('minor', shiftDays(today(), -10));
    expect(recent.status).toBe(201);
    let before = await requests();
    const early = await ask(recent.body.id);
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('rule_refused');
    expect(early.body.error.message.zh).toContain('须公示满 3 个月');
    expect(await requests()).toBe(before);

    // A serious breach is never repaired while its ban (3 years) runs, even after its 12 months.
    const serious = await record('serious', shiftDays(today(), -400));
    const banned = await ask(serious.body.id);
    expect(banned.status).toBe(422);
    expect(banned.body.error.message.zh).toContain('较重失信记录在禁止期内不得修复');
    expect(banned.body.error.message.en).toContain(
      `banned until ${`${Number(shiftDays(today(), -400).slice(0, 4)) + 3}${shiftDays(today(), -400).slice(4)}`}`,
    );
    expect(await requests()).toBe(before);

    const rec = await record('minor', shiftDays(today(), -100));
    expect(rec.status).toBe(201);
    // Someone else cannot ask; the subject can, once at a time.
    expect(
      (
        await applicant.post('/credit-repair-requests', {
          recordId: rec.body.id,
          reason: '已完成整改并通过复验收。',
        })
      ).status,
    ).toBe(404);
    const req = await applicant2.post('/credit-repair-requests', {
      recordId: rec.body.id,
      reason: '已完成整改并通过复验收，申请信用修复。',
      evidenceRefs: ['复验收报告'],
    });
    expect(req.status).toBe(201);
    expect(req.body.status).toBe('pending');
    expect(
      (
        await applicant2.post('/credit-repair-requests', {
          recordId: rec.body.id,
          reason: '重复提交的修复申请内容。',
        })
      ).status,
    ).toBe(409);
    expect(
      (await applicant2.post(`/credit-repair-requests/${req.body.id}/decision`, { decision: 'approve' }))
        .status,
    ).toBe(403);
    const noReason = await officer.post(`/credit-repair-requests/${req.body.id}/decision`, {
      decision: 'reject',
    });
    expect(noReason.status).toBe(400);

    // Four eyes: the officer who recorded the breach may not approve its repair; nothing is written.
    before = await ledger();
    const own = await officer.post(`/credit-repair-requests/${req.body.id}/decision`, {
      decision: 'approve',
    });
    expect(own.status).toBe(403);
    expect(own.body.error.message.zh).toContain('记录该失信行为的人员不得批准');
    expect(await ledger()).toBe(before);
    expect(
      await count(`SELECT 1 FROM credit_repair_requests WHERE id = $1 AND status = 'pending'`, [req.body.id]),
    ).toBe(1);
    const approved = await officer2.post(`/credit-repair-requests/${req.body.id}/decision`, {
      decision: 'approve',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', repairRecordId: expect.any(String) });
    const records = await applicant2.get(
      `/credit-records?subjectType=person&subjectId=${applicant2.user.id}`,
    );
    expect(
      records.body.items.find((r: { id: string }) => r.id === approved.body.repairRecordId),
    ).toMatchObject({
      kind: 'repair',
      severity: 'neutral',
      referencesRecordId: rec.body.id,
    });
    const rating = await applicant2.get(`/credit/ratings/person/${applicant2.user.id}`);
    expect(rating.body.rating.activeRecordIds).not.toContain(rec.body.id);
    // Already repaired: a new request is refused.
    expect(
      (
        await applicant2.post('/credit-repair-requests', {
          recordId: rec.body.id,
          reason: '再次申请修复同一记录。',
        })
      ).status,
    ).toBe(409);
  });

  it('has no route that records an honest failure for an arbitrary project id', async () => {
    // The old POST /honest-failures took any project id; 容错 is now a path of the project.
    const res = await request('POST', '/honest-failures', {
      token: officer.token,
      body: { projectId: randomUUID(), piId: applicant2.user.id },
    });
    expect(res.status).toBe(404);
  });

  it('keeps the ledger append-only in the database', async () => {
    // Every record there was, unchanged afterwards (other files add theirs meanwhile).
    const before = await rowsOf('credit_records');
    expect(before.ids.length).toBeGreaterThan(0);
    await expect(db().query(`UPDATE credit_records SET severity = 'positive'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db().query(`DELETE FROM credit_records`)).rejects.toThrow(/append-only/);
    expect(await rowsOf('credit_records', before.ids)).toEqual(before);
  });

  it('shows records to their subject, staff and auditors only', async () => {
    const own = `/credit-records?subjectType=person&subjectId=${applicant.user.id}` as const;
    expect((await applicant.get(own)).status).toBe(200);
    expect((await applicant2.get(own)).status).toBe(403);
    expect((await expert.get(own)).status).toBe(403);
    expect((await auditor.get(own)).status).toBe(200);
    expect((await instAdmin.get(`/credit/ratings/institution/${instAdmin.user.institutionId}`)).status).toBe(
      200,
    );
    expect(
      (await instAdmin.get(`/credit/ratings/institution/0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e03`)).status,
    ).toBe(403);
    const before = await ledger();
    const body = {
      subject: { type: 'person', id: applicant2.user.id },
      kind: 'excellent_acceptance',
      severity: 'positive',
      stage: 'acceptance',
      facts: '项目验收结论为优秀，成果已转化应用。',
      effectiveFrom: today(),
    };
    for (const c of [applicant, applicant2, instAdmin, expert, auditor])
      expect((await c.post('/credit-records', body)).status).toBe(403);
    expect((await applicant.post('/misconduct-cases', {})).status).toBe(403);
    expect((await applicant.post('/eligibility/check', {})).status).toBe(403);
    expect(await ledger()).toBe(before);
  });

  it('refuses inconsistent records at their paths and writes nothing', async () => {
    const before = await ledger();
    const base = {
      subject: { type: 'person', id: applicant2.user.id },
      stage: 'execution',
      facts: '用于校验的信用记录内容说明。',
      effectiveFrom: today(),
    };
    const correction = await officer.post('/credit-records', {
      ...base,
      kind: 'correction',
      severity: 'minor',
    });
    expect(correction.status).toBe(400);
    expect(correction.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['referencesRecordId']);
    const severeTolerance = await officer.post('/credit-records', {
      ...base,
      kind: 'honest_failure',
      severity: 'severe',
    });
    expect(severeTolerance.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['severity']);
    const reversed = await officer.post('/credit-records', {
      ...base,
      kind: 'overdue_report',
      severity: 'minor',
      effectiveUntil: shiftDays(today(), -1),
    });
    expect(reversed.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['effectiveUntil']);
    const dangling = await officer.post('/credit-records', {
      ...base,
      kind: 'repair',
      severity: 'neutral',
      referencesRecordId: randomUUID(),
    });
    expect(dangling.status).toBe(400);
    expect(await ledger()).toBe(before);
  });
});
