/**
 * The budget's arithmetic as the applicant types (yuan in the form). A preview only: the server's
 * formal-check rules (libs/domain application-content.ts, formal-check.ts) decide, and their
 * result is shown after submission.
 */
export interface BudgetLine {
  item?: string;
  amountFen?: number | null; // yuan while in the form
  note?: string;
}
export interface BudgetForm {
  equipment?: BudgetLine[];
  business?: BudgetLine[];
  labour?: BudgetLine[];
  indirectFen?: number | null;
  selfFundingFen?: number | null;
  coFundingFen?: number | null;
}

export const BUDGET_CATEGORIES = ['equipment', 'business', 'labour'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

const fen = (yuan: number | null | undefined) =>
  typeof yuan === 'number' && Number.isFinite(yuan) ? Math.round(yuan * 100) : 0;
const sum = (lines: BudgetLine[] | undefined) => (lines ?? []).reduce((s, l) => s + fen(l?.amountFen), 0);

/** A tier of the indirect-cost cap, as `GET /reference` gives it (uptoFen null: no upper bound). */
export interface IndirectTier {
  uptoFen: number | null;
  percent: number;
}

/** The cap by the server's marginal tiers (30 % to ¥5 M, 25 % to ¥10 M, 20 % above by default). */
export function indirectCapFen(baseFen: number, tiers: readonly IndirectTier[]): number {
  let cap = 0;
  let lower = 0;
  for (const t of tiers) {
    const upper = t.uptoFen ?? Number.MAX_SAFE_INTEGER;
    const part = Math.max(0, Math.min(baseFen, upper) - lower);
    cap += Math.floor((part * t.percent) / 100);
    lower = upper;
    if (baseFen <= upper) break;
  }
  return cap;
}

/** The totals; capFen is null until the tiers (`useReference`) have loaded. */
export function budgetTotals(
  b: BudgetForm | undefined,
  requestedYuan: number | null | undefined,
  tiers: readonly IndirectTier[] | undefined,
) {
  const equipmentFen = sum(b?.equipment);
  const businessFen = sum(b?.business);
  const labourFen = sum(b?.labour);
  const directFen = equipmentFen + businessFen + labourFen;
  const indirectFen = fen(b?.indirectFen);
  const totalFen = directFen + indirectFen;
  const capFen = tiers ? indirectCapFen(directFen - equipmentFen, tiers) : null;
  const sourcesFen = fen(requestedYuan) + fen(b?.selfFundingFen) + fen(b?.coFundingFen);
  return { equipmentFen, businessFen, labourFen, directFen, indirectFen, totalFen, capFen, sourcesFen };
}
