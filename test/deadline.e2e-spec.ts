import { as, closeDb, completeDraft, count, createCall, Client, until, SIGN } from './support/api';
import { waitForClose } from './support/flows';

/**
 * The server's clock decides the deadline: the call workflow closes the window on its timer,
 * late submissions are refused with the deadline in Beijing time, drafts left unsubmitted lapse,
 * and an application returned at the formal check (after the close) is revised in the fix
 * window. Windows here are seconds long; production windows are weeks, with the same code.
 */
describe('the application window', () => {
  let officer: Client;
  let applicant: Client;

  beforeAll(async () => {
    [officer, applicant] = await Promise.all([as('officer'), as('applicant')]);
  });
  afterAll(closeDb);

  it('refuses a submission after the deadline, shows the deadline in Asia/Shanghai, and lapses the draft', async () => {
    const call = await createCall(officer, { closesInMs: 5_000 });
    const late = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    const onTime = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    expect(late.status).toBe(201);
    expect(onTime.status).toBe(201);

    // Submitted before the deadline: accepted.
    const accepted = await applicant.post(`/applications/${onTime.body.id}/submit`, SIGN);
    expect(accepted.status).toBe(200);

    // The call workflow's timer closes the window.
    const closed = await until(
      () => applicant.get(`/calls/${call.id}`),
      (r) => r.body.status === 'closed',
    );
    expect(closed.body.status).toBe('closed');

    // The draft left unsubmitted lapses when the window closes.
    const lapsed = await until(
      () => applicant.get(`/applications/${late.body.id}`),
      (r) => r.body.status === 'lapsed',
    );
    expect(lapsed.body.submittedAt).toBeNull();
    expect(lapsed.body.history.map((h: { status: string }) => h.status)).toEqual(['draft', 'lapsed']);

    // A late submission is refused with the deadline in Beijing time, and writes nothing.
    const eventsBefore = await count('SELECT 1 FROM domain_events WHERE subject_id = $1', [late.body.id]);
    const refused = await applicant.post(`/applications/${late.body.id}/submit`, SIGN);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('window_closed');
    const localDeadline = call.windowEndLocal.replace(' (Asia/Shanghai)', '');
    expect(refused.body.error.message.zh).toContain(`截止时间为 ${localDeadline}（北京时间）`);
    expect(refused.body.error.message.en).toContain(`${localDeadline} (Asia/Shanghai)`);
    expect(await count('SELECT 1 FROM domain_events WHERE subject_id = $1', [late.body.id])).toBe(
      eventsBefore,
    );
    expect((await applicant.get(`/applications/${late.body.id}`)).body.status).toBe('lapsed');

    // The one submitted in time is untouched and still waits for its formal check.
    const kept = await applicant.get(`/applications/${onTime.body.id}`);
    expect(kept.body.status).toBe('submitted');
  });

  it('returns an application only after the close, with the fix window for revising it (P5D without a program)', async () => {
    const call = await createCall(officer, { closesInMs: 2_500 });
    const app = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    const id = app.body.id;
    expect((await applicant.post(`/applications/${id}/submit`, SIGN)).status).toBe(200);

    // The formal check starts once the call has closed; a return then opens the fix window
    // (补正期), counted from the return: the city default for a call made without a program.
    await waitForClose(officer, call.id);
    const returnedAt = Date.now();
    const returned = await officer.post(`/applications/${id}/formal-check`, {
      decision: 'return',
      reason: '预算说明不完整，请补充',
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    const fixUntil = Date.parse(returned.body.resubmitUntil);
    expect(fixUntil).toBeGreaterThanOrEqual(returnedAt + 5 * 86_400_000 - 5_000);
    expect(fixUntil).toBeLessThanOrEqual(Date.now() + 5 * 86_400_000);

    // Others can no longer apply; the returned one is revised and resubmitted.
    const late = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('window_closed');
    expect(
      (await applicant.patch(`/applications/${id}`, { summary: completeDraft.summary + '（补充预算说明）' }))
        .status,
    ).toBe(200);
    const resubmitted = await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.history.map((h: { status: string }) => h.status)).toEqual([
      'draft',
      'submitted',
      'returned',
      'submitted',
    ]);
  });

  it('refuses a submission before the window opens, naming the opening time', async () => {
    const call = await createCall(officer, { opensInMs: 60 * 60_000, closesInMs: 2 * 60 * 60_000 });
    expect(call.status).toBe('scheduled');
    const app = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    expect(app.status).toBe(201);
    const refused = await applicant.post(`/applications/${app.body.id}/submit`, SIGN);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('window_not_open');
    expect(refused.body.error.message.zh).toMatch(
      /申报尚未开始，开始时间为 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）/,
    );
    expect((await applicant.get(`/applications/${app.body.id}`)).body.status).toBe('draft');
  });
});
