import { Qualifier, requiredRoles } from './candidates';
import { Prng, shuffleInPlace } from './prng';
import { Problem } from './schema';

/** Whole-draw attempts before the strategy falls back (see drawRandomAssignment). */
const PASSES = 10;
/** Attempts at one application's panel within a pass (a role seat can dead-end the rest). */
const PANEL_ATTEMPTS = 10;
/** Rejection-sampling tries before listing the eligible experts explicitly. */
const TRIES = 64;

/** Load and role-seat bookkeeping shared by the panels of one pass. */
interface PassState {
  load: Int32Array;
  /** Per role bit: spare load of the experts holding it. */
  spare: Map<number, number>;
  /** Per role bit: seats of that role still to fill in this pass. */
  remaining: Map<number, number>;
}

/**
 * One panel drawn uniformly: each required role's seat first, uniformly among the available
 * experts holding it, then the remaining seats uniformly among all available experts (without
 * replacement; an expert whose organisation already has maxPerOrganisation seats is skipped).
 * Available: qualified, below the load cap, and not needed for the role seats of the panels still
 * to draw (an expert holding a scarce role takes a general seat only while the role's spare load
 * covers the role seats left; this keeps a uniform draw from using up the finance experts).
 */
function drawPanel(p: Problem, q: Qualifier, s: PassState, rng: Prng): number[] | null {
  const roles = requiredRoles(p);
  for (let attempt = 0; attempt < PANEL_ATTEMPTS; attempt++) {
    const chosen: number[] = [];
    const perOrg = new Map<number, number>();
    const eligible = (e: number, seat: number) => {
      if (!q.ok(e) || s.load[e] >= p.expertCap[e] || chosen.includes(e)) return false;
      if ((perOrg.get(p.expertOrg[e]) ?? 0) >= p.maxPerOrg) return false;
      if (seat && (p.expertFlags[e] & seat) === 0) return false;
      for (const role of roles)
        if (
          p.expertFlags[e] & role &&
          s.spare.get(role)! - 1 < s.remaining.get(role)! - (role === seat ? 1 : 0)
        )
          return false;
      return true;
    };
    // Uniform among eligible experts: rejection sampling, then an explicit list if that stalls.
    const pick = (seat: number): number => {
      for (let t = 0; t < TRIES; t++) {
        const e = rng.nextInt(p.nE);
        if (eligible(e, seat)) return e;
      }
      const list: number[] = [];
      for (let e = 0; e < p.nE; e++) if (eligible(e, seat)) list.push(e);
      return list.length ? list[rng.nextInt(list.length)] : -1;
    };
    const take = (e: number, seat: number) => {
      chosen.push(e);
      perOrg.set(p.expertOrg[e], (perOrg.get(p.expertOrg[e]) ?? 0) + 1);
      s.load[e]++;
      for (const role of roles) if (p.expertFlags[e] & role) s.spare.set(role, s.spare.get(role)! - 1);
      if (seat) s.remaining.set(seat, s.remaining.get(seat)! - 1);
    };
    const undo = (seats: number[]) => {
      chosen.forEach((e, i) => {
        s.load[e]--;
        for (const role of roles) if (p.expertFlags[e] & role) s.spare.set(role, s.spare.get(role)! + 1);
        if (seats[i]) s.remaining.set(seats[i], s.remaining.get(seats[i])! + 1);
      });
    };
    const seats: number[] = [];
    let ok = true;
    for (const seat of [...roles, ...Array<number>(p.k - roles.length).fill(0)]) {
      const e = pick(seat);
      if (e < 0) {
        ok = false;
        break;
      }
      take(e, seat);
      seats.push(seat);
    }
    if (ok) return chosen;
    undo(seats);
  }
  return null;
}

/**
 * 随机抽取: applications in a seeded random order, each panel drawn by `drawPanel` against the
 * loads left by the ones before. If some applications cannot be completed (earlier draws used
 * up their experts), the whole draw is repeated with those applications first, up to 10 times.
 * Returns the panels (index = application) or the applications still unfilled.
 */
export function drawRandomAssignment(
  p: Problem,
  q: Qualifier,
  rng: Prng,
): { panels: number[][]; unfilled: number[] } {
  const order = Int32Array.from({ length: p.nA }, (_, a) => a);
  shuffleInPlace(order, rng);
  const roles = requiredRoles(p);
  let panels: number[][] = [];
  let unfilled: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const state: PassState = { load: new Int32Array(p.nE), spare: new Map(), remaining: new Map() };
    for (const role of roles) {
      let spare = 0;
      for (let e = 0; e < p.nE; e++) if (p.expertFlags[e] & role) spare += p.expertCap[e];
      state.spare.set(role, spare);
      state.remaining.set(role, p.nA);
    }
    panels = Array.from({ length: p.nA }, () => []);
    unfilled = [];
    for (const a of order) {
      const panel = drawPanel(p, q.select(a), state, rng);
      if (panel) panels[a] = panel;
      else {
        unfilled.push(a);
        // Its role seats will not be filled this pass: stop reserving for them.
        for (const role of roles) state.remaining.set(role, state.remaining.get(role)! - 1);
      }
    }
    if (unfilled.length === 0) break;
    const first = new Set(unfilled);
    order.set([...unfilled, ...Array.from(order).filter((a) => !first.has(a))]);
  }
  return { panels, unfilled };
}
