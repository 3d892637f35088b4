import { Bilingual, DomainError } from '../kernel/errors.rules';
import { addDuration } from '../kernel/iso-duration.rules';

/**
 * 验收 / 结题 (RULES §10, §14 Acceptance), zod-free as the project's workflow runs it: after the
 * term ends the PI applies with the dossier, the host institution confirms it, the bureau checks it
 * for form, a panel reviews it, and one verdict follows, published with its objection window.
 */
export const ACCEPTANCE_VERDICTS = ['pass', 'conditional', 'fail', 'closure'] as const;
export type AcceptanceVerdict = (typeof ACCEPTANCE_VERDICTS)[number];
export const ACCEPTANCE_VERDICT_LABELS: Record<AcceptanceVerdict, Bilingual> = {
  pass: { zh: '通过验收', en: 'Passed' },
  conditional: { zh: '需要复议（限期整改）', en: 'Conditional (rectify, then re-check)' },
  fail: { zh: '不通过验收', en: 'Failed' },
  closure: { zh: '结题', en: 'Closed without acceptance' },
};

/** Where acceptance stands: waiting for the dossier (or its rectification), then each step in turn. */
export const ACCEPTANCE_PHASES = [
  'awaiting',
  'submitted',
  'confirmed',
  'checked',
  'reviewed',
  'rectifying',
  'decided',
] as const;
export type AcceptancePhase = (typeof ACCEPTANCE_PHASES)[number];
export type AcceptanceStep = 'submit' | 'confirm' | 'check' | 'review' | 'decide';

/**
 * Defaults of the template durations and thresholds this stage reads: apply within 6 months of the
 * term's end, fail when more than 6 months later still nothing is submitted; one rectification of at
 * most 3 months; the conclusion open to objections for 5 working days (RULES §10, §13).
 */
export const DEFAULT_ACCEPTANCE_TERMS = {
  window: 'P6M',
  overdueLimit: 'P6M',
  rectifyWindow: 'P3M',
  objectionWorkingDays: 5,
} as const;

/** Below this completion the verdict may not be a pass (需要复议 < 90 %), below the other a fail (< 80 %). */
export const PASS_COMPLETION = 0.9;
export const FAIL_COMPLETION = 0.8;

/** When the PI applies by (term end + window) and when an unsubmitted acceptance fails (+ overdue limit). */
export function acceptanceDeadlines(
  endsAt: string,
  terms: { window?: string; overdueLimit?: string } = {},
): { applyBy: string; failsAt: string } {
  const applyBy = addDuration(new Date(endsAt), terms.window ?? DEFAULT_ACCEPTANCE_TERMS.window);
  const failsAt = addDuration(applyBy, terms.overdueLimit ?? DEFAULT_ACCEPTANCE_TERMS.overdueLimit);
  return { applyBy: applyBy.toISOString(), failsAt: failsAt.toISOString() };
}

/** One agreement indicator as the dossier reports it: the target agreed and what was achieved. */
export interface IndicatorResult {
  target: number;
  achieved: number;
}

/**
 * 任务完成率: the mean over the agreement's indicators of what was achieved against the target,
 * each capped at 100 % (exceeding one does not make up for missing another). A target of 0 or
 * less counts as met when the achievement reaches it. No indicators: 0 (nothing shown done).
 */
export function completionRate(results: readonly IndicatorResult[]): number {
  if (results.length === 0) return 0;
  const shares = results.map(({ target, achieved }) =>
    target > 0 ? Math.min(1, Math.max(0, achieved / target)) : achieved >= target ? 1 : 0,
  );
  return shares.reduce((a, b) => a + b, 0) / shares.length;
}

/** What the verdict is checked against: the dossier's facts and the formal check's findings. */
export interface AcceptanceFacts {
  /** 任务完成率, 0…1 (completionRate). */
  completion: number;
  /** Changes of objectives or route made without approval (变更未经批准). */
  unapprovedChanges: number;
  /** The panel or the check found material not genuine (材料、数据不真实). */
  falseMaterial: boolean;
  /** Spending not compliant (经费使用不规范), as the finance expert found. */
  spendingIssues: boolean;
  /** The dossier arrived after the acceptance window (then: overdue, not failed, unless past the limit). */
  late: boolean;
}

