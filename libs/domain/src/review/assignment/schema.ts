import { z } from 'zod';
import { DomainError, FieldMessage } from '../../kernel/messages';
import { parseOrThrow } from '../../kernel/validation';
import { Arena } from './arena';

/**
 * The solvers this code runs, oldest first. Recorded with every result, so a stored assignment
 * names the code that produced it, and a replay (or a redraw in a running round) asks for the same
 * one: among equally good assignments each solver picks its own, so a recorded draw only replays
 * with its own solver. Both reach the same optimum (total affinity, then the load spread); 2.0.0
 * makes each panel's role seats sinks of their own (flow.ts), which takes a third of the nodes
 * off the searches' way and makes another choice among equal optima. 3.0.0 is 2.0.0 with the
 * randomized strategy's organisation rule checked on the seats its rounding can fill rather than
 * on the fractional flow (engine.ts, roundingViolations): the same results for the integral
 * strategies, and for randomized ones whose flow splits no organisation's seats across role types.
 *
 * Why not a unique optimum, which would let later solvers change without a version: a tie-break
 * inside the costs must stay below one unit of the load term summed over every seat (500,000 at
 * national scale), so it multiplies costs that already reach ~2^30 by more than 500,000 times its
 * own range, past the 2^53 within which Dijkstra's comparisons are exact; and a random one makes
 * ties unlikely, not impossible.
 */
export const ASSIGNMENT_SOLVER_VERSIONS = [
  'kjflow-assign/1.0.0',
  'kjflow-assign/2.0.0',
  'kjflow-assign/3.0.0',
] as const;
export type AssignmentSolverVersion = (typeof ASSIGNMENT_SOLVER_VERSIONS)[number];

/** The newest solver: what a new draw uses when it names none. */
export const ASSIGNMENT_SOLVER_VERSION: AssignmentSolverVersion = 'kjflow-assign/3.0.0';

/** The solver a result is to come from; an unknown one is refused (400, field `solverVersion`). */
export function solverVersionOf(version: string | undefined): AssignmentSolverVersion {
  if (version === undefined) return ASSIGNMENT_SOLVER_VERSION;
  if ((ASSIGNMENT_SOLVER_VERSIONS as readonly string[]).includes(version))
    return version as AssignmentSolverVersion;
  const known = ASSIGNMENT_SOLVER_VERSIONS.join(', ');
  throw new DomainError(
    'validation_failed',
    {
      zh: `未知的专家分配算法版本：${version}（本系统支持 ${known}）`,
      en: `Unknown assignment solver version ${version} (this code runs ${known})`,
    },
    [{ path: 'solverVersion', message: { zh: '未知的算法版本', en: 'Unknown solver version' } }],
  );
}

