import type { DraftPatch } from '../../api/hooks/applications';
import type { ApplicationContent } from '../../api/hooks/work';
import { BUDGET_CATEGORIES, type BudgetForm } from '../../lib/budget';
import { yuanToFen } from '../../lib/money';

/**
 * The form keeps the API's field names (so the API's field-level errors land on the right input)
 * but money in yuan, as people type it; these two functions convert at load and save.
 */
export type FormValues = Omit<DraftPatch, 'budget' | 'requestedFen'> & {
  requestedFen?: number | null;
  budget?: BudgetForm;
};

const yuan = (fen: number | null | undefined) => (typeof fen === 'number' ? fen / 100 : null);

export function toForm(c: ApplicationContent): FormValues {
  const b = c.budget;
  return {
    ...c,
    requestedFen: c.requestedFen ? yuan(c.requestedFen) : null,
    budget: b
      ? {
          equipment: b.equipment.map((l) => ({ ...l, amountFen: yuan(l.amountFen) })),
          business: b.business.map((l) => ({ ...l, amountFen: yuan(l.amountFen) })),
          labour: b.labour.map((l) => ({ ...l, amountFen: yuan(l.amountFen) })),
          indirectFen: yuan(b.indirectFen),
          selfFundingFen: yuan(b.selfFundingFen),
          coFundingFen: yuan(b.coFundingFen),
        }
      : { equipment: [], business: [], labour: [] },
  };
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** What PATCH /applications/:id takes: integer fen, an untouched PI left out. */
export function fromForm(v: FormValues): DraftPatch {
  const b = v.budget ?? {};
  const pi = v.pi && Object.values(v.pi).some((x) => !blank(x)) ? v.pi : undefined;
  const patch: DraftPatch = {
    title: v.title,
    summary: v.summary ?? '',
    requestedFen: yuanToFen(v.requestedFen),
    ...(pi ? { pi: { ...pi, email: blank(pi.email) ? undefined : pi.email } } : {}),
    team: v.team ?? [],
    cooperators: v.cooperators ?? [],
    objectives: v.objectives ?? '',
    technicalRoute: v.technicalRoute ?? '',
    indicators: v.indicators ?? [],
    schedule: v.schedule ?? [],
    budget: {
      equipment: [],
      business: [],
      labour: [],
      indirectFen: yuanToFen(b.indirectFen),
      selfFundingFen: yuanToFen(b.selfFundingFen),
      coFundingFen: yuanToFen(b.coFundingFen),
    },
    ethicsReviewRequired: Boolean(v.ethicsReviewRequired),
  };
  for (const cat of BUDGET_CATEGORIES)
    patch.budget![cat] = (b[cat] ?? []).map((l) => ({
      item: l?.item ?? '',
      amountFen: yuanToFen(l?.amountFen),
      ...(blank(l?.note) ? {} : { note: l!.note }),
    }));
  return patch;
}