/** The grounds (RULES §10, 安阳 thresholds as Baise defaults) on which a verdict is bound. */
export interface VerdictGrounds {
  /** Grounds that make the verdict a fail (不通过). */
  fail: Bilingual[];
  /** Grounds that keep it from a pass (需要复议). */
  conditional: Bilingual[];
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The grounds the facts give: each named with its number, so a refusal can say which. */
export function verdictGrounds(f: AcceptanceFacts): VerdictGrounds {
  const fail: Bilingual[] = [];
  const conditional: Bilingual[] = [];
  if (f.completion < FAIL_COMPLETION)
    fail.push({
      zh: `任务完成率 ${pct(f.completion)}，低于 ${pct(FAIL_COMPLETION)}`,
      en: `Task completion ${pct(f.completion)} is below ${pct(FAIL_COMPLETION)}`,
    });
  else if (f.completion < PASS_COMPLETION)
    conditional.push({
      zh: `任务完成率 ${pct(f.completion)}，低于 ${pct(PASS_COMPLETION)}`,
      en: `Task completion ${pct(f.completion)} is below ${pct(PASS_COMPLETION)}`,
    });
  if (f.unapprovedChanges > 0)
    fail.push({
      zh: `有 ${f.unapprovedChanges} 项考核指标、研究内容或技术路线的变更未经批准`,
      en: `${f.unapprovedChanges} change(s) of indicators, content or technical route were made without approval`,
    });
  if (f.falseMaterial)
    fail.push({ zh: '验收材料、数据不真实', en: 'The acceptance material or data are not genuine' });
  if (f.spendingIssues)
    conditional.push({ zh: '经费使用不规范', en: 'The spending does not comply with the rules' });
  return { fail, conditional };
}

/**
 * The verdicts the facts allow: a fail ground allows only a fail (or 结题 where honest failure
 * covers it, decided on its own path); a conditional ground rules out a pass; in a re-check after
 * rectification only pass or fail remain (one chance to fix, RULES §10).
 */
export function allowedVerdicts(f: AcceptanceFacts, round: number): AcceptanceVerdict[] {
  const g = verdictGrounds(f);
  if (g.fail.length) return ['fail'];
  if (round > 1) return g.conditional.length ? ['fail'] : ['pass', 'fail'];
  return g.conditional.length
    ? ['conditional', 'fail', 'closure']
    : ['pass', 'conditional', 'fail', 'closure'];
}

/** The verdict the rules suggest (the most favourable one they allow). */
export function suggestedVerdict(f: AcceptanceFacts, round: number): AcceptanceVerdict {
  return allowedVerdicts(f, round)[0]!;
}

/** Refuses a verdict the facts do not allow, naming the grounds. */
export function assertVerdictAllowed(f: AcceptanceFacts, round: number, verdict: AcceptanceVerdict): void {
  if (allowedVerdicts(f, round).includes(verdict)) return;
  const g = verdictGrounds(f);
  const grounds = g.fail.length ? g.fail : g.conditional;
  const label = ACCEPTANCE_VERDICT_LABELS[verdict];
  if (grounds.length === 0)
    throw new DomainError('rule_refused', {
      zh: `整改后的复查只能作出通过或不通过的结论，不能${label.zh}`,
      en: `The re-check after rectification ends in a pass or a fail, not "${label.en}"`,
    });
  throw new DomainError('rule_refused', {
    zh: `不能作出“${label.zh}”的结论：${grounds.map((x) => x.zh).join('；')}`,
    en: `The verdict "${label.en}" is not allowed: ${grounds.map((x) => x.en).join('; ')}`,
  });
}

/** The project status a final verdict leaves (a conditional one keeps the project rectifying). */
export function statusAfterAcceptance(
  verdict: AcceptanceVerdict,
): 'accepted' | 'rectifying' | 'closed' | 'failed' {
  if (verdict === 'pass') return 'accepted';
  if (verdict === 'conditional') return 'rectifying';
  if (verdict === 'closure') return 'closed';
  return 'failed';
}

/**
 * 结余经费 after a pass (RULES §10, seed 000 line 329): kept by the host institution for research
 * use when the credit of the institution and the PI allows, else recovered. After a fail or a
 * closure without honest failure, the unspent funds are recovered. Integer fen, never negative.
 */
export function surplusFen(paidFen: number, spentFen: number): number {
  return Math.max(0, paidFen - spentFen);
}
