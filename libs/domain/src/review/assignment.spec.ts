import {
  AssignmentInputData,
  AssignmentResult,
  assignExperts,
  ASSIGNMENT_SOLVER_VERSION,
  createPrng,
  replacementDraw,
  sampleFractionalAssignment,
  sha256Hex,
  solveFractionalAssignment,
} from './assignment';
import { createHash } from 'node:crypto';
import { candidateLists, Qualifier } from './assignment/candidates';
import { FlowNetwork } from './assignment/flow';
import { buildProblem } from './assignment/schema';
import { Sha256 } from './assignment/sha256';
import { caught, HAN } from '../kernel/spec-helpers';

type Input = AssignmentInputData;

/** Every rule of the request, checked on a result. */
function expectValid(input: Input, r: AssignmentResult): void {
  const experts = new Map(input.experts.map((e) => [e.id, e]));
  const apps = new Map(input.applications.map((a) => [a.id, a]));
  const forbidden = new Set((input.forbidden ?? []).map((f) => `${f.applicationId}|${f.expertId}`));
  const m = input.panel.maxPerOrganisation ?? 1;
  const load = new Map<string, number>();
  const panels = new Map<string, string[]>();
  for (const pair of r.pairs) {
    expect(forbidden.has(`${pair.applicationId}|${pair.expertId}`)).toBe(false);
    const e = experts.get(pair.expertId)!;
    expect(apps.get(pair.applicationId)!.organisationIds).not.toContain(e.organisationId);
    load.set(pair.expertId, (load.get(pair.expertId) ?? 0) + 1);
    panels.set(pair.applicationId, [...(panels.get(pair.applicationId) ?? []), pair.expertId]);
  }
  for (const [id, n] of load) {
    expect(n).toBeLessThanOrEqual(experts.get(id)!.loadCap);
    expect(r.perExpertLoad[id]).toBe(n);
  }
  for (const app of input.applications) {
    const panel = panels.get(app.id) ?? [];
    expect(panel).toHaveLength(input.k);
    expect(new Set(panel).size).toBe(input.k);
    const perOrg = new Map<string, number>();
    for (const id of panel)
      perOrg.set(experts.get(id)!.organisationId, (perOrg.get(experts.get(id)!.organisationId) ?? 0) + 1);
    for (const n of perOrg.values()) expect(n).toBeLessThanOrEqual(m);
    const fin = panel.filter((id) => experts.get(id)!.finance);
    const iss = panel.filter((id) => experts.get(id)!.issuerRepresentative);
    if (input.panel.atLeastOneFinance) expect(fin.length).toBeGreaterThanOrEqual(1);
    if (input.panel.issuerRepresentativeRequired) {
      expect(iss.length).toBeGreaterThanOrEqual(1);
      expect(new Set([...fin, ...iss]).size).toBeGreaterThanOrEqual(2);
    }
  }
}

