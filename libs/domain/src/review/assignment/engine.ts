import { Arena, withReserve } from './arena';
import {
  analysePool,
  CandidateLists,
  candidateLists,
  infeasibleError,
  Qualifier,
  qualifiedExperts,
  requiredRoles,
  Shortfall,
} from './candidates';
import { canonicalInputHash } from './canonical';
import { FlowNetwork, groupKey } from './flow';
import { createPrng } from './prng';
import { drawRandomAssignment } from './random';
import { roundDependent, RoundingNetwork, roundingNetwork } from './rounding';
import {
  AssignmentSolverVersion,
  AssignmentStrategy,
  buildProblem,
  Problem,
  solverVersionOf,
} from './schema';

export interface AssignedPair {
  applicationId: string;
  expertId: string;
  affinity: number;
}

export interface PairProbability {
  applicationId: string;
  expertId: string;
  affinity: number;
  /** randomized: the pair's marginal probability (its value in the fractional optimum), ≤ q. */
  probability: number;
}

export interface AssignmentResult {
  strategy: AssignmentStrategy;
  seed: number;
  /** SHA-256 of the canonical request (see canonicalInputHash). */
  inputHash: string;
  solverVersion: string;
  /** Sorted by application id, then expert id. */
  pairs: AssignedPair[];
  totalAffinity: number;
  /** Every expert, 0 included. */
  perExpertLoad: Record<string, number>;
  /** randomized: q as applied (quantised to 0.01). */
  maxProbability?: number;
  /** randomized: expected total affinity (the fractional optimum). */
  expectedTotalAffinity?: number;
  /** randomized: every pair with a positive probability. */
  marginals?: PairProbability[];
  stats: {
    /** Pairs the flow considered (optimal/randomized) or qualified pairs (random). */
    candidatePairs: number;
    /**
     * Flow strategies: extra solves spent on organisations that overfilled a panel across role
     * types (branch-and-bound nodes, or greedy tightening rounds on large requests).
     */
    tighteningRounds: number;
    /**
     * Flow strategies: true when the result is proved optimal over the candidate pairs (for
     * randomized: the fractional optimum among flows whose every rounding keeps
     * maxPerOrganisation, i.e. each organisation's seats on a panel split among its role types in
     * whole seats); false when the greedy tightening or the node budget left a possible gap, or
     * (randomized, solvers 1.0.0 and 2.0.0) when the flow is not such a flow: its samples may seat
     * too many experts of one organisation. Pruning by candidateLimit is outside this proof.
     */
    provedOptimal?: boolean;
    /** random: the sequential draw could not complete and a seeded random-cost flow was used. */
    flowFallback?: boolean;
  };
}

/** Tightening rounds before giving up (each round removes candidate pairs, so it terminates). */
const MAX_TIGHTENING_ROUNDS = 50;

interface FlowSolution {
  net: FlowNetwork;
  cand: CandidateLists;
  /** Branch-and-bound nodes or greedy tightening rounds beyond the first solve. */
  rounds: number;
  /** The flow optimum is the optimum of the request (no relaxation gap left). */
  proved: boolean;
}

/** Applications whose flow exceeds maxPerOrganisation (× scale) from one organisation. */
function orgViolations(p: Problem, net: FlowNetwork): Array<{ app: number; org: number }> {
  const out: Array<{ app: number; org: number }> = [];
  const perOrg = new Int32Array(p.nOrgs);
  const touched: number[] = [];
  const limit = p.maxPerOrg * net.scale;
  for (let a = 0; a < p.nA; a++) {
    for (let i = net.appPairStart[a]; i < net.appPairStart[a + 1]; i++) {
      const f = net.pairFlow(i);
      if (f === 0) continue;
      const o = p.expertOrg[net.pairExpert[i]];
      if (perOrg[o] === 0) touched.push(o);
      perOrg[o] += f;
    }
    for (const o of touched) {
      if (perOrg[o] > limit) out.push({ app: a, org: o });
      perOrg[o] = 0;
    }
    touched.length = 0;
  }
  return out;
}

