import { as, closeDb, completeDraft, Client, until, SIGN, attachRequired } from './support/api';
import { publishedCall } from './support/flows';

/**
 * The fix window (补正期): an application the officer returns after the window has closed may be
 * resubmitted for the program's fixWindow (P5D for the key R&D program), counted from the return.
 * Calls without a template take the city default, P5D (see deadline.e2e-spec.ts).
 */
describe('the fix window for returned applications', () => {
  let officer: Client;
  let admin: Client;
  let applicant: Client;
  let instAdmin: Client;

  beforeAll(async () => {
    [officer, admin, applicant, instAdmin] = await Promise.all(
      ['officer', 'admin', 'applicant', 'inst-admin'].map(as),
    );
  });
  afterAll(closeDb);

  it('lets a returned application be fixed and resubmitted after the close, until the fix window ends', async () => {
    const { callId } = await publishedCall(officer, admin, applicant, 'key-rd', {
      startsInMs: -1_000,
      endsInMs: 7_000,
    });
    const app = await applicant.post('/applications', { callId, ...completeDraft });
    await attachRequired(applicant, app.body.id);
    const id = app.body.id;
    await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(
      (await instAdmin.post(`/applications/${id}/endorsement`, { decision: 'endorse' })).body.status,
    ).toBe('submitted');
    await until(
      () => applicant.get(`/calls/${callId}`),
      (r) => r.body.status === 'closed',
    );

    const returnedAt = Date.now();
    const returned = await officer.post(`/applications/${id}/formal-check`, {
      decision: 'return',
      reason: '预算明细需按三类直接费用填写',
    });
    expect(returned.body.status).toBe('returned');
    const until5d = Date.parse(returned.body.resubmitUntil);
    expect(until5d).toBeGreaterThanOrEqual(returnedAt + 5 * 86_400_000 - 5_000);
    expect(until5d).toBeLessThanOrEqual(Date.now() + 5 * 86_400_000);

    // After the call's close, inside the fix window: fix, resubmit, endorse.
    expect(
      (
        await applicant.patch(`/applications/${id}`, {
          summary: completeDraft.summary + '（预算已按三类直接费用填写）',
        })
      ).status,
    ).toBe(200);
    const resubmitted = await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.status).toBe('awaiting_endorsement');
    const endorsed = await instAdmin.post(`/applications/${id}/endorsement`, { decision: 'endorse' });
    expect(endorsed.body.status).toBe('submitted');
    expect(endorsed.body.history.map((h: { status: string }) => h.status)).toEqual([
      'draft',
      'awaiting_endorsement',
      'submitted',
      'returned',
      'awaiting_endorsement',
      'submitted',
    ]);
    // A new application to the closed call is still refused.
    const late = await applicant.post('/applications', { callId, ...completeDraft });
    expect(late.status).toBe(422);
  });
});
