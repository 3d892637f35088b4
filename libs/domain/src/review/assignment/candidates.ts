import { Bilingual, DomainError, FieldMessage } from '../../kernel/messages';
import { Arena } from './arena';
import { FINANCE, ISSUER, Problem } from './schema';

/**
 * Who may review what. An expert qualifies for an application when the conflict-of-interest
 * engine did not forbid the pair, the expert's organisation is none of the application's
 * organisations (checked again here, belt and braces) and the expert's load cap is above 0.
 */
export class Qualifier {
  private readonly forbidden: Uint8Array;
  private readonly ownOrg: Uint8Array;
  private app = -1;

  constructor(private readonly p: Problem) {
    this.forbidden = new Uint8Array(p.nE);
    this.ownOrg = new Uint8Array(p.nOrgs);
  }

  /** Marks the application's forbidden experts and organisations; `ok` answers for it. */
  select(a: number): this {
    if (this.app === a) return this;
    if (this.app >= 0) this.mark(this.app, 0);
    this.app = a;
    this.mark(a, 1);
    return this;
  }

  ok(e: number): boolean {
    const p = this.p;
    return p.expertCap[e] > 0 && this.forbidden[e] === 0 && this.ownOrg[p.expertOrg[e]] === 0;
  }

  private mark(a: number, v: number): void {
    const p = this.p;
    for (let i = p.forbStart[a]; i < p.forbStart[a + 1]; i++) this.forbidden[p.forbExpert[i]] = v;
    for (const o of p.appOrgs[a]) this.ownOrg[o] = v;
  }
}

/** The roles a panel must contain under the request's rules, as expert flag bits. */
export function requiredRoles(p: Problem): number[] {
  const roles: number[] = [];
  if (p.financeRule) roles.push(FINANCE);
  if (p.issuerRule) roles.push(ISSUER);
  return roles;
}

export type PanelRole = 'finance' | 'issuerRepresentative';

/** Why one application cannot get a panel. */
export interface Shortfall {
  applicationId: string;
  /** Position in the request's `applications` list. */
  inputIndex: number;
  /** Qualified experts (before the per-organisation limit and load caps). */
  qualified: number;
  /** Of those, how many one panel can hold given the per-organisation limit. */
  usable: number;
  needed: number;
  missingRoles: PanelRole[];
  /** Set when the application's own experts would do but other applications exhaust their loads. */
  competingApplications?: number;
  /** randomized: the pair probability cap the counts were judged under. */
  maxProbability?: number;
}

/**
 * Can one panel be formed from these experts, load caps aside? Counts per organisation (at most
 * `maxPerOrganisation` count), and the required roles; with both roles, two different experts
 * must hold them (see panel.ts). With a probability cap q = qNum / qDen (randomized strategy) the
 * question is the fractional one: every expert offers at most q of a seat.
 */
const scratch = new WeakMap<Problem, Int32Array>();

export function analysePool(
  p: Problem,
  a: number,
  experts: ArrayLike<number>,
  qNum = 1,
  qDen = 1,
): Shortfall | null {
  // Per-organisation counts (all, finance, issuer) in a scratch array reset after use.
  let counts = scratch.get(p);
  if (!counts) scratch.set(p, (counts = new Int32Array(3 * p.nOrgs)));
  const touched: number[] = [];
  const finance: number[] = [];
  const issuer: number[] = [];
  for (let i = 0; i < experts.length; i++) {
    const e = experts[i];
    const o = 3 * p.expertOrg[e];
    if (counts[o]++ === 0) touched.push(o);
    if (p.expertFlags[e] & FINANCE) {
      finance.push(e);
      counts[o + 1]++;
    }
    if (p.expertFlags[e] & ISSUER) {
      issuer.push(e);
      counts[o + 2]++;
    }
  }
  // Seats (in units of 1/qDen) one panel can draw from these experts.
  const cap = p.maxPerOrg * qDen;
  let usableUnits = 0;
  let financeUnits = 0;
  let issuerUnits = 0;
  for (const o of touched) {
    usableUnits += Math.min(cap, counts[o] * qNum);
    financeUnits += Math.min(cap, counts[o + 1] * qNum);
    issuerUnits += Math.min(cap, counts[o + 2] * qNum);
    counts[o] = counts[o + 1] = counts[o + 2] = 0;
  }
  const missingRoles: PanelRole[] = [];
  if (p.financeRule && financeUnits < qDen) missingRoles.push('finance');
  if (p.issuerRule && issuerUnits < qDen) missingRoles.push('issuerRepresentative');
  if (p.financeRule && p.issuerRule && missingRoles.length === 0) {
    // Both roles need two different experts, from different organisations when only one per
    // organisation may sit.
    const distinct = finance.some((f) =>
      issuer.some((i) => i !== f && (p.maxPerOrg > 1 || p.expertOrg[i] !== p.expertOrg[f])),
    );
    if (!distinct) missingRoles.push('issuerRepresentative');
  }
  if (usableUnits >= p.k * qDen && missingRoles.length === 0) return null;
  return {
    applicationId: p.appIds[a],
    inputIndex: p.appInputIndex[a],
    qualified: experts.length,
    usable: Math.floor(usableUnits / qDen),
    needed: p.k,
    missingRoles,
    ...(qNum < qDen ? { maxProbability: qNum / qDen } : {}),
  };
}