/** Best total affinity (hundredths) by enumerating every panel of every application; −1 if none. */
function bruteForce(input: Input): number {
  const experts = input.experts;
  const forbidden = new Set((input.forbidden ?? []).map((f) => `${f.applicationId}|${f.expertId}`));
  const aff = new Map(
    (input.affinities ?? []).map((x) => [`${x.applicationId}|${x.expertId}`, Math.round(x.affinity * 100)]),
  );
  const m = input.panel.maxPerOrganisation ?? 1;
  const subsets = (n: number, k: number): number[][] => {
    if (k === 0) return [[]];
    const out: number[][] = [];
    for (let i = n - 1; i >= k - 1; i--) for (const s of subsets(i, k - 1)) out.push([...s, i]);
    return out;
  };
  const options = input.applications.map((app) => {
    const qualified = experts
      .map((e, i) => ({ e, i }))
      .filter(
        ({ e }) =>
          e.loadCap > 0 &&
          !forbidden.has(`${app.id}|${e.id}`) &&
          !app.organisationIds.includes(e.organisationId),
      );
    return subsets(qualified.length, input.k)
      .map((s) => s.map((j) => qualified[j]))
      .filter((panel) => {
        const perOrg = new Map<string, number>();
        for (const { e } of panel) perOrg.set(e.organisationId, (perOrg.get(e.organisationId) ?? 0) + 1);
        if ([...perOrg.values()].some((n) => n > m)) return false;
        const fin = panel.filter(({ e }) => e.finance).length;
        const iss = panel.filter(({ e }) => e.issuerRepresentative).length;
        const either = panel.filter(({ e }) => e.finance || e.issuerRepresentative).length;
        if (input.panel.atLeastOneFinance && fin === 0) return false;
        if (
          input.panel.issuerRepresentativeRequired &&
          (iss === 0 || (input.panel.atLeastOneFinance && either < 2))
        )
          return false;
        return true;
      })
      .map((panel) => ({
        experts: panel.map(({ i }) => i),
        value: panel.reduce((s, { e }) => s + (aff.get(`${app.id}|${e.id}`) ?? 0), 0),
      }));
  });
  const load = new Array(experts.length).fill(0);
  let best = -1;
  const walk = (a: number, total: number) => {
    if (a === options.length) {
      best = Math.max(best, total);
      return;
    }
    for (const o of options[a]) {
      if (o.experts.some((i) => load[i] >= experts[i].loadCap)) continue;
      for (const i of o.experts) load[i]++;
      walk(a + 1, total + o.value);
      for (const i of o.experts) load[i]--;
    }
  };
  walk(0, 0);
  return best;
}

/** Small random instance; finance experts sit in finance-only organisations unless `mixed`. */
function tinyInstance(seed: number, opts: { mixed?: boolean; issuer?: boolean } = {}): Input {
  const rng = createPrng(seed);
  const nA = 2 + rng.nextInt(3);
  const nE = 4 + rng.nextInt(3);
  const experts = Array.from({ length: nE }, (_, i) => {
    const finance = i < 2;
    const org = finance && !opts.mixed ? `F${i}` : `O${rng.nextInt(3)}`;
    return {
      id: `E${i}`,
      organisationId: org,
      loadCap: 1 + rng.nextInt(3),
      finance,
      ...(opts.issuer ? { issuerRepresentative: i === 1 || i === 2 } : {}),
    };
  });
  const applications = Array.from({ length: nA }, (_, a) => ({
    id: `A${a}`,
    organisationIds: [`O${rng.nextInt(4)}`],
  }));
  const affinities = applications.flatMap((app) =>
    experts
      .filter(() => rng.nextInt(4) > 0)
      .map((e) => ({ applicationId: app.id, expertId: e.id, affinity: rng.nextInt(101) / 100 })),
  );
  const forbidden = applications.flatMap((app) =>
    experts.filter(() => rng.nextInt(8) === 0).map((e) => ({ applicationId: app.id, expertId: e.id })),
  );
  return {
    applications,
    experts,
    affinities,
    forbidden,
    k: 2,
    panel: { atLeastOneFinance: true, issuerRepresentativeRequired: opts.issuer },
    seed,
    strategy: 'optimal',
  };
}