/**
 * Applications whose flow, once rounded, could seat more than maxPerOrganisation experts of one
 * organisation: per role type the most experts a dependent rounding can pick from the
 * organisation is the number of its experts with flow, or, where a group node caps the type
 * (more candidates than its seats, see flow.ts), ⌈flow / scale⌉ if that is fewer; the
 * organisation is over when these add up to more than maxPerOrganisation. Rounding keeps each
 * group arc within one whole seat of its flow but does not tie the types together, so a flow
 * with, say, half a seat to an organisation's finance expert and half to its other expert
 * (maxPerOrganisation 1) is within the organisation's limit as a fraction, yet its samples seat
 * both experts in some of them. Organisations in the order of their first pair with flow.
 * With whole flows (scale 1, the integral strategies) this is orgViolations exactly, same order.
 *
 * Only the pairs with flow are read (FlowNetwork.flowPairsOf): reading every pair's flow took
 * 0.3 s a call at national scale, several calls per solve.
 */
function roundingViolations(p: Problem, net: FlowNetwork): Array<{ app: number; org: number }> {
  const out: Array<{ app: number; org: number }> = [];
  const mask = (p.financeRule ? 1 : 0) | (p.issuerRule ? 2 : 0);
  const b = net.scale;
  // Per (organisation, role type) of the current application: pairs with flow, flow.
  const used = new Int32Array(4 * p.nOrgs);
  const flow = new Int32Array(4 * p.nOrgs);
  const grouped = new Uint8Array(4 * p.nOrgs);
  const touchedOrgs: number[] = [];
  const seen = new Uint8Array(p.nOrgs);
  const keys: number[] = [];
  let most = 0;
  for (let a = 0; a < p.nA; a++) most = Math.max(most, net.appPairStart[a + 1] - net.appPairStart[a]);
  const pairs = new Int32Array(most);
  const flows = new Int32Array(most);
  for (let a = 0; a < p.nA; a++) {
    const n = net.flowPairsOf(a, pairs, flows);
    for (let j = 0; j < n; j++) {
      const i = pairs[j];
      const e = net.pairExpert[i];
      const o = p.expertOrg[e];
      const key = o * 4 + (p.expertFlags[e] & mask);
      if (!seen[o]) {
        seen[o] = 1;
        touchedOrgs.push(o);
      }
      if (used[key]++ === 0) {
        keys.push(key);
        grouped[key] = net.pairGrouped(i) ? 1 : 0;
      }
      flow[key] += flows[j];
    }
    for (const o of touchedOrgs) {
      let seats = 0;
      for (let t = 0; t < 4; t++) {
        const key = o * 4 + t;
        if (used[key] === 0) continue;
        seats += grouped[key] ? Math.min(used[key], Math.ceil(flow[key] / b)) : used[key];
      }
      if (seats > p.maxPerOrg) out.push({ app: a, org: o });
      seen[o] = 0;
    }
    for (const key of keys) used[key] = flow[key] = 0;
    keys.length = 0;
    touchedOrgs.length = 0;
  }
  return out;
}

/**
 * Whether the solver checks a randomized flow for the rounding's seats (roundingViolations)
 * rather than for the organisation's flow (orgViolations): 3.0.0 on. The two agree on whole
 * flows, so only the randomized strategy's results differ between 2.0.0 and 3.0.0.
 */
function checksRoundedSeats(solver: AssignmentSolverVersion): boolean {
  return solver !== 'kjflow-assign/1.0.0' && solver !== 'kjflow-assign/2.0.0';
}

/**
 * Greedy repair for large requests: make an organisation that overfilled a panel (one expert per
 * role type) offer one role type only to that application: keep the type carrying the most flow,
 * preferring the role-carrying one (then the best affinity among its used pairs), unless
 * dropping the others would leave the application without any candidate for a required role;
 * the other types' pairs are excluded. A restriction, not an exact branch: the result meets
 * every rule and is optimal for the restricted candidates, but may fall short of the true
 * optimum (stats.provedOptimal is then false; the benchmark reports the gap to the LP bound).
 */