/** Every qualified expert of application a, ascending. */
export function qualifiedExperts(p: Problem, q: Qualifier, a: number): Int32Array {
  q.select(a);
  const out: number[] = [];
  for (let e = 0; e < p.nE; e++) if (q.ok(e)) out.push(e);
  return Int32Array.from(out);
}

/** Candidate experts per application for the flow strategies (CSR, experts ascending). */
export interface CandidateLists {
  start: Int32Array;
  expert: Int32Array;
  /** Affinity in hundredths. */
  aff: Uint8Array;
  /** Applications whose full qualified list cannot form a panel (judged under q). */
  shortfalls: Shortfall[];
}

/**
 * Candidates for the flow strategies. Without a limit: every qualified expert. With limit L:
 * the application's L best qualified experts by affinity (ties: lower expert id; unlisted pairs
 * count as 0), plus, per required role, the best experts holding it until there are
 * max(k, ⌈L/2⌉) of them (so pruning cannot starve the finance seats). An application whose pruned list
 * could not form a panel falls back to its full qualified list. Pruning can still cost optimality
 * when the loads are tight; the benchmark checks L against the unpruned optimum.
 */
export function candidateLists(
  p: Problem,
  q: Qualifier,
  limit: number | undefined,
  qNum = 1,
  qDen = 1,
): CandidateLists {
  const start = new Int32Array(p.nA + 1);
  const shortfalls: Shortfall[] = [];
  const roles = requiredRoles(p);
  const reserve = limit === undefined ? 0 : Math.max(p.k, Math.ceil(limit / 2));
  // Room for every pruned list at its longest (L plus the role reserves), so that a national
  // request does not grow and copy four-million-entry arrays; a fallback to a full list grows.
  let capacity = limit === undefined ? 1024 : p.nA * Math.min(p.nE, limit + roles.length * reserve);
  const lists = new Arena(Arena.bytes(capacity, 4) + Arena.bytes(capacity, 1));
  let experts = lists.i32(capacity);
  let affs = lists.u8(capacity);
  let size = 0;
  const listedMark = new Uint8Array(p.nE);
  const taken = new Uint8Array(p.nE);
  let widest = 0;
  for (let a = 0; a < p.nA; a++) widest = Math.max(widest, p.affStart[a + 1] - p.affStart[a]);
  const ranked = new Float64Array(widest);
  const chosen = new Int32Array(p.nE);
  for (let a = 0; a < p.nA; a++) {
    q.select(a);
    const from = p.affStart[a];
    const to = p.affStart[a + 1];
    let n = 0; // chosen experts
    const fullList = () => {
      n = 0;
      for (let e = 0; e < p.nE; e++) if (q.ok(e)) chosen[n++] = e;
    };
    // A shortfall is final only on the full qualified list.
    let shortfall: Shortfall | null = null;
    if (limit === undefined) {
      fullList();
      shortfall = analysePool(p, a, chosen.subarray(0, n), qNum, qDen);
    } else {
      // Listed qualified experts, best first, ties by expert: packed as (100 − h) · nE + e and
      // insertion-sorted (the lists are short).
      let r = 0;
      for (let i = from; i < to; i++) {
        const e = p.affExpert[i];
        listedMark[e] = 1;
        if (!q.ok(e)) continue;
        const key = (100 - p.affValue[i]) * p.nE + e;
        let k = r++ - 1;
        while (k >= 0 && ranked[k] > key) {
          ranked[k + 1] = ranked[k];
          k--;
        }
        ranked[k + 1] = key;
      }
      for (let i = 0; i < r && n < limit; i++) {
        const e = ranked[i] % p.nE;
        chosen[n++] = e;
        taken[e] = 1;
      }
      for (let e = 0; e < p.nE && n < limit; e++)
        if (!listedMark[e] && q.ok(e)) {
          chosen[n++] = e;
          taken[e] = 1;
        }
      for (const role of roles) {
        let have = 0;
        for (let i = 0; i < n; i++) if (p.expertFlags[chosen[i]] & role) have++;
        for (let i = 0; i < r && have < reserve; i++) {
          const e = ranked[i] % p.nE;
          if (!taken[e] && p.expertFlags[e] & role) {
            chosen[n++] = e;
            taken[e] = 1;
            have++;
          }
        }
        for (let e = 0; e < p.nE && have < reserve; e++)
          if (!listedMark[e] && !taken[e] && p.expertFlags[e] & role && q.ok(e)) {
            chosen[n++] = e;
            taken[e] = 1;
            have++;
          }
      }
      for (let i = 0; i < n; i++) taken[chosen[i]] = 0;
      for (let i = from; i < to; i++) listedMark[p.affExpert[i]] = 0;
      if (analysePool(p, a, chosen.subarray(0, n), qNum, qDen) !== null) {
        fullList();
        shortfall = analysePool(p, a, chosen.subarray(0, n), qNum, qDen);
      } else chosen.subarray(0, n).sort();
    }
    if (shortfall) shortfalls.push(shortfall);
    if (size + n > capacity) {
      const grown = (capacity = Math.max(2 * capacity, size + n));
      const e2 = new Int32Array(grown);
      e2.set(experts.subarray(0, size));
      experts = e2;
      const a2 = new Uint8Array(grown);
      a2.set(affs.subarray(0, size));
      affs = a2;
    }
    // Affinities of the chosen experts: both lists ascending, so merge.
    let j = from;
    for (let i = 0; i < n; i++) {
      const e = chosen[i];
      while (j < to && p.affExpert[j] < e) j++;
      experts[size] = e;
      affs[size++] = j < to && p.affExpert[j] === e ? p.affValue[j] : 0;
    }
    start[a + 1] = size;
  }
  return { start, expert: experts.subarray(0, size), aff: affs.subarray(0, size), shortfalls };
}

