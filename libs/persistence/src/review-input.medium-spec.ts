import { assignExperts } from '@kjflow/domain';
import { ExpertRepository } from './repositories/expert.repository';
import { expertRecord, reviewFixture } from './testing/review-fixtures';
import { uniqueId, useMediumDatabase } from './testing/medium';
import { loadAssignmentInput } from './review-input';

describe('loadAssignmentInput: the round’s load cap (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  it('gives each expert the lesser of their profile’s cap and the round’s, in the input the draw records', async () => {
    const { callId } = await reviewFixture(db.ds, 4, 0);
    // Experts of this test only (their keyword), with profile caps 10, 2 and 1; finance experts,
    // as the city's default panel needs one.
    const tag = `上限测试${uniqueId().slice(0, 8)}`;
    const caps = new Map<string, number>();
    for (const [i, loadCap] of [10, 2, 1].entries()) {
      const id = uniqueId();
      await new ExpertRepository(db.ds).insert(
        id,
        null,
        expertRecord(`CAP-${id.slice(0, 8)}`, {
          keywords: [tag],
          loadCap,
          finance: true,
          organisation: `上限测试单位${i}`,
        }),
      );
      caps.set(id, loadCap);
    }
    const spec = { callId, strategy: 'random' as const, k: 1, seed: 7, pool: { keywords: [tag] } };
    const at = new Date();

    const capped = await loadAssignmentInput(db.ds, { ...spec, maxPerExpert: 2 }, at);
    const byId = (xs: Array<{ id: string; loadCap: number }>) =>
      Object.fromEntries(xs.map((e) => [e.id, e.loadCap]));
    expect(byId(capped.input.experts)).toEqual(
      Object.fromEntries([...caps].map(([id, c]) => [id, Math.min(c, 2)])),
    );
    expect(capped.profileLoadCaps).toEqual(capped.input.experts.map((e) => caps.get(e.id)));
    // The draw keeps to it: four applications, one expert each, none above two.
    const drawn = assignExperts(capped.input);
    const loads = Object.values(drawn.perExpertLoad);
    expect(loads.reduce((s, n) => s + n, 0)).toBe(4);
    expect(Math.max(...loads)).toBeLessThanOrEqual(2);

    // Without the round's cap: the profiles' caps, as before.
    const uncapped = await loadAssignmentInput(db.ds, spec, at);
    expect(byId(uncapped.input.experts)).toEqual(Object.fromEntries(caps));
  });
});