function tighten(
  p: Problem,
  net: FlowNetwork,
  cand: CandidateLists,
  excluded: Set<number>,
  v: { app: number; org: number },
): void {
  const { app: a, org } = v;
  const live = (e: number) => !excluded.has(a * p.nE + e);
  const stats = new Map<number, { flow: number; best: number }>();
  for (let i = net.appPairStart[a]; i < net.appPairStart[a + 1]; i++) {
    const e = net.pairExpert[i];
    if (p.expertOrg[e] !== org) continue;
    const type = p.expertFlags[e] & ((p.financeRule ? 1 : 0) | (p.issuerRule ? 2 : 0));
    const s = stats.get(type) ?? { flow: 0, best: -1 };
    const f = net.pairFlow(i);
    if (f > 0) {
      s.flow += f;
      s.best = Math.max(s.best, cand.aff[net.pairCand[i]]);
    }
    stats.set(type, s);
  }
  const order = [...stats.entries()].sort(
    (x, y) => y[1].flow - x[1].flow || y[0] - x[0] || y[1].best - x[1].best,
  );
  const mask = (p.financeRule ? 1 : 0) | (p.issuerRule ? 2 : 0);
  const removalFor = (keep: number) => {
    const out: number[] = [];
    for (let i = cand.start[a]; i < cand.start[a + 1]; i++) {
      const e = cand.expert[i];
      if (p.expertOrg[e] === org && (p.expertFlags[e] & mask) !== keep && live(e)) out.push(e);
    }
    return out;
  };
  const rolesLeft = (removed: number[]) =>
    requiredRoles(p).every((role) => {
      for (let i = cand.start[a]; i < cand.start[a + 1]; i++) {
        const e = cand.expert[i];
        if (p.expertFlags[e] & role && live(e) && !removed.includes(e)) return true;
      }
      return false;
    });
  let removal = removalFor(order[0][0]);
  for (const [type] of order) {
    const r = removalFor(type);
    if (rolesLeft(r)) {
      removal = r;
      break;
    }
  }
  for (const e of removal) excluded.add(a * p.nE + e);
}

function capacityShortfalls(
  p: Problem,
  q: Qualifier,
  failed: Array<{ app: number; competing: number }>,
  scale: number,
  pairCap: number,
): Shortfall[] {
  const seen = new Set<number>();
  const once = failed.filter(({ app }) => !seen.has(app) && seen.add(app));
  return once.map(({ app, competing }) => {
    const pool = qualifiedExperts(p, q, app);
    const own = analysePool(p, app, pool, pairCap, scale);
    return (
      own ?? {
        applicationId: p.appIds[app],
        inputIndex: p.appInputIndex[app],
        qualified: pool.length,
        usable: pool.length,
        needed: p.k,
        missingRoles: [],
        competingApplications: competing,
        ...(pairCap < scale ? { maxProbability: pairCap / scale } : {}),
      }
    );
  });
}

/** The flow's objective as a value to maximise (Σ flow · (100 − cost)): the branch-and-bound bound. */
function flowValue(net: FlowNetwork, cost: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < net.nPairs; i++) total += net.pairFlow(i) * (100 - cost[net.pairCand[i]]);
  return total;
}

/** Role types among application a's candidates from organisation org. */
function typesAt(p: Problem, cand: CandidateLists, a: number, org: number): number[] {
  const mask = (p.financeRule ? 1 : 0) | (p.issuerRule ? 2 : 0);
  const types = new Set<number>();
  for (let i = cand.start[a]; i < cand.start[a + 1]; i++)
    if (p.expertOrg[cand.expert[i]] === org) types.add(p.expertFlags[cand.expert[i]] & mask);
  return [...types].sort((x, y) => y - x);
}

/** Every split of m seats among the types (compositions), most seats to the first type first. */
function splits(m: number, types: number): number[][] {
  if (types === 1) return [[m]];
  const out: number[][] = [];
  for (let first = m; first >= 0; first--)
    for (const rest of splits(m - first, types - 1)) out.push([first, ...rest]);
  return out;
}

/**
 * Work allowed to the branch and bound, in candidate pairs solved (about 2 s on the benchmark's
 * 2-core machine); requests above a quarter of it go straight to the greedy tightening.
 */
const BRANCH_AND_BOUND_WORK = 600_000;

/**
 * Exact handling of organisations that overfill a panel across role types: branch and bound on
 * how the organisation's maxPerOrganisation seats are split among its role types for that
 * application (every split is a network again), bounded by the relaxation's affinity. Each node
 * is a full solve, so it runs only while the total work stays within BRANCH_AND_BOUND_WORK;
 * returns null when it found no valid solution within that budget.
 *
 * The children cover every whole split, so a completed search is exact for the problem of whole
 * splits, provided a node is a leaf only when its flow lies in it. With whole flows "within the
 * organisation's limit" says so; with fractional ones (randomized) it does not: 1.0.0 and 2.0.0
 * accept a flow whose organisation's seat is half a finance expert's and half another's, which no
 * whole split holds and the rounding may turn into both; which such flow the search meets
 * depends on the optimum the flow found first (the two solvers reported different "proved"
 * totals on one round, both above the exact optimum). solveFlow reports those as not proved;
 * 3.0.0 branches on them (roundingViolations), so its leaves are flows of the problem.
 */
