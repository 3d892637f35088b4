import { as, closeDb, completeDraft, createCall, Client, readAll, SIGN } from './support/api';
import { waitForClose } from './support/flows';

/** Every submitted version is kept as submitted; officers see what changed between two. */
describe('submitted versions and their diff', () => {
  let officer: Client;
  let applicant: Client;
  let applicant2: Client;

  beforeAll(async () => {
    [officer, applicant, applicant2] = await Promise.all(['officer', 'applicant', 'applicant2'].map(as));
  });
  afterAll(closeDb);

  it('keeps each submission and shows the officer the changed fields', async () => {
    const call = await createCall(officer, { closesInMs: 2_500 });
    const app = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    const id = app.body.id;
    await applicant.post(`/applications/${id}/submit`, SIGN);
    // Returned once the call has closed, resubmitted in the fix window.
    await waitForClose(officer, call.id);
    await officer.post(`/applications/${id}/formal-check`, {
      decision: 'return',
      reason: '请压缩预算并补充摘要',
    });
    await applicant.patch(`/applications/${id}`, {
      summary: completeDraft.summary + '（补充）',
      requestedFen: 20_000_000,
    });
    await applicant.post(`/applications/${id}/submit`, SIGN);

    const versions = await applicant.get(`/applications/${id}/versions`);
    expect(versions.status).toBe(200);
    expect(
      versions.body.items.map((v: { submission: number; content: { requestedFen: number } }) => [
        v.submission,
        v.content.requestedFen,
      ]),
    ).toEqual([
      [1, completeDraft.requestedFen],
      [2, 20_000_000],
    ]);
    // One version a page: the same versions, in order, each once.
    const paged = await readAll(applicant, `/applications/${id}/versions`, 1);
    expect(paged.items.map((v: { submission: number }) => v.submission)).toEqual([1, 2]);
    expect(paged.pages).toBe(2);

    const diff = await officer.get(`/applications/${id}/versions/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual([
      { path: 'requestedFen', before: completeDraft.requestedFen, after: 20_000_000 },
      { path: 'summary', before: completeDraft.summary, after: completeDraft.summary + '（补充）' },
    ]);

    expect((await applicant2.get(`/applications/${id}/versions`)).status).toBe(404);
    expect((await applicant.get(`/applications/${id}/versions/diff?from=1&to=2`)).status).toBe(403);
    const missing = await officer.get(`/applications/${id}/versions/diff?from=1&to=3`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['to']);
  });
});