// Hand-checked instance: A1 needs its finance expert E1 (E5 is of its own organisation) and may
// not take E4 beside E1 (same organisation O4); A3 takes E3 + E5 (1.05); A2 takes E2 plus a
// finance expert (0.70). Optimum 0.90 + 0.70 + 1.05 = 2.65.
const HAND: Input = {
  applications: [
    { id: 'A1', organisationIds: ['O1'] },
    { id: 'A2', organisationIds: ['O2'] },
    { id: 'A3', organisationIds: ['O3'] },
  ],
  experts: [
    { id: 'E1', organisationId: 'O4', loadCap: 2, finance: true },
    { id: 'E2', organisationId: 'O5', loadCap: 2, finance: false },
    { id: 'E3', organisationId: 'O6', loadCap: 2, finance: false },
    { id: 'E4', organisationId: 'O4', loadCap: 2, finance: false },
    { id: 'E5', organisationId: 'O1', loadCap: 2, finance: true },
  ],
  affinities: [
    { applicationId: 'A1', expertId: 'E1', affinity: 0.9 },
    { applicationId: 'A1', expertId: 'E4', affinity: 0.8 },
    { applicationId: 'A2', expertId: 'E2', affinity: 0.7 },
    { applicationId: 'A3', expertId: 'E3', affinity: 0.5 },
    { applicationId: 'A3', expertId: 'E5', affinity: 0.55 },
  ],
  k: 2,
  panel: { atLeastOneFinance: true },
  seed: 42,
  strategy: 'optimal',
};