function branchAndBound(
  p: Problem,
  cand: CandidateLists,
  spec: { scale: number; pairCap: number; cost: Uint8Array; solver: AssignmentSolverVersion },
  root: FlowNetwork,
): { net: FlowNetwork; nodes: number; proved: boolean } | null {
  const roundedSeats = checksRoundedSeats(spec.solver);
  let best: FlowNetwork | null = null;
  let bestValue = -1;
  let work = 0;
  let nodes = 0;
  const stack: Array<Map<number, number>> = [new Map()];
  while (stack.length) {
    const caps = stack.pop()!;
    let net = root;
    if (nodes > 0) {
      if (work > BRANCH_AND_BOUND_WORK) return best ? { net: best, nodes, proved: false } : null;
      net = new FlowNetwork({
        p,
        cand,
        excluded: new Set(),
        groupCaps: caps,
        scale: spec.scale,
        pairCap: spec.pairCap,
        costHundredths: spec.cost,
        solver: spec.solver,
      });
      if (net.solve().length) {
        nodes++;
        work += net.nPairs;
        continue;
      }
      work += net.nPairs;
    }
    nodes++;
    const value = flowValue(net, spec.cost);
    if (value <= bestValue) continue;
    const violations = roundedSeats ? roundingViolations(p, net) : orgViolations(p, net);
    if (violations.length === 0) {
      best = net;
      bestValue = value;
      continue;
    }
    // Children: every violation at its preferred split (the dive, explored first), then for each
    // violation in turn its other splits with the earlier ones preferred and the later ones
    // free. These children partition the remaining choices, so nothing is lost.
    const options = violations.map(({ app, org }) => {
      const types = typesAt(p, cand, app, org);
      return { app, org, types, splits: splits(p.maxPerOrg, types.length) };
    });
    const assign = (caps: Map<number, number>, o: (typeof options)[number], split: number[]) =>
      o.types.forEach((t, i) => caps.set(groupKey(p, o.app, o.org, t), split[i]));
    const children: Array<Map<number, number>> = [];
    const dive = new Map(caps);
    for (const o of options) assign(dive, o, o.splits[0]);
    children.push(dive);
    options.forEach((o, i) => {
      for (const split of o.splits.slice(1)) {
        const child = new Map(caps);
        for (const earlier of options.slice(0, i)) assign(child, earlier, earlier.splits[0]);
        assign(child, o, split);
        children.push(child);
      }
    });
    for (const child of children.reverse()) stack.push(child);
  }
  return best ? { net: best, nodes, proved: true } : null;
}

/**
 * Min-cost flow over the candidate pairs. When organisations overfill panels across role types
 * (the relaxation), small and medium requests go to the branch and bound (exact); large ones, or
 * when its budget runs out empty-handed, are tightened greedily (warm-started re-optimisation).
 * Throws the infeasibility error when some application cannot be filled.
 */
