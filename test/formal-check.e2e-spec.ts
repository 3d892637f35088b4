import { as, closeDb, completeDraft, count, createCall, Client, request } from './support/api';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The formal check's automatic rules (credit gate, 限项, budget cap, completeness) with their
 * reasons, batch decisions with a result per item, and the published list of those that passed.
 * `applicant3` is used only here, so the credit records other files write do not interfere.
 */
describe('formal check (形式审查)', () => {
  let officer: Client;
  let applicant: Client;
  let applicant3: Client;
  let auditor: Client;

  beforeAll(async () => {
    [officer, applicant, applicant3, auditor] = await Promise.all(
      ['officer', 'applicant', 'applicant3', 'auditor'].map(as),
    );
  });
  afterAll(closeDb);

  const rule = (items: Array<{ rule: string }>, name: string) => items.find((i) => i.rule === name) as any;

  it('warns at submission and explains each rule to the officer, at its boundaries', async () => {
    const call = await createCall(officer, { budgetCapFen: 30_000_000 });
    // Exactly at the cap passes.
    const first = await applicant3.post('/applications', {
      callId: call.id,
      ...completeDraft,
      requestedFen: 30_000_000,
    });
    const submitted = await applicant3.post(`/applications/${first.body.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(
      submitted.body.checklist.map((i: { rule: string; outcome: string }) => [i.rule, i.outcome]),
    ).toEqual([
      ['credit', 'pass'],
      ['concurrent_limit', 'pass'],
      ['budget_cap', 'pass'],
      ['region', 'pass'], // 百色职业学院 is registered in 右江区
      ['content_complete', 'pass'],
    ]);
    expect(rule(submitted.body.checklist, 'budget_cap').reasons[0].zh).toBe(
      '申请经费 ¥300,000.00，上限 ¥300,000.00',
    );

    // A second application by the same PI in the same call breaks the city's 限项 (1 per call).
    const second = await applicant3.post('/applications', { callId: call.id, ...completeDraft });
    const secondSubmitted = await applicant3.post(`/applications/${second.body.id}/submit`);
    expect(rule(secondSubmitted.body.checklist, 'concurrent_limit')).toMatchObject({
      outcome: 'fail',
      reasons: [
        {
          zh: '项目负责人在本批次共有 2 项申报，限 1 项',
          en: 'The PI has 2 application(s) in this call; the limit is 1',
        },
      ],
    });

    // A credit record bans the PI: the officer's checklist now fails the credit rule, naming why.
    const rec = await officer.post('/credit-records', {
      subject: { type: 'person', id: applicant3.user.id },
      kind: 'overdue_report',
      severity: 'minor',
      stage: 'execution',
      facts: '上一项目年度报告逾期未提交，经催告仍未提交。',
      effectiveFrom: today(),
    });
    expect(rec.status).toBe(201);
    const checklist = await officer.get(`/applications/${first.body.id}/checklist`);
    expect(checklist.status).toBe(200);
    const credit = rule(checklist.body.items, 'credit');
    expect(credit.outcome).toBe('fail');
    expect(credit.reasons[0].zh).toContain('覃强');
    // Every run is kept with its reasons.
    const runs = await auditor.get(`/events?subjectType=application&subjectId=${first.body.id}`);
    const kept = runs.body.items.filter((e: { type: string }) => e.type === 'application.formal_check_run');
    expect(kept.map((e: { payload: { stage: string } }) => e.payload.stage)).toEqual(['submission', 'check']);
  });

  it('decides a batch with a result per item, then publishes the list of those that passed', async () => {
    const call = await createCall(officer);
    const other = await createCall(officer);
    const make = async (callId: string, submit = true) => {
      const a = await applicant.post('/applications', { callId, ...completeDraft });
      if (submit) expect((await applicant.post(`/applications/${a.body.id}/submit`)).status).toBe(200);
      return a.body.id as string;
    };
    const [pass, ret, draft, foreign] = [
      await make(call.id),
      await make(call.id),
      await make(call.id, false),
      await make(other.id),
    ];

    expect((await request('GET', `/public/calls/${call.id}/passed-list`)).status).toBe(404);
    const before = await count(
      `SELECT 1 FROM domain_events WHERE type LIKE 'application.%' AND subject_id = ANY($1)`,
      [[draft, foreign]],
    );
    const res = await officer.post(`/calls/${call.id}/formal-check/decisions`, {
      decisions: [
        { applicationId: pass, decision: 'pass' },
        { applicationId: ret, decision: 'return', reason: '缺少依托单位承诺书' },
        { applicationId: draft, decision: 'pass' },
        { applicationId: foreign, decision: 'reject', reason: '不属于本批次的申报' },
      ],
    });
    expect(res.status).toBe(200);
    expect(
      res.body.results.map((r: { ok: boolean; status: string | null; error: { code: string } | null }) => [
        r.ok,
        r.status,
        r.error?.code ?? null,
      ]),
    ).toEqual([
      [true, 'formal_check_passed', null],
      [true, 'returned', null],
      [false, null, 'invalid_state'],
      [false, null, 'not_found'],
    ]);
    // The refused items changed nothing.
    expect(
      await count(`SELECT 1 FROM domain_events WHERE type LIKE 'application.%' AND subject_id = ANY($1)`, [
        [draft, foreign],
      ]),
    ).toBe(before);

    const published = await officer.post(`/calls/${call.id}/passed-list`);
    expect(published.status).toBe(200);
    const pub = await request('GET', `/public/calls/${call.id}/passed-list`);
    expect(pub.status).toBe(200);
    expect(pub.body.applications).toEqual([
      { id: pass, title: completeDraft.title, institution: '百色学院' },
    ]);
  });

  it('keeps the checklist, batches and publication to staff', async () => {
    const call = await createCall(officer);
    const a = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    expect((await applicant.get(`/applications/${a.body.id}/checklist`)).status).toBe(403);
    expect((await auditor.get(`/applications/${a.body.id}/checklist`)).status).toBe(200);
    expect(
      (
        await applicant.post(`/calls/${call.id}/formal-check/decisions`, {
          decisions: [{ applicationId: a.body.id, decision: 'pass' }],
        })
      ).status,
    ).toBe(403);
    expect((await auditor.post(`/calls/${call.id}/passed-list`)).status).toBe(403);
    const bad = await officer.post(`/calls/${call.id}/formal-check/decisions`, {
      decisions: [{ applicationId: 'x', decision: 'maybe' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'decisions.0.applicationId',
      'decisions.0.decision',
    ]);
  });
});
