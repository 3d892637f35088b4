import { DomainError, FieldMessage } from '../../kernel/messages';
import { Qualifier } from './candidates';
import { canonicalInputHash } from './canonical';
import { rolesSatisfied } from './panel';
import { createPrng } from './prng';
import { buildProblem, ExpertPair, solverVersionOf } from './schema';

export interface ReplacementRequest {
  /** The request the assignment was made from (same constraints). */
  input: unknown;
  /** The assignment as it stands, the dropped pair included. */
  current: ExpertPair[];
  /** The pair to drop: the expert declined, recused or did not answer. */
  drop: ExpertPair;
  /** Experts not to draw again for this application (earlier declines and recusals). */
  excludedExpertIds?: string[];
  /** uint32; record it with the result so the draw can be re-run. */
  seed: number;
  /**
   * The solver version the round's draw recorded (absent: the newest). Every version draws
   * replacements alike; the result carries it so the round's record names one solver.
   */
  solverVersion?: string;
}

export interface ReplacementResult {
  applicationId: string;
  droppedExpertId: string;
  expertId: string;
  affinity: number;
  /** How many experts were eligible (the draw was uniform among them). */
  eligible: number;
  seed: number;
  inputHash: string;
  solverVersion: string;
}

function invalid(fields: FieldMessage[]): never {
  throw new DomainError(
    'validation_failed',
    {
      zh: '替补抽取请求内容有误，请按字段提示修改',
      en: 'The replacement request is invalid; see the field messages',
    },
    fields,
  );
}

/**
 * Draw one replacement for a dropped expert, uniformly among the experts who qualify for the
 * application, are not on its panel, are neither the dropped expert nor excluded, are below
 * their load cap (counting the current assignment without the dropped pair), keep the panel
 * within maxPerOrganisation and keep its required roles covered (a dropped finance expert is
 * replaced by a finance expert when no other panel member holds that seat).
 * Throws a 400 DomainError naming the application when no one is eligible.
 */
export function replacementDraw(req: ReplacementRequest): ReplacementResult {
  const solverVersion = solverVersionOf(req.solverVersion);
  const p = buildProblem(req.input);
  if (!Number.isInteger(req.seed) || req.seed < 0 || req.seed > 0xffffffff)
    invalid([
      { path: 'seed', message: { zh: '随机种子须为 0 至 4294967295 的整数', en: 'seed must be a uint32' } },
    ]);
  const appIndex = new Map(p.appIds.map((id, i) => [id, i]));
  const expertIndex = new Map(p.expertIds.map((id, i) => [id, i]));
  const fields: FieldMessage[] = [];
  const a = appIndex.get(req.drop.applicationId);
  const dropped = expertIndex.get(req.drop.expertId);
  if (a === undefined)
    fields.push({
      path: 'drop.applicationId',
      message: {
        zh: `未知的申报项目：${req.drop.applicationId}`,
        en: `Unknown application ${req.drop.applicationId}`,
      },
    });
  if (dropped === undefined)
    fields.push({
      path: 'drop.expertId',
      message: { zh: `未知的专家：${req.drop.expertId}`, en: `Unknown expert ${req.drop.expertId}` },
    });
  const load = new Int32Array(p.nE);
  const panel: number[] = [];
  let found = false;
  req.current.forEach((pair, i) => {
    const x = appIndex.get(pair.applicationId);
    const e = expertIndex.get(pair.expertId);
    if (x === undefined || e === undefined) {
      fields.push({
        path: `current.${i}`,
        message: {
          zh: '当前分配中有未知的项目或专家',
          en: 'Unknown application or expert in the current assignment',
        },
      });
      return;
    }
    if (x === a && e === dropped) {
      found = true;
      return;
    }
    load[e]++;
    if (x === a) panel.push(e);
  });
  if (a !== undefined && dropped !== undefined && !found)
    fields.push({
      path: 'drop',
      message: { zh: '要替换的专家不在当前分配中', en: 'The dropped pair is not in the current assignment' },
    });
  if (fields.length) invalid(fields);
  const app = a!;

  const excluded = new Set(req.excludedExpertIds ?? []);
  const perOrg = new Map<number, number>();
  for (const e of panel) perOrg.set(p.expertOrg[e], (perOrg.get(p.expertOrg[e]) ?? 0) + 1);
  const q = new Qualifier(p).select(app);
  const eligible: number[] = [];
  const trial = [...panel, -1];
  for (let e = 0; e < p.nE; e++) {
    if (e === dropped || !q.ok(e) || panel.includes(e) || excluded.has(p.expertIds[e])) continue;
    if (load[e] >= p.expertCap[e] || (perOrg.get(p.expertOrg[e]) ?? 0) >= p.maxPerOrg) continue;
    trial[panel.length] = e;
    if (!rolesSatisfied(p, trial)) continue;
    eligible.push(e);
  }
  const applicationId = p.appIds[app];
  if (eligible.length === 0)
    throw new DomainError(
      'validation_failed',
      {
        zh: `申报项目 ${applicationId} 没有可替补的专家：其余合格专家均已在组、已排除、同单位超额或评审名额已满`,
        en: `No replacement is available for application ${applicationId}: every other qualified expert is on the panel, excluded, over the per-organisation limit or at their load cap`,
      },
      [{ path: 'drop.applicationId', message: { zh: '无可替补专家', en: 'No eligible replacement' } }],
    );
  const e = eligible[createPrng(req.seed).nextInt(eligible.length)];
  const lo = p.affStart[app];
  const hi = p.affStart[app + 1];
  let affinity = 0;
  for (let i = lo; i < hi; i++) if (p.affExpert[i] === e) affinity = p.affValue[i] / 100;
  return {
    applicationId,
    droppedExpertId: p.expertIds[dropped!],
    expertId: p.expertIds[e],
    affinity,
    eligible: eligible.length,
    seed: req.seed,
    inputHash: canonicalInputHash(p),
    solverVersion,
  };
}
