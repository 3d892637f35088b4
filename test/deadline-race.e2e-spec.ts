import { as, closeDb, completeDraft, count, createCall, Client, db, SIGN } from './support/api';

/**
 * 100 applications submitted concurrently around the deadline: the server's clock (each
 * workflow's task time) decides; every one before the deadline is accepted, every one after it is
 * refused, and none is lost or duplicated. A correctness test, not a timing.
 */
async function inBatches<T, R>(
  items: T[],
  size: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)))));
  }
  return out;
}

describe('the deadline race', () => {
  let officer: Client;
  let applicant: Client;
  beforeAll(async () => {
    [officer, applicant] = await Promise.all([as('officer'), as('applicant')]);
  });
  afterAll(closeDb);

  it('accepts exactly the submissions the server received before the deadline', async () => {
    const N = 100;
    // Long enough to create the drafts first (about 10 s here), short enough to keep the run brisk.
    const call = await createCall(officer, { closesInMs: 30_000 });
    const drafts = await inBatches(Array.from({ length: N }), 10, async (_, i) => {
      const res = await applicant.post('/applications', {
        callId: call.id,
        ...completeDraft,
        title: `${completeDraft.title}（${i + 1}）`,
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    });
    const deadline = Date.parse(call.windowEnd);
    // Fire them spread over ±1 s around the deadline, all in flight together.
    const wait = deadline - 1_000 - Date.now();
    expect(wait).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, wait));
    const results = await Promise.all(
      drafts.map(async (id, i) => {
        await new Promise((r) => setTimeout(r, i * 20));
        const res = await applicant.post(`/applications/${id}/submit`, SIGN);
        return {
          id,
          status: res.status,
          code: res.body?.error?.code as string | undefined,
          submittedAt: res.body?.submittedAt,
        };
      }),
    );

    const accepted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(accepted.length + refused.length).toBe(N);
    // Both sides of the deadline were exercised.
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    // Every refusal is the deadline (or the lapse that follows it), never an error.
    for (const r of refused) expect(['window_closed']).toContain(r.code);
    // Every acceptance happened before the deadline by the server's clock.
    for (const r of accepted) expect(Date.parse(r.submittedAt)).toBeLessThan(deadline);

    // The database agrees with every answer: no lost and no duplicated submission.
    const { rows } = await db().query(
      `SELECT a.id, a.status, a.submitted_at,
              (SELECT count(*)::int FROM domain_events e WHERE e.subject_id = a.id::text AND e.type = 'application.submitted') AS submissions
         FROM applications a WHERE a.call_id = $1`,
      [call.id],
    );
    expect(rows).toHaveLength(N);
    type Row = { id: string; status: string; submissions: number; submitted_at: Date | null };
    const byId = new Map<string, Row>(rows.map((r: Row) => [r.id, r]));
    for (const r of accepted) {
      expect(byId.get(r.id)).toMatchObject({ status: 'submitted', submissions: 1 });
    }
    for (const r of refused) {
      const row = byId.get(r.id)!;
      expect(row.submissions).toBe(0);
      expect(row.submitted_at).toBeNull();
      expect(['draft', 'lapsed']).toContain(row.status);
    }
    expect(
      await count(`SELECT 1 FROM applications WHERE call_id = $1 AND status = 'submitted'`, [call.id]),
    ).toBe(accepted.length);
  }, 120_000);
});