const ROLE_LABEL: Record<PanelRole, Bilingual> = {
  finance: { zh: '财务专家', en: 'finance expert' },
  issuerRepresentative: { zh: '发榜方代表', en: 'issuer representative' },
};

function describe(s: Shortfall): Bilingual {
  const parts: Bilingual[] = [];
  if (s.maxProbability !== undefined && s.usable < s.needed)
    parts.push({
      zh: `合格专家 ${s.qualified} 名；单个专家入选概率不超过 ${s.maxProbability} 时，最多只够 ${s.usable} 个席位，需要 ${s.needed} 个`,
      en: `${s.qualified} qualified; with each expert's probability capped at ${s.maxProbability} they fill at most ${s.usable} seat(s), ${s.needed} needed`,
    });
  else if (s.usable < s.needed)
    parts.push(
      s.usable === s.qualified
        ? {
            zh: `合格专家 ${s.qualified} 名，需要 ${s.needed} 名`,
            en: `${s.qualified} qualified, ${s.needed} needed`,
          }
        : {
            zh: `合格专家 ${s.qualified} 名，按同一单位限额可用 ${s.usable} 名，需要 ${s.needed} 名`,
            en: `${s.qualified} qualified, ${s.usable} usable under the per-organisation limit, ${s.needed} needed`,
          },
    );
  for (const r of s.missingRoles)
    parts.push(
      s.maxProbability !== undefined
        ? {
            zh: `入选概率上限为 ${s.maxProbability} 时合格的${ROLE_LABEL[r].zh}不足`,
            en: `too few qualified ${ROLE_LABEL[r].en}s for a probability cap of ${s.maxProbability}`,
          }
        : { zh: `缺少合格的${ROLE_LABEL[r].zh}`, en: `no qualified ${ROLE_LABEL[r].en}` },
    );
  if (s.competingApplications !== undefined)
    parts.push({
      zh: `合格专家 ${s.qualified} 名，但其评审名额已被另外 ${s.competingApplications} 个项目用满`,
      en: `${s.qualified} qualified, but their load caps are used up by ${s.competingApplications} other application(s)`,
    });
  return { zh: parts.map((x) => x.zh).join('；'), en: parts.map((x) => x.en).join('; ') };
}

/**
 * The refusal for an infeasible request: a 400 naming every application that cannot get a full
 * panel, with qualified against needed counts, in zh-CN and English (the message lists the first
 * ten; `fields` has one entry per application).
 */
export function infeasibleError(shortfalls: Shortfall[]): DomainError {
  const sorted = [...shortfalls].sort((x, y) => x.inputIndex - y.inputIndex);
  const shown = sorted.slice(0, 10).map((s) => ({ id: s.applicationId, why: describe(s) }));
  const more = sorted.length - shown.length;
  const fields: FieldMessage[] = sorted.map((s) => ({
    path: `applications.${s.inputIndex}`,
    message: {
      zh: `申报项目 ${s.applicationId}：${describe(s).zh}`,
      en: `Application ${s.applicationId}: ${describe(s).en}`,
    },
  }));
  return new DomainError(
    'validation_failed',
    {
      zh:
        `以下 ${sorted.length} 个申报项目无法配齐评审专家：` +
        shown.map((s) => `${s.id}（${s.why.zh}）`).join('，') +
        (more > 0 ? ` 等（另有 ${more} 个）` : ''),
      en:
        `${sorted.length} application(s) cannot get a full panel: ` +
        shown.map((s) => `${s.id} (${s.why.en})`).join(', ') +
        (more > 0 ? ` and ${more} more` : ''),
    },
    fields,
  );
}