export const ASSIGNMENT_STRATEGIES = ['random', 'optimal', 'randomized'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

export const ASSIGNMENT_STRATEGY_LABELS = {
  random: { zh: '随机抽取', en: 'Random draw' },
  optimal: { zh: '最优匹配', en: 'Optimal match' },
  randomized: { zh: '限概率随机匹配', en: 'Randomised match with capped probabilities' },
} as const;

const idSchema = z.string().min(1);

export const assignmentApplicationSchema = z.object({
  id: idSchema,
  organisationIds: z.array(idSchema).describe('Host institution and participating organisations'),
});

export const assignmentExpertSchema = z.object({
  id: idSchema,
  organisationId: idSchema,
  loadCap: z.number().int().min(0).max(1000).describe('Most applications this expert reviews in the round'),
  finance: z.boolean().describe('A finance expert (财务专家)'),
  issuerRepresentative: z.boolean().optional().describe('Represents the issuing body (发榜方代表)'),
});

export const affinityEntrySchema = z.object({
  applicationId: idSchema,
  expertId: idSchema,
  affinity: z.number().min(0).max(1).describe('Subject match, quantised to 0.01; unlisted pairs count as 0'),
});

export const forbiddenPairSchema = z.object({ applicationId: idSchema, expertId: idSchema });

export const panelRulesSchema = z.object({
  atLeastOneFinance: z.boolean(),
  maxPerOrganisation: z.number().int().min(1).max(50).default(1),
  issuerRepresentativeRequired: z.boolean().optional(),
});

export const assignmentInputSchema = z.object({
  applications: z.array(assignmentApplicationSchema).min(1),
  experts: z.array(assignmentExpertSchema).min(1),
  affinities: z.array(affinityEntrySchema).default([]),
  k: z.number().int().min(1).max(50).describe('Experts per application'),
  forbidden: z
    .array(forbiddenPairSchema)
    .default([])
    .describe('Pairs excluded by the conflict-of-interest engine'),
  panel: panelRulesSchema,
  seed: z.number().int().min(0).max(0xffffffff),
  strategy: z.enum(ASSIGNMENT_STRATEGIES),
  maxProbability: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe('randomized: cap q on any one pair’s probability, quantised to 0.01'),
  candidateLimit: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('optimal/randomized: consider only each application’s top-L qualified experts by affinity'),
});

export type AssignmentInput = z.output<typeof assignmentInputSchema>;
export type AssignmentInputData = z.input<typeof assignmentInputSchema>;
export type PanelRules = z.output<typeof panelRulesSchema>;
export interface ExpertPair {
  applicationId: string;
  expertId: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isId = (v: unknown) => typeof v === 'string' && v.length > 0;

/**
 * The two pair lists can hold a million entries; zod spends over a second on that many small
 * objects, so they are checked here with the same rules. Anything odd falls back to zod, whose
 * messages then name the offending entries.
 */
function pairListLooksValid(list: unknown, withAffinity: boolean): list is Array<Record<string, unknown>> {
  if (list === undefined) return true;
  if (!Array.isArray(list)) return false;
  for (const item of list) {
    if (!isRecord(item) || !isId(item.applicationId) || !isId(item.expertId)) return false;
    if (withAffinity) {
      const a = item.affinity;
      if (typeof a !== 'number' || !(a >= 0 && a <= 1)) return false;
    }
  }
  return true;
}

function schemaParse(data: unknown): AssignmentInput {
  return parseOrThrow(assignmentInputSchema, data, '专家分配请求');
}

/** Schema validation (fast path for the pair lists) without the cross-reference checks. */
function parseShape(data: unknown): AssignmentInput {
  if (!isRecord(data)) return schemaParse(data);
  const { affinities, forbidden } = data;
  if (!pairListLooksValid(affinities, true) || !pairListLooksValid(forbidden, false))
    return schemaParse(data);
  const rest = schemaParse({ ...data, affinities: [], forbidden: [] });
  // Checked above; used read-only (extra keys, which zod would strip, are never read).
  return {
    ...rest,
    affinities: (affinities ?? []) as AssignmentInput['affinities'],
    forbidden: (forbidden ?? []) as AssignmentInput['forbidden'],
  };
}

/** Affinity in integer hundredths: integer costs keep the flow exact. */
export const toHundredths = (affinity: number) => Math.round(affinity * 100);

/**
 * The validated input in its indexed form. Applications and experts are sorted by id (UTF-16
 * order), so the result does not depend on the order of the input lists.
 */
export interface Problem {
  input: AssignmentInput;
  appIds: string[];
  expertIds: string[];
  /** Position of each (sorted) application in the caller's list, for error paths. */
  appInputIndex: Int32Array;
  nA: number;
  nE: number;
  k: number;
  maxPerOrg: number;
  financeRule: boolean;
  issuerRule: boolean;
  /** Organisations (experts' and applications'), numbered 0 .. nOrgs − 1. */
  nOrgs: number;
  expertOrg: Int32Array;
  expertCap: Int32Array;
  /** Bit 1: finance expert; bit 2: issuer representative (as flagged, whatever the rules). */
  expertFlags: Uint8Array;
  appOrgs: Int32Array[];
  /** Affinities per application (CSR, experts ascending), in hundredths. */
  affStart: Int32Array;
  affExpert: Int32Array;
  affValue: Uint8Array;
  /** Forbidden experts per application (CSR, ascending, no duplicates). */
  forbStart: Int32Array;
  forbExpert: Int32Array;
  /** randomized: q = qNum / qDen in lowest terms. */
  qNum: number;
  qDen: number;
}

export const FINANCE = 1;
export const ISSUER = 2;

function fail(fields: FieldMessage[]): never {
  throw new DomainError(
    'validation_failed',
    {
      zh: '专家分配请求内容有误，请按字段提示修改',
      en: 'The assignment request is invalid; see the field messages',
    },
    fields,
  );
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Entry positions grouped by application (counting sort) and, within one application, by expert
 * (insertion sort for short groups, a numeric sort of expert · 2^32 + position, stable by
 * position, in `keys` for long ones). Linear where a general sort of a million keys is not.
 * `start` (nA + 1) and `order` (one per entry) are filled; `keys` holds the longest group.
 */
function groupByApplication(
  app: Int32Array,
  expert: Int32Array,
  out: { start: Int32Array; order: Int32Array; keys: Float64Array },
): void {
  const { start, order } = out;
  const nA = start.length - 1;
  for (let i = 0; i < app.length; i++) start[app[i] + 1]++;
  for (let a = 0; a < nA; a++) start[a + 1] += start[a];
  for (let i = 0; i < app.length; i++) order[start[app[i]]++] = i;
  // start[a] is now the end of group a: shift back.
  for (let a = nA; a > 0; a--) start[a] = start[a - 1];
  start[0] = 0;
  for (let a = 0; a < nA; a++) {
    if (start[a + 1] - start[a] > 64) {
      const keys = out.keys.subarray(0, start[a + 1] - start[a]);
      for (let i = start[a]; i < start[a + 1]; i++)
        keys[i - start[a]] = expert[order[i]] * 0x100000000 + order[i];
      keys.sort();
      for (let i = 0; i < keys.length; i++) order[start[a] + i] = keys[i] % 0x100000000;
      continue;
    }
    for (let i = start[a] + 1; i < start[a + 1]; i++) {
      const j = order[i];
      const e = expert[j];
      let k = i - 1;
      while (k >= start[a] && expert[order[k]] > e) {
        order[k + 1] = order[k];
        k--;
      }
      order[k + 1] = j;
    }
  }
}

/** Longest run of one application in a list of application indices (bounds a group). */
function longestGroup(nA: number, app: Int32Array, count: Int32Array): number {
  let longest = 0;
  for (let i = 0; i < app.length; i++) longest = Math.max(longest, ++count[app[i]]);
  count.fill(0, 0, nA);
  return longest;
}

/** Validate, cross-check and index an assignment request. Throws a 400 DomainError naming fields. */
export function buildProblem(data: unknown): Problem {
  const input = parseShape(data);
  const fields: FieldMessage[] = [];
  const appIds = input.applications.map((a) => a.id).sort();
  const expertIds = input.experts.map((e) => e.id).sort();
  const appIndex = new Map<string, number>();
  const expertIndex = new Map<string, number>();
  appIds.forEach((id, i) => appIndex.set(id, i));
  expertIds.forEach((id, i) => expertIndex.set(id, i));
  const nA = appIds.length;
  const nE = expertIds.length;
  if (appIndex.size !== nA) {
    const seen = new Set<string>();
    input.applications.forEach((a, i) => {
      if (seen.has(a.id))
        fields.push({
          path: `applications.${i}.id`,
          message: { zh: `申报项目编号重复：${a.id}`, en: `Duplicate application id ${a.id}` },
        });
      seen.add(a.id);
    });
  }
  if (expertIndex.size !== nE) {
    const seen = new Set<string>();
    input.experts.forEach((e, i) => {
      if (seen.has(e.id))
        fields.push({
          path: `experts.${i}.id`,
          message: { zh: `专家编号重复：${e.id}`, en: `Duplicate expert id ${e.id}` },
        });
      seen.add(e.id);
    });
  }
  if (fields.length) fail(fields);

  const orgIndex = new Map<string, number>();
  const org = (id: string) => {
    let i = orgIndex.get(id);
    if (i === undefined) orgIndex.set(id, (i = orgIndex.size));
    return i;
  };
  const expertOrg = new Int32Array(nE);
  const expertCap = new Int32Array(nE);
  const expertFlags = new Uint8Array(nE);
  for (const e of input.experts) {
    const i = expertIndex.get(e.id)!;
    expertOrg[i] = org(e.organisationId);
    expertCap[i] = e.loadCap;
    expertFlags[i] = (e.finance ? FINANCE : 0) | (e.issuerRepresentative ? ISSUER : 0);
  }
  const appInputIndex = new Int32Array(nA);
  const appOrgs: Int32Array[] = new Array(nA);
  input.applications.forEach((a, pos) => {
    const i = appIndex.get(a.id)!;
    appInputIndex[i] = pos;
    appOrgs[i] = Int32Array.from(new Set(a.organisationIds.map(org))).sort();
  });

  // Pair lists: pack (application, expert) into one number and sort numerically.
  // Pair lists usually come grouped by application: remember the last application looked up.
  let lastAppId = '';
  let lastApp: number | undefined;
  const appOf = (id: string) => {
    if (id !== lastAppId) {
      lastAppId = id;
      lastApp = appIndex.get(id);
    }
    return lastApp;
  };
  // Resolve ids to indices: per entry its application, expert (and affinity in hundredths).
  // The working arrays share one buffer, the kept ones another (see Arena).
  const nAff = input.affinities.length;
  const nForb = input.forbidden.length;
  const i32 = (n: number) => Arena.bytes(n, 4);
  // affApp, affExp, order; forbApp, forbExp, order; affVal; two group starts.
  const work = new Arena(3 * i32(nAff) + 3 * i32(nForb) + Arena.bytes(nAff, 1) + 2 * i32(nA + 1));
  const affApp = work.i32(nAff);
  const affExp = work.i32(nAff);
  const affVal = work.u8(nAff);
  input.affinities.forEach((p, i) => {
    const a = appOf(p.applicationId);
    const e = expertIndex.get(p.expertId);
    if (a === undefined)
      fields.push({
        path: `affinities.${i}.applicationId`,
        message: { zh: `未知的申报项目：${p.applicationId}`, en: `Unknown application ${p.applicationId}` },
      });
    if (e === undefined)
      fields.push({
        path: `affinities.${i}.expertId`,
        message: { zh: `未知的专家：${p.expertId}`, en: `Unknown expert ${p.expertId}` },
      });
    affApp[i] = a ?? 0;
    affExp[i] = e ?? 0;
    affVal[i] = toHundredths(p.affinity);
  });
  const forbApp = work.i32(nForb);
  const forbExp = work.i32(nForb);
  input.forbidden.forEach((p, i) => {
    const a = appOf(p.applicationId);
    const e = expertIndex.get(p.expertId);
    if (a === undefined)
      fields.push({
        path: `forbidden.${i}.applicationId`,
        message: { zh: `未知的申报项目：${p.applicationId}`, en: `Unknown application ${p.applicationId}` },
      });
    if (e === undefined)
      fields.push({
        path: `forbidden.${i}.expertId`,
        message: { zh: `未知的专家：${p.expertId}`, en: `Unknown expert ${p.expertId}` },
      });
    forbApp[i] = a ?? 0;
    forbExp[i] = e ?? 0;
  });
  const slots = (input.panel.atLeastOneFinance ? 1 : 0) + (input.panel.issuerRepresentativeRequired ? 1 : 0);
  if (input.k < slots)
    fields.push({
      path: 'k',
      message: {
        zh: `每个项目须有财务专家和发榜方代表各一名，专家人数至少为 ${slots}`,
        en: `A finance expert and an issuer representative need at least ${slots} experts per application`,
      },
    });
  if (input.strategy === 'randomized' && input.maxProbability === undefined)
    fields.push({
      path: 'maxProbability',
      message: { zh: '限概率随机匹配须给出概率上限', en: 'The randomized strategy needs maxProbability' },
    });
  if (input.maxProbability !== undefined && Math.round(input.maxProbability * 100) === 0)
    fields.push({
      path: 'maxProbability',
      message: { zh: '概率上限按 0.01 取整后不能为 0', en: 'maxProbability rounds to 0 at 0.01 resolution' },
    });
  if (fields.length) fail(fields);

  const kept = new Arena(2 * i32(nA + 1) + i32(nAff) + i32(nForb) + Arena.bytes(nAff, 1));
  const groupCount = work.i32(nA + 1);
  const longest = Math.max(longestGroup(nA, affApp, groupCount), longestGroup(nA, forbApp, groupCount));
  const scratchKeys = new Float64Array(longest > 64 ? longest : 0);
  const aff = { start: groupCount, order: work.i32(nAff), keys: scratchKeys };
  groupByApplication(affApp, affExp, aff);
  const affStart = kept.i32(nA + 1);
  const affExpert = kept.i32(nAff);
  const affValue = kept.u8(nAff);
  let nKept = 0;
  for (let a = 0; a < nA; a++) {
    for (let i = aff.start[a]; i < aff.start[a + 1]; i++) {
      const j = aff.order[i];
      if (i > aff.start[a] && affExp[j] === affExp[aff.order[i - 1]])
        fail([
          {
            path: 'affinities',
            message: {
              zh: `申报项目 ${appIds[a]} 与专家 ${expertIds[affExp[j]]} 的匹配度重复给出`,
              en: `The affinity of application ${appIds[a]} and expert ${expertIds[affExp[j]]} is given twice`,
            },
          },
        ]);
      if (affVal[j] === 0) continue; // listed as 0 means the same as not listed
      affExpert[nKept] = affExp[j];
      affValue[nKept++] = affVal[j];
    }
    affStart[a + 1] = nKept;
  }

  const forb = { start: work.i32(nA + 1), order: work.i32(nForb), keys: scratchKeys };
  groupByApplication(forbApp, forbExp, forb);
  const forbStart = kept.i32(nA + 1);
  const forbExpert = kept.i32(nForb);
  let forbCount = 0;
  for (let a = 0; a < nA; a++) {
    for (let i = forb.start[a]; i < forb.start[a + 1]; i++) {
      const e = forbExp[forb.order[i]];
      if (i > forb.start[a] && e === forbExp[forb.order[i - 1]]) continue; // listed twice: one pair
      forbExpert[forbCount++] = e;
    }
    forbStart[a + 1] = forbCount;
  }

  let qNum = 1;
  let qDen = 1;
  if (input.maxProbability !== undefined) {
    const hundredths = Math.round(input.maxProbability * 100);
    const g = gcd(hundredths, 100);
    qNum = hundredths / g;
    qDen = 100 / g;
  }
  return {
    input,
    appIds,
    expertIds,
    appInputIndex,
    nA,
    nE,
    k: input.k,
    maxPerOrg: input.panel.maxPerOrganisation,
    financeRule: input.panel.atLeastOneFinance,
    issuerRule: input.panel.issuerRepresentativeRequired === true,
    nOrgs: orgIndex.size,
    expertOrg,
    expertCap,
    expertFlags,
    appOrgs,
    affStart,
    affExpert: affExpert.subarray(0, nKept),
    affValue: affValue.subarray(0, nKept),
    forbStart,
    forbExpert: forbExpert.subarray(0, forbCount),
    qNum,
    qDen,
  };
}