function solveFlow(
  p: Problem,
  q: Qualifier,
  solver: AssignmentSolverVersion,
  scale: number,
  pairCap: number,
  costHundredths?: (cand: CandidateLists) => Uint8Array,
): FlowSolution {
  const cand = candidateLists(p, q, p.input.candidateLimit, pairCap, scale);
  if (cand.shortfalls.length) throw infeasibleError(cand.shortfalls);
  const cost = costHundredths ? costHundredths(cand) : cand.aff.map((h) => 100 - h);
  const excluded = new Set<number>();
  const net = new FlowNetwork({ p, cand, excluded, scale, pairCap, costHundredths: cost, solver });
  let failed = net.solve();
  if (failed.length) throw infeasibleError(capacityShortfalls(p, q, failed, scale, pairCap));
  const roundedSeats = checksRoundedSeats(solver);
  const violations = () => (roundedSeats ? roundingViolations(p, net) : orgViolations(p, net));
  // 1.0.0 and 2.0.0 accept a randomized flow within each organisation's limit as a fraction;
  // where its rounding could still seat too many of one organisation, the flow is outside the
  // problem their branch and bound splits (whole seats per role type), which then proves nothing:
  // such a result is not proved optimal (and its samples may break the rule; 3.0.0 branches there).
  const whole = (n: FlowNetwork) => roundedSeats || roundingViolations(p, n).length === 0;
  // The check is pure: each round's violations are the last check's (no second pass over the flow).
  let found = violations();
  if (found.length === 0) return { net, cand, rounds: 0, proved: whole(net) };
  if (net.nPairs * 4 <= BRANCH_AND_BOUND_WORK) {
    const bb = branchAndBound(p, cand, { scale, pairCap, cost, solver }, net);
    if (bb) return { net: bb.net, cand, rounds: bb.nodes - 1, proved: bb.proved && whole(bb.net) };
  }
  for (let round = 1; ; round++) {
    const removed: number[] = [];
    for (const v of found) {
      const before = excluded.size;
      tighten(p, net, cand, excluded, v);
      if (excluded.size === before) continue;
      for (let i = net.appPairStart[v.app]; i < net.appPairStart[v.app + 1]; i++)
        if (excluded.has(v.app * p.nE + net.pairExpert[i])) removed.push(i);
    }
    failed = net.removePairsAndRepair(removed);
    if (failed.length) throw infeasibleError(capacityShortfalls(p, q, failed, scale, pairCap));
    found = violations();
    if (found.length === 0) return { net, cand, rounds: round, proved: false };
    if (round >= MAX_TIGHTENING_ROUNDS)
      throw new Error('assignment: per-organisation tightening did not settle');
  }
}

function loadsOf(p: Problem, keys: Float64Array): Record<string, number> {
  const load = new Int32Array(p.nE);
  for (let i = 0; i < keys.length; i++) load[keys[i] % p.nE]++;
  const out: Record<string, number> = {};
  p.expertIds.forEach((id, e) => (out[id] = load[e]));
  return out;
}

