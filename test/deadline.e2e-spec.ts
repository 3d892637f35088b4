import { as, closeDb, completeDraft, count, createCall, Client, until, SIGN } from './support/api';

/**
 * The server's clock decides the deadline: the call workflow closes the window on its timer,
 * late submissions are refused with the deadline in Beijing time, and drafts left unsubmitted
 * lapse. Windows here are seconds long; production windows are weeks, with the same code.
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

  it('lets a returned application be resubmitted only while the window is open', async () => {
    const call = await createCall(officer, { closesInMs: 6_000 });
    const app = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    const id = app.body.id;
    expect((await applicant.post(`/applications/${id}/submit`, SIGN)).status).toBe(200);
    expect(
      (
        await officer.post(`/applications/${id}/formal-check`, {
          decision: 'return',
          reason: '预算说明不完整，请补充',
        })
      ).status,
    ).toBe(200);

    await until(
      () => applicant.get(`/calls/${call.id}`),
      (r) => r.body.status === 'closed',
    );
    const refused = await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('window_closed');

    const lapsed = await until(
      () => applicant.get(`/applications/${id}`),
      (r) => r.body.status === 'lapsed',
    );
    expect(lapsed.body.history.map((h: { status: string }) => h.status)).toEqual([
      'draft',
      'submitted',
      'returned',
      'lapsed',
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