describe('optimal strategy', () => {
  it('finds the hand-computed optimum and respects every rule', () => {
    const r = assignExperts(HAND);
    expect(r.totalAffinity).toBe(2.65);
    expectValid(HAND, r);
    expect(r.pairs.filter((p) => p.applicationId === 'A3').map((p) => p.expertId)).toEqual(['E3', 'E5']);
    expect(r.pairs.some((p) => p.applicationId === 'A1' && p.expertId === 'E4')).toBe(false);
    expect(r.solverVersion).toBe(ASSIGNMENT_SOLVER_VERSION);
    expect(r.inputHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('solves a plain transportation case exactly (no panel rules): each application its two best', () => {
    const input: Input = {
      applications: [
        { id: 'A', organisationIds: [] },
        { id: 'B', organisationIds: [] },
      ],
      experts: ['X', 'Y', 'Z'].map((id) => ({ id, organisationId: `O${id}`, loadCap: 1, finance: false })),
      affinities: [
        { applicationId: 'A', expertId: 'X', affinity: 0.9 },
        { applicationId: 'A', expertId: 'Y', affinity: 0.8 },
        { applicationId: 'B', expertId: 'X', affinity: 0.85 },
        { applicationId: 'B', expertId: 'Z', affinity: 0.1 },
      ],
      k: 1,
      panel: { atLeastOneFinance: false },
      seed: 1,
      strategy: 'optimal',
    };
    // A: X or Y; B: X or Z. Best: A–Y (0.8) + B–X (0.85) = 1.65 beats A–X + B–Z = 1.0.
    const r = assignExperts(input);
    expect(r.pairs.map((p) => `${p.applicationId}${p.expertId}`)).toEqual(['AY', 'BX']);
    expect(r.totalAffinity).toBe(1.65);
  });

  it('spreads load among equally good experts (convex load cost)', () => {
    const input: Input = {
      applications: Array.from({ length: 4 }, (_, i) => ({ id: `A${i}`, organisationIds: [] })),
      experts: ['X', 'Y'].map((id) => ({ id, organisationId: `O${id}`, loadCap: 4, finance: false })),
      k: 1,
      panel: { atLeastOneFinance: false },
      seed: 1,
      strategy: 'optimal',
    };
    expect(assignExperts(input).perExpertLoad).toEqual({ X: 2, Y: 2 });
  });

  it('equals the brute-force optimum on small random instances', () => {
    let compared = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const input = tinyInstance(seed, { issuer: seed % 3 === 0 });
      const best = bruteForce(input);
      if (best < 0) {
        expect(() => assignExperts(input)).toThrow();
        continue;
      }
      const r = assignExperts(input);
      expectValid(input, r);
      expect(Math.round(r.totalAffinity * 100)).toBe(best);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('stays exact when organisations mix finance and other experts (branch and bound)', () => {
    let compared = 0;
    for (let seed = 100; seed < 180; seed++) {
      const input = tinyInstance(seed, { mixed: true, issuer: seed % 4 === 0 });
      const best = bruteForce(input);
      if (best < 0) {
        expect(() => assignExperts(input)).toThrow();
        continue;
      }
      const r = assignExperts(input);
      expectValid(input, r);
      expect(Math.round(r.totalAffinity * 100)).toBe(best);
      expect(r.stats.provedOptimal).toBe(true);
      if (r.stats.tighteningRounds > 0) compared++;
    }
    // Some of them needed the branch and bound.
    expect(compared).toBeGreaterThan(3);
  });
});

describe('min-cost flow warm start (used by the greedy tightening of large requests)', () => {
  it('re-optimises after pairs are taken out exactly as a cold solve of the smaller network', () => {
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = createPrng(seed);
      const experts = Array.from({ length: 25 + rng.nextInt(10) }, (_, i) => ({
        id: `E${i}`,
        organisationId: `O${rng.nextInt(6)}`,
        loadCap: 2 + rng.nextInt(6),
        finance: rng.nextInt(3) === 0,
      }));
      const applications = Array.from({ length: 15 + rng.nextInt(20) }, (_, a) => ({
        id: `A${a}`,
        organisationIds: [`O${rng.nextInt(8)}`],
      }));
      const affinities = applications.flatMap((app) =>
        experts
          .filter(() => rng.nextInt(3) > 0)
          .map((e) => ({ applicationId: app.id, expertId: e.id, affinity: rng.nextInt(101) / 100 })),
      );
      const scale = 1 + rng.nextInt(3);
      const p = buildProblem({
        applications,
        experts,
        affinities,
        k: 2 + rng.nextInt(2),
        panel: { atLeastOneFinance: true },
        seed,
        strategy: 'optimal',
      });
      const cand = candidateLists(p, new Qualifier(p), undefined, 1, scale);
      if (cand.shortfalls.length) continue;
      const cost = cand.aff.map((h) => 100 - h);
      const spec = { p, cand, scale, pairCap: 1, costHundredths: cost };
      const warm = new FlowNetwork({ ...spec, excluded: new Set() });
      if (warm.solve().length) continue;
      const excluded = new Set<number>();
      const removed: number[] = [];
      for (let i = 0; i < warm.nPairs; i++)
        if (warm.pairFlow(i) > 0 && rng.nextInt(6) === 0) {
          removed.push(i);
          excluded.add(warm.pairApp[i] * p.nE + warm.pairExpert[i]);
        }
      const warmFailed = warm.removePairsAndRepair(removed).length > 0;
      const cold = new FlowNetwork({ ...spec, excluded });
      expect(warmFailed).toBe(cold.solve().length > 0);
      if (warmFailed) continue;
      const value = (net: FlowNetwork) => {
        let total = 0;
        for (let i = 0; i < net.nPairs; i++) total += net.pairFlow(i) * cost[net.pairCand[i]];
        return total;
      };
      expect(value(warm)).toBe(value(cold));
      for (let a = 0; a < p.nA; a++) {
        let seats = 0;
        for (let i = warm.appPairStart[a]; i < warm.appPairStart[a + 1]; i++) seats += warm.pairFlow(i);
        expect(seats).toBe(p.k * scale);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });
});

describe('random strategy (随机抽取)', () => {
  it('draws valid panels, reproducibly, and different ones for another seed', () => {
    const input: Input = { ...tinyInstance(7), strategy: 'random' };
    const base = { ...input, experts: input.experts.map((e) => ({ ...e, loadCap: 3 })) };
    const r1 = assignExperts(base);
    expectValid(base, r1);
    expect(assignExperts(base)).toEqual(r1);
    const others = new Set<string>();
    for (let seed = 0; seed < 20; seed++)
      others.add(JSON.stringify(assignExperts({ ...base, seed }).pairs.map((p) => p.expertId)));
    expect(others.size).toBeGreaterThan(1);
  });

  it('draws every qualified expert about equally often', () => {
    const experts = Array.from({ length: 6 }, (_, i) => ({
      id: `E${i}`,
      organisationId: `O${i}`,
      loadCap: 50,
      finance: false,
    }));
    const input: Input = {
      applications: [{ id: 'A', organisationIds: ['O0'] }],
      experts,
      k: 2,
      panel: { atLeastOneFinance: false },
      seed: 0,
      strategy: 'random',
    };
    const counts = new Map<string, number>();
    const runs = 2000;
    for (let seed = 0; seed < runs; seed++)
      for (const p of assignExperts({ ...input, seed }).pairs)
        counts.set(p.expertId, (counts.get(p.expertId) ?? 0) + 1);
    expect(counts.has('E0')).toBe(false); // own organisation
    for (let i = 1; i < 6; i++) expect(Math.abs(counts.get(`E${i}`)! / runs - 0.4)).toBeLessThan(0.05);
  });

  it('keeps finance experts for the finance seats when they are scarce', () => {
    const experts = [
      ...Array.from({ length: 3 }, (_, i) => ({
        id: `F${i}`,
        organisationId: `FO${i}`,
        loadCap: 2,
        finance: true,
      })),
      ...Array.from({ length: 6 }, (_, i) => ({
        id: `N${i}`,
        organisationId: `NO${i}`,
        loadCap: 3,
        finance: false,
      })),
    ];
    const input: Input = {
      applications: Array.from({ length: 6 }, (_, a) => ({ id: `A${a}`, organisationIds: [] })),
      experts,
      k: 3,
      panel: { atLeastOneFinance: true },
      seed: 0,
      strategy: 'random',
    };
    for (let seed = 0; seed < 30; seed++) {
      const r = assignExperts({ ...input, seed });
      expectValid(input, r);
      expect(r.stats.flowFallback).toBeUndefined();
    }
  });
});

const RANDOMIZED: Input = {
  applications: Array.from({ length: 4 }, (_, a) => ({ id: `A${a}`, organisationIds: [`H${a}`] })),
  experts: Array.from({ length: 7 }, (_, i) => ({
    id: `E${i}`,
    organisationId: i === 5 ? 'O4' : `O${i}`,
    loadCap: 3,
    finance: i < 2,
  })),
  affinities: [
    { applicationId: 'A0', expertId: 'E2', affinity: 0.9 },
    { applicationId: 'A0', expertId: 'E3', affinity: 0.7 },
    { applicationId: 'A1', expertId: 'E2', affinity: 0.8 },
    { applicationId: 'A1', expertId: 'E4', affinity: 0.6 },
    { applicationId: 'A2', expertId: 'E5', affinity: 0.95 },
    { applicationId: 'A2', expertId: 'E0', affinity: 0.3 },
    { applicationId: 'A3', expertId: 'E6', affinity: 0.4 },
    { applicationId: 'A3', expertId: 'E1', affinity: 0.2 },
  ],
  forbidden: [{ applicationId: 'A3', expertId: 'E2' }],
  k: 2,
  panel: { atLeastOneFinance: true },
  seed: 3,
  strategy: 'randomized',
  maxProbability: 0.5,
};
describe('randomized strategy', () => {
  const input = RANDOMIZED;

  it('has fractional marginals capped at q with k per application and loads within caps', () => {
    const fr = solveFractionalAssignment(input);
    const perApp = new Map<string, number>();
    const perExpert = new Map<string, number>();
    for (const m of fr.marginals) {
      expect(m.probability).toBeGreaterThan(0);
      expect(m.probability).toBeLessThanOrEqual(0.5);
      perApp.set(m.applicationId, (perApp.get(m.applicationId) ?? 0) + m.probability);
      perExpert.set(m.expertId, (perExpert.get(m.expertId) ?? 0) + m.probability);
    }
    for (const app of input.applications) expect(perApp.get(app.id)).toBeCloseTo(2, 9);
    for (const n of perExpert.values()) expect(n).toBeLessThanOrEqual(3 + 1e-9);
    // Capping at q = 0.5 costs affinity against the deterministic optimum.
    const optimal = assignExperts({ ...input, strategy: 'optimal' });
    expect(fr.expectedTotalAffinity).toBeLessThanOrEqual(optimal.totalAffinity);
  });

  it('samples every pair with its fractional probability (dependent rounding), always valid', () => {
    const fr = solveFractionalAssignment(input);
    const runs = 4000;
    const counts = new Map<string, number>();
    for (let seed = 0; seed < runs; seed++) {
      const r = sampleFractionalAssignment(fr, seed);
      if (seed < 200) expectValid(input, r);
      for (const p of r.pairs)
        counts.set(
          `${p.applicationId}|${p.expertId}`,
          (counts.get(`${p.applicationId}|${p.expertId}`) ?? 0) + 1,
        );
    }
    const marginal = new Map(fr.marginals.map((m) => [`${m.applicationId}|${m.expertId}`, m.probability]));
    for (const pair of counts.keys()) expect(marginal.has(pair)).toBe(true);
    // σ ≤ 0.5 / √4000 ≈ 0.008: 0.04 is five σ.
    for (const [pair, p] of marginal) {
      const freq = (counts.get(pair) ?? 0) / runs;
      expect(Math.abs(freq - p)).toBeLessThan(0.04);
      expect(freq).toBeLessThanOrEqual(0.5 + 0.04);
    }
  });

  it('is what assignExperts returns, reproducibly', () => {
    const r = assignExperts(input);
    expect(r).toEqual(sampleFractionalAssignment(solveFractionalAssignment(input), input.seed));
    expect(assignExperts(input)).toEqual(r);
    expect(r.maxProbability).toBe(0.5);
    expectValid(input, r);
  });

  it('names the applications the cap starves of experts', () => {
    const err = caught(() => assignExperts({ ...input, maxProbability: 0.2 }));
    expect(err.code).toBe('validation_failed');
    expect(err.bilingual.en).toContain('A3');
    expect(err.bilingual.zh).toMatch(HAN);
    expect(err.bilingual.zh).toContain('0.2');
  });
});

describe('determinism and the input hash', () => {
  /** The same request with every list reversed and every object's keys in another order. */
  const shuffle = (input: Input): Input => ({
    strategy: input.strategy,
    seed: input.seed,
    ...(input.maxProbability !== undefined ? { maxProbability: input.maxProbability } : {}),
    panel: { maxPerOrganisation: 1, ...input.panel },
    k: input.k,
    forbidden: [...(input.forbidden ?? [])]
      .reverse()
      .map(({ expertId, applicationId }) => ({ expertId, applicationId })),
    affinities: [...(input.affinities ?? [])]
      .reverse()
      .map(({ affinity, expertId, applicationId }) => ({ expertId, affinity, applicationId })),
    experts: [...input.experts]
      .reverse()
      .map(({ loadCap, id, finance, organisationId }) => ({ finance, organisationId, id, loadCap })),
    applications: [...input.applications]
      .reverse()
      .map(({ organisationIds, id }) => ({ organisationIds: [...organisationIds].reverse(), id })),
  });

  it('gives the same result for the same request, whatever the key and list order', () => {
    for (const input of [HAND, { ...HAND, strategy: 'random' as const }, RANDOMIZED]) {
      const a = assignExperts(input);
      expect(assignExperts(shuffle(input))).toEqual(a);
      expect(assignExperts(input)).toEqual(a);
    }
    expect(assignExperts({ ...HAND, seed: 43 }).inputHash).not.toBe(assignExperts(HAND).inputHash);
    // Quantisation: 0.904 means 0.90, so it is the same request.
    const rounded = {
      ...HAND,
      affinities: HAND.affinities!.map((x) => ({ ...x, affinity: x.affinity + 0.004 })),
    };
    expect(assignExperts(rounded).inputHash).toBe(assignExperts(HAND).inputHash);
  });

  it('hashes with SHA-256', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // Bytes and varints go into the same stream: 300 = LEB128 [0xac, 0x02].
    const bytes = new Sha256().update('ab').byte(0x63).varint(300).hex();
    expect(bytes).toBe(
      createHash('sha256')
        .update(Buffer.from([0x61, 0x62, 0x63, 0xac, 0x02]))
        .digest('hex'),
    );
    for (const text of ['评审专家 😀', 'x'.repeat(20000) + '中', 'a'.repeat(55), 'a'.repeat(64)])
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('draws from a seeded generator that is uniform enough', () => {
    const a = createPrng(123);
    const b = createPrng(123);
    const seq = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seq);
    const counts = new Array(10).fill(0);
    const rng = createPrng(9);
    for (let i = 0; i < 20000; i++) counts[rng.nextInt(10)]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});

describe('infeasible requests', () => {
  it('name each application lacking qualified experts, with qualified and needed counts, in zh and en', () => {
    const input: Input = {
      ...HAND,
      forbidden: [
        { applicationId: 'A2', expertId: 'E1' },
        { applicationId: 'A2', expertId: 'E3' },
        { applicationId: 'A2', expertId: 'E4' },
        { applicationId: 'A2', expertId: 'E5' },
      ],
    };
    const err = caught(() => assignExperts(input));
    expect(err.code).toBe('validation_failed');
    expect(err.status).toBe(400);
    expect(err.bilingual.zh).toContain('A2');
    expect(err.bilingual.zh).toContain('合格专家 1 名，需要 2 名');
    expect(err.bilingual.en).toContain('A2 (1 qualified, 2 needed');
    expect(err.bilingual.en).not.toContain('A1');
    expect(err.fields).toEqual([
      { path: 'applications.1', message: expect.objectContaining({ zh: expect.stringContaining('A2') }) },
    ]);
    for (const strategy of ['random', 'randomized'] as const)
      expect(caught(() => assignExperts({ ...input, strategy, maxProbability: 0.5 })).bilingual.en).toContain(
        'A2',
      );
  });

  it('name an application without a qualified finance expert', () => {
    const input: Input = { ...HAND, forbidden: [{ applicationId: 'A1', expertId: 'E1' }] };
    const err = caught(() => assignExperts(input));
    expect(err.bilingual.en).toContain('A1 (no qualified finance expert)');
    expect(err.bilingual.zh).toContain('缺少合格的财务专家');
  });

  it('name the applications left over when load caps run out', () => {
    const input: Input = {
      applications: ['A', 'B', 'C'].map((id) => ({ id, organisationIds: [] })),
      experts: ['X', 'Y'].map((id) => ({ id, organisationId: id, loadCap: 1, finance: false })),
      k: 1,
      panel: { atLeastOneFinance: false },
      seed: 0,
      strategy: 'optimal',
    };
    const err = caught(() => assignExperts(input));
    expect(err.bilingual.en).toMatch(
      /1 application\(s\) cannot get a full panel: C \(2 qualified, but their load caps are used up by 2 other/,
    );
    expect(err.bilingual.zh).toContain('评审名额已被另外 2 个项目用满');
  });

  it('reject malformed requests field by field', () => {
    const err = caught(() =>
      assignExperts({ ...HAND, affinities: [{ applicationId: 'A1', expertId: 'NOPE', affinity: 0.5 }] }),
    );
    expect(err.fields).toEqual([
      { path: 'affinities.0.expertId', message: { zh: '未知的专家：NOPE', en: 'Unknown expert NOPE' } },
    ]);
    expect(
      caught(() =>
        assignExperts({ ...HAND, affinities: [{ applicationId: 'A1', expertId: 'E1', affinity: 2 }] }),
      ).fields[0].path,
    ).toBe('affinities.0.affinity');
    expect(caught(() => assignExperts({ ...HAND, strategy: 'randomized' })).fields[0].path).toBe(
      'maxProbability',
    );
  });
});

describe('replacementDraw', () => {
  const input: Input = {
    applications: [
      { id: 'A', organisationIds: ['H'] },
      { id: 'B', organisationIds: ['H'] },
    ],
    experts: [
      { id: 'F1', organisationId: 'X', loadCap: 2, finance: true },
      { id: 'F2', organisationId: 'Y', loadCap: 2, finance: true },
      { id: 'F3', organisationId: 'H', loadCap: 2, finance: true },
      { id: 'N1', organisationId: 'Z', loadCap: 2, finance: false },
      { id: 'N2', organisationId: 'X', loadCap: 2, finance: false },
      { id: 'N3', organisationId: 'W', loadCap: 1, finance: false },
      { id: 'N4', organisationId: 'V', loadCap: 2, finance: false },
    ],
    k: 2,
    panel: { atLeastOneFinance: true },
    seed: 0,
    strategy: 'optimal',
  };
  const current = [
    { applicationId: 'A', expertId: 'F1' },
    { applicationId: 'A', expertId: 'N1' },
    { applicationId: 'B', expertId: 'F2' },
    { applicationId: 'B', expertId: 'N3' },
  ];

  it('replaces a dropped finance expert with a finance expert of another organisation', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const r = replacementDraw({ input, current, drop: { applicationId: 'A', expertId: 'F1' }, seed });
      seen.add(r.expertId);
      expect(r.eligible).toBe(1);
    }
    // F1 dropped, F3 is of A's own organisation: only F2 remains.
    expect([...seen]).toEqual(['F2']);
  });

  it('draws uniformly among eligible experts, skipping excluded, full and same-organisation ones', () => {
    const seen = new Map<string, number>();
    for (let seed = 0; seed < 100; seed++) {
      const r = replacementDraw({
        input,
        current,
        drop: { applicationId: 'A', expertId: 'N1' },
        excludedExpertIds: ['N4'],
        seed,
      });
      seen.set(r.expertId, (seen.get(r.expertId) ?? 0) + 1);
    }
    // N1 dropped; N2 shares F1's organisation, N3 is full, N4 excluded, F3 own organisation:
    // F2 is eligible (second finance expert is fine).
    expect([...seen.keys()].sort()).toEqual(['F2']);
    const again = replacementDraw({ input, current, drop: { applicationId: 'A', expertId: 'N1' }, seed: 5 });
    expect(
      replacementDraw({ input, current, drop: { applicationId: 'A', expertId: 'N1' }, seed: 5 }),
    ).toEqual(again);
  });

  it('is uniform when several are eligible', () => {
    const counts = new Map<string, number>();
    const runs = 2000;
    for (let seed = 0; seed < runs; seed++) {
      const r = replacementDraw({ input, current, drop: { applicationId: 'B', expertId: 'N3' }, seed });
      counts.set(r.expertId, (counts.get(r.expertId) ?? 0) + 1);
    }
    // B keeps F2 (org Y): eligible are F1, N1, N2, N4 (F3 own organisation, N3 dropped).
    expect([...counts.keys()].sort()).toEqual(['F1', 'N1', 'N2', 'N4']);
    for (const n of counts.values()) expect(Math.abs(n / runs - 0.25)).toBeLessThan(0.04);
  });

  it('names the application when nobody is eligible', () => {
    const err = caught(() =>
      replacementDraw({
        input,
        current,
        drop: { applicationId: 'A', expertId: 'F1' },
        excludedExpertIds: ['F2'],
        seed: 1,
      }),
    );
    expect(err.code).toBe('validation_failed');
    expect(err.bilingual.zh).toContain('申报项目 A 没有可替补的专家');
    expect(err.bilingual.en).toContain('application A');
  });

  it('rejects a drop that is not in the current assignment', () => {
    const err = caught(() =>
      replacementDraw({ input, current, drop: { applicationId: 'B', expertId: 'N1' }, seed: 1 }),
    );
    expect(err.fields[0].path).toBe('drop');
  });
});