/** Affinity of (a, e) in hundredths; 0 when unlisted. */
function affinityOf(p: Problem, a: number, e: number): number {
  let lo = p.affStart[a];
  let hi = p.affStart[a + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = p.affExpert[mid];
    if (x === e) return p.affValue[mid];
    if (x < e) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

function result(
  p: Problem,
  inputHash: string,
  solverVersion: AssignmentSolverVersion,
  pairs: Array<[number, number]> | Float64Array,
  stats: AssignmentResult['stats'],
): AssignmentResult {
  // Pairs as numbers a · nE + e, sorted numerically: half a million tuples sorted by a
  // comparator took a second at national scale.
  const keys = pairs instanceof Float64Array ? pairs : Float64Array.from(pairs, ([a, e]) => a * p.nE + e);
  keys.sort();
  let total = 0;
  const out: AssignedPair[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const e = keys[i] % p.nE;
    const a = (keys[i] - e) / p.nE;
    const h = affinityOf(p, a, e);
    total += h;
    out[i] = { applicationId: p.appIds[a], expertId: p.expertIds[e], affinity: h / 100 };
  }
  return {
    strategy: p.input.strategy,
    seed: p.input.seed,
    inputHash,
    solverVersion,
    pairs: out,
    totalAffinity: total / 100,
    perExpertLoad: loadsOf(p, keys),
    stats,
  };
}

/** Pairs of a solved flow that carry a whole unit (the integral strategies), as result keys. */
function wholePairs(p: Problem, net: FlowNetwork): Float64Array {
  const { pairs, flows } = net.flowPairList();
  let n = 0;
  for (let j = 0; j < pairs.length; j++) if (flows[j] === 1) n++;
  const keys = new Float64Array(n);
  n = 0;
  for (let j = 0; j < pairs.length; j++)
    if (flows[j] === 1) keys[n++] = net.pairApp[pairs[j]] * p.nE + net.pairExpert[pairs[j]];
  return keys;
}

/** The fractional optimum behind the randomized strategy, ready to be sampled many times. */
export interface FractionalAssignment {
  inputHash: string;
  solverVersion: AssignmentSolverVersion;
  maxProbability: number;
  expectedTotalAffinity: number;
  marginals: PairProbability[];
  candidatePairs: number;
  tighteningRounds: number;
  provedOptimal: boolean;
  /** Internal: the problem and the fractional flow as an edge list. */
  readonly problem: Problem;
  readonly rounding: RoundingNetwork;
  readonly pairApp: Int32Array;
  readonly pairExpert: Int32Array;
}

function fractional(
  p: Problem,
  q: Qualifier,
  inputHash: string,
  solverVersion: AssignmentSolverVersion,
): FractionalAssignment {
  const { net, cand, rounds, proved } = solveFlow(p, q, solverVersion, p.qDen, p.qNum);
  const marginals: PairProbability[] = [];
  let expected = 0;
  const flowPairs = net.flowPairList();
  for (let j = 0; j < flowPairs.pairs.length; j++) {
    const i = flowPairs.pairs[j];
    const f = flowPairs.flows[j];
    const h = cand.aff[net.pairCand[i]];
    expected += h * f;
    marginals.push({
      applicationId: p.appIds[net.pairApp[i]],
      expertId: p.expertIds[net.pairExpert[i]],
      affinity: h / 100,
      probability: f / p.qDen,
    });
  }
  return {
    inputHash,
    solverVersion,
    maxProbability: p.qNum / p.qDen,
    expectedTotalAffinity: Math.round(expected / p.qDen) / 100,
    marginals,
    candidatePairs: net.nPairs,
    tighteningRounds: rounds,
    provedOptimal: proved,
    problem: p,
    rounding: roundingNetwork(net, flowPairs),
    pairApp: net.pairApp,
    pairExpert: net.pairExpert,
  };
}

/** Requests below this many listed pairs allocate step by step (their collections are cheap). */
const RESERVE_FROM_PAIRS = 200_000;

/**
 * An upper bound on the bytes the typed arrays of one flow solve take (the request's index, the
 * candidate lists, the network; see Arena and withReserve), from the raw request's sizes; 0 for
 * small requests, and only the index without a candidateLimit (the lists are then unbounded).
 * The sums mirror the arenas of buildProblem, candidateLists and FlowNetwork.
 */
function reserveBytes(data: unknown): number {
  if (typeof data !== 'object' || data === null) return 0;
  const d = data as Record<string, unknown>;
  const length = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const nA = length(d.applications);
  const nE = length(d.experts);
  const nAff = length(d.affinities);
  const nForb = length(d.forbidden);
  if (nAff + nForb < RESERVE_FROM_PAIRS) return 0;
  const i32 = (n: number) => Arena.bytes(n, 4);
  const index = 4 * i32(nAff) + 4 * i32(nForb) + 2 * Arena.bytes(nAff, 1) + 4 * i32(nA + 1);
  const L = d.candidateLimit;
  const k = d.k;
  if (typeof L !== 'number' || typeof k !== 'number' || !(L > 0)) return index;
  const panel = (d.panel ?? {}) as Record<string, unknown>;
  const roles = (panel.atLeastOneFinance ? 1 : 0) + (panel.issuerRepresentativeRequired ? 1 : 0);
  const pairs = nA * Math.min(nE, L + roles * Math.max(k, Math.ceil(L / 2)));
  const lists = i32(pairs) + Arena.bytes(pairs, 1);
  const first = 4 * i32(pairs) + i32(nA + 1) + i32(nE);
  // Per application at most five role nodes and eight arcs among them; organisation groups
  // hold two pairs or more, so at most pairs / 2 of them.
  const nodes = 1 + nE + 5 * nA + pairs / 2;
  const arcs = pairs + 8 * nA + pairs / 2;
  const H = 2 * arcs;
  const network =
    4 * i32(arcs) +
    2 * i32(nodes + 1) +
    i32(2 * nodes + 2) +
    i32(4 * H) +
    i32(H) +
    Arena.bytes(nA, 8) +
    2 * i32(nE) +
    Arena.bytes(5 * nodes, 8) +
    9 * i32(nodes) +
    // The experts' used pairs: at most one slot per pair.
    i32(nE + 1) +
    i32(nE) +
    i32(3 * pairs);
  return index + lists + first + network;
}

/**
 * The randomized strategy's first half: the fractional optimum with every pair capped at q
 * (maxProbability, required). Capacities are scaled by q's denominator b (q = a/b), so this is an
 * integer min-cost flow whose pair arcs carry at most a units of 1/b. `solverVersion` as for
 * assignExperts.
 */
export function solveFractionalAssignment(data: unknown, solverVersion?: string): FractionalAssignment {
  const solver = solverVersionOf(solverVersion);
  return withReserve(reserveBytes(data), () => {
    const p = buildProblem(data);
    return fractional(p, new Qualifier(p), canonicalInputHash(p), solver);
  });
}

/** The randomized strategy's second half: one dependent-rounding sample (seeded). */
export function sampleFractionalAssignment(fr: FractionalAssignment, seed: number): AssignmentResult {
  const p = fr.problem;
  const chosen = roundDependent(fr.rounding, createPrng(seed >>> 0));
  const pairs = Float64Array.from(chosen, (i) => fr.pairApp[i] * p.nE + fr.pairExpert[i]);
  const out = result(p, fr.inputHash, fr.solverVersion, pairs, {
    candidatePairs: fr.candidatePairs,
    tighteningRounds: fr.tighteningRounds,
    provedOptimal: fr.provedOptimal,
  });
  return {
    ...out,
    strategy: 'randomized',
    seed: seed >>> 0,
    maxProbability: fr.maxProbability,
    expectedTotalAffinity: fr.expectedTotalAffinity,
    marginals: fr.marginals,
  };
}

/**
 * Assign k experts to every application.
 *
 * - random (随机抽取): seeded uniform draws (see drawRandomAssignment).
 * - optimal: maximum total affinity (min-cost flow; ties spread load evenly).
 * - randomized: the fractional optimum with each pair's probability capped at q, then one
 *   dependent-rounding sample: every pair is chosen with exactly its fractional value.
 *
 * The same request (seed included) and solver version always yield the same result.
 * `solverVersion` (one of ASSIGNMENT_SOLVER_VERSIONS; default the newest) picks the solver: a
 * replay, or a redraw in a round under way, passes the version the round recorded, since another
 * solver may choose another of the equally good assignments. An unknown version is refused.
 * An infeasible request throws a 400 DomainError ('validation_failed') naming each application
 * that cannot get a full panel, with its qualified and needed counts (see infeasibleError).
 */
export function assignExperts(data: unknown, solverVersion?: string): AssignmentResult {
  const solver = solverVersionOf(solverVersion);
  return withReserve(reserveBytes(data), () => assign(data, solver));
}

function assign(data: unknown, solver: AssignmentSolverVersion): AssignmentResult {
  const p = buildProblem(data);
  const inputHash = canonicalInputHash(p);
  const q = new Qualifier(p);
  const strategy = p.input.strategy;
  if (strategy === 'randomized')
    return sampleFractionalAssignment(fractional(p, q, inputHash, solver), p.input.seed);
  if (strategy === 'optimal') {
    const { net, rounds, proved } = solveFlow(p, q, solver, 1, 1);
    return result(p, inputHash, solver, wholePairs(p, net), {
      candidatePairs: net.nPairs,
      tighteningRounds: rounds,
      provedOptimal: proved,
    });
  }
  const shortfalls: Shortfall[] = [];
  let qualifiedPairs = 0;
  for (let a = 0; a < p.nA; a++) {
    const pool = qualifiedExperts(p, q, a);
    qualifiedPairs += pool.length;
    const s = analysePool(p, a, pool);
    if (s) shortfalls.push(s);
  }
  if (shortfalls.length) throw infeasibleError(shortfalls);
  const rng = createPrng(p.input.seed);
  const { panels, unfilled } = drawRandomAssignment(p, q, rng);
  if (unfilled.length === 0) {
    const pairs = panels.flatMap((panel, a) => panel.map((e): [number, number] => [a, e]));
    return result(p, inputHash, solver, pairs, { candidatePairs: qualifiedPairs, tighteningRounds: 0 });
  }
  // Sequential drawing kept dead-ending: a flow with seeded random pair costs either finds a
  // valid assignment (still seeded, no longer uniform) or proves the request infeasible.
  const { net, rounds } = solveFlow(p, q, solver, 1, 1, (cand) => cand.aff.map(() => rng.nextInt(101)));
  return result(p, inputHash, solver, wholePairs(p, net), {
    candidatePairs: net.nPairs,
    tighteningRounds: rounds,
    flowFallback: true,
  });
}
