import { Client as TemporalClient, Connection } from '@temporalio/client';
import { as, closeDb, completeDraft, count, createCall, Client, SIGN } from './support/api';
import { waitForClose } from './support/flows';

/**
 * The walking skeleton, as its users do it: an officer opens a call, an applicant drafts, edits
 * and submits, the call closes, the officer returns it with a reason, the applicant fixes and
 * resubmits in the fix window, the officer passes the formal check. Everything through HTTP; the
 * worker and Temporal are real.
 */
describe('walking skeleton: call → application → formal check', () => {
  let officer: Client;
  let applicant: Client;
  let auditor: Client;

  beforeAll(async () => {
    [officer, applicant, auditor] = await Promise.all([as('officer'), as('applicant'), as('auditor')]);
  });
  afterAll(closeDb);

  it('runs the whole skeleton lifecycle and records every transition', async () => {
    // A window of seconds: the formal check starts only once it has closed.
    const call = await createCall(officer, { budgetCapFen: 50_000_000, closesInMs: 3_000 });
    expect(call.status).toBe('open');
    expect(call.windowEndLocal).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Asia\/Shanghai\)$/);

    const listed = await applicant.get('/calls?limit=200');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(call.id);

    const created = await applicant.post('/applications', { callId: call.id, title: completeDraft.title });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      version: 1,
      content: { title: completeDraft.title },
    });
    expect(created.headers.get('etag')).toBe('"1"');
    const id: string = created.body.id;

    const edited = await applicant.patch(
      `/applications/${id}`,
      // Everything but the title, in one edit (a PATCH replaces whole top-level parts).
      Object.fromEntries(Object.entries(completeDraft).filter(([k]) => k !== 'title')),
      { 'if-match': '"1"' },
    );
    expect(edited.status).toBe(200);
    // The PI reads their own identity number; everyone else a masked one.
    expect(edited.body).toMatchObject({ version: 2, content: { ...completeDraft } });
    expect(edited.headers.get('etag')).toBe('"2"');

    const submitted = await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect(new Date(submitted.body.submittedAt).getTime()).toBeLessThanOrEqual(Date.now());

    const queue = await officer.get(`/calls/${call.id}/applications?status=submitted`);
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((a: { id: string }) => a.id)).toEqual([id]);

    await waitForClose(officer, call.id);
    const returned = await officer.post(`/applications/${id}/formal-check`, {
      decision: 'return',
      reason: '缺少依托单位科研诚信承诺书',
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    expect(returned.body.statusLabel).toEqual({ zh: '退回修改', en: 'Returned for revision' });
    // A call without a program has the city's fix window (P5D), counted from the return.
    expect(Date.parse(returned.body.resubmitUntil)).toBeGreaterThan(Date.now() + 4 * 86_400_000);

    const fixed = await applicant.patch(`/applications/${id}`, {
      summary: completeDraft.summary + '（已补充承诺书）',
    });
    expect(fixed.status).toBe(200);
    const resubmitted = await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.status).toBe('submitted');

    const passed = await officer.post(`/applications/${id}/formal-check`, { decision: 'pass' });
    expect(passed.status).toBe(200);
    expect(passed.body.status).toBe('formal_check_passed');

    const detail = await applicant.get(`/applications/${id}`);
    expect(detail.body.history.map((h: { status: string }) => h.status)).toEqual([
      'draft',
      'submitted',
      'returned',
      'submitted',
      'formal_check_passed',
    ]);
    expect(detail.body.history[2]).toMatchObject({
      event: 'application.returned',
      reason: '缺少依托单位科研诚信承诺书',
      actorId: officer.user.id,
    });

    const mine = await applicant.get('/applications/mine');
    expect(mine.body.items.find((a: { id: string }) => a.id === id)?.status).toBe('formal_check_passed');

    // The audit trail: exactly one event per change, in order, readable by an auditor.
    const events = await auditor.get(`/events?subjectType=application&subjectId=${id}`);
    expect(events.status).toBe(200);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
      'application.created',
      'application.draft_saved',
      'application.submitted',
      'application.pledge_signed', // the PI signed the integrity pledge with the first submission
      'application.formal_check_run', // the formal-check rules run at each submission, as warnings
      'application.returned',
      'application.draft_saved',
      'application.submitted',
      'application.formal_check_run',
      'application.formal_check_passed',
    ]);
    const sequences = events.body.items.map((e: { sequence: string }) => BigInt(e.sequence));
    expect([...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(sequences);
    expect(await count('SELECT 1 FROM domain_events WHERE subject_id = $1', [id])).toBe(10);
  });

  it("makes a call's workflows findable in Temporal by KjCallId", async () => {
    const call = await createCall(officer);
    const app = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    expect(app.status).toBe(201);

    const connection = await Connection.connect({ address: process.env.KJ_TEST_TEMPORAL_ADDRESS });
    try {
      const client = new TemporalClient({ connection });
      // Visibility is eventually consistent: poll briefly.
      let ids: string[] = [];
      for (let i = 0; i < 40 && ids.length < 2; i++) {
        ids = [];
        for await (const wf of client.workflow.list({ query: `KjCallId='${call.id}'` }))
          ids.push(wf.workflowId);
        if (ids.length < 2) await new Promise((r) => setTimeout(r, 250));
      }
      expect(ids.sort()).toEqual([`application-${app.body.id}`, `call-${call.id}`].sort());
    } finally {
      await connection.close();
    }
  });
});
