import { Bilingual } from '../kernel/errors.rules';
import { formatYuan } from '../kernel/money.rules';
import { formatShanghai } from '../kernel/time.rules';
import { recoveryAmountFen } from './midterm.rules';

/**
 * A project's early end (终止 / 撤销, issue 15 §4–6), zod-free as its workflow settles it: what the
 * project is known to have spent, and the recovery order (追回单) that follows from it.
 */

/** Where the spending a termination (or an acceptance's settlement: its final accounts) is settled on comes from. */
export const SPENDING_SOURCES = ['midterm', 'report', 'acceptance', 'none'] as const;
export type SpendingSource = (typeof SPENDING_SOURCES)[number];

/** The spending figures a project has on record, as its activity reads them (numbers only). */
export interface SpendingOnRecord {
  /** The mid-term spending statement (经费支出情况, all categories) and when the PI submitted it. */
  midterm: { spentFen: number; at: string } | null;
  /** The latest accepted progress report: its cumulative spending and when that version was submitted. */
  report: { seq: number; spentFen: number; at: string } | null;
}

export interface SpentAsKnown {
  spentFen: number;
  source: SpendingSource;
  /** The report the figure is from (source 'report'). */
  reportSeq: number | null;
  /** When the figure was declared (UTC ISO), null when nothing is on record. */
  at: string | null;
  /** The source as the finance officer reads it on the order. */
  label: Bilingual;
}

/**
 * A progress report's spending is declared per category as spent so far (累计, the form asks for
 * "spent so far", not the period's spending): the report's cumulative spending is the sum of its
 * categories, never a sum over reports.
 */
export function reportSpentFen(spending: ReadonlyArray<{ spentFen: number }> | null | undefined): number {
  return (spending ?? []).reduce((sum, s) => sum + s.spentFen, 0);
}

/**
 * The best spending figure a project has when it ends early: the later of the mid-term spending
 * statement and the cumulative spending of the latest accepted progress report (both are "spent so
 * far", so the later one knows more). On the same instant the mid-term statement wins: it covers
 * indirect costs too and the institution confirms it. Nothing on record: 0, and the order says so.
 */
export function spentAsKnown(k: SpendingOnRecord): SpentAsKnown {
  const { midterm, report } = k;
  if (report && (!midterm || Date.parse(report.at) > Date.parse(midterm.at))) {
    const at = formatShanghai(report.at);
    return {
      spentFen: report.spentFen,
      source: 'report',
      reportSeq: report.seq,
      at: report.at,
      label: {
        zh: `第 ${report.seq} 期进展报告（已通过，${at} 提交）所报累计支出`,
        en: `the cumulative spending of accepted progress report ${report.seq} (submitted ${at}, Asia/Shanghai)`,
      },
    };
  }
  if (midterm) {
    const at = formatShanghai(midterm.at);
    return {
      spentFen: midterm.spentFen,
      source: 'midterm',
      reportSeq: null,
      at: midterm.at,
      label: {
        zh: `中期检查经费支出情况（${at} 提交）`,
        en: `the mid-term spending statement (submitted ${at}, Asia/Shanghai)`,
      },
    };
  }
  return {
    spentFen: 0,
    source: 'none',
    reportSeq: null,
    at: null,
    label: {
      zh: '无中期经费支出情况或已通过的进展报告，按零支出计',
      en: 'no mid-term spending statement or accepted progress report on record: counted as nothing spent',
    },
  };
}

/** What a recovery order is computed from, kept on its event so the finance officer can check it. */
export interface RecoveryBasis {
  paidFen: number;
  /** Null for a revocation: everything disbursed is recovered whatever was spent. */
  spent: Omit<SpentAsKnown, 'label'> | null;
}

/**
 * The recovery order of an early end: its amount (termination and 结题 through 容错 return what
 * was paid beyond the spending as known, revocation everything paid) and its reason naming the figures and the
 * spending's source. Null when nothing is owed.
 */
export function recoveryOf(
  decision: 'terminate' | 'revoke' | 'close',
  paidFen: number,
  spent: SpentAsKnown,
  reasons: string,
): { amountFen: number; reason: string; basis: RecoveryBasis } | null {
  // 结题 (容错) settles like a termination: what was paid beyond the spending is returned.
  const amountFen = recoveryAmountFen(
    decision === 'revoke' ? 'revoke' : 'terminate',
    paidFen,
    spent.spentFen,
  );
  if (amountFen <= 0) return null;
  if (decision === 'revoke')
    return {
      amountFen,
      reason: `项目撤销，追回全部已拨付资金 ${formatYuan(paidFen)}：${reasons}`,
      basis: { paidFen, spent: null },
    };
  const { label, ...figure } = spent;
  return {
    amountFen,
    reason:
      `${decision === 'close' ? '项目结题（容错）' : '项目终止'}，缴回结余资金 ${formatYuan(amountFen)}（已拨付 ${formatYuan(paidFen)}，` +
      `已支出 ${formatYuan(spent.spentFen)}，依据：${label.zh}）：${reasons}`,
    basis: { paidFen, spent: figure },
  };
}
