import { BUDGET_CATEGORIES, type BudgetCategory } from '../../lib/budget';
import { yuanToFen } from '../../lib/money';

/**
 * The PI's execution forms (进展报告, 中期检查, 验收申请, 变更申请) keep the API's field names, so the
 * API's field-level errors land on the input that caused them, but money in yuan as people type
 * it. These functions fill a form from the agreement's terms (or an earlier version) and turn it
 * into the body the API takes. The API validates; nothing here repeats its rules.
 */

/** The agreement's terms as the API stores them (GET /agreements/:id `content`), read defensively. */
export interface AgreementTerms {
  title?: string;
  objectives?: string;
  indicators?: Array<{ name: string; unit: string; target: number; assessment?: string }>;
  milestones?: Array<{ title: string; start?: string; end?: string; deliverable?: string }>;
  budget?: {
    equipment?: Array<{ item: string; amountFen: number }>;
    business?: Array<{ item: string; amountFen: number }>;
    labour?: Array<{ item: string; amountFen: number }>;
    indirectFen?: number;
  } | null;
  /** The payment plan the award set (the installments are recorded at signing). */
  installments?: Array<{ sharePercent: number; releasedBy: string; amountFen: number }>;
  performancePledge?: {
    goals?: string;
    milestones?: Array<{ title: string; due: string; indicator: string }>;
    consequences?: string;
    bureauTerms?: { zh: string; en: string };
  } | null;
}

export const terms = (content: Record<string, unknown> | undefined): AgreementTerms =>
  (content ?? {}) as AgreementTerms;

const yuan = (fen: unknown) => (typeof fen === 'number' ? fen / 100 : null);
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** The budget of one direct-cost category in the agreement, integer fen. */
export function plannedFen(t: AgreementTerms, category: BudgetCategory): number {
  return (t.budget?.[category] ?? []).reduce((s, l) => s + (l.amountFen ?? 0), 0);
}

/** An installment as the agreement page lists it: recorded, or planned in the terms before signing. */
export interface InstallmentRow {
  seq: number;
  sharePercent: number;
  amountFen: number;
  releasedBy: string;
  /** The API's label of a recorded installment; a planned one is named from its code. */
  releasedByLabel: { zh: string; en: string } | null;
  status: 'planned' | 'approved' | 'paid';
  dueByLocal: string | null;
  overdue: boolean;
}

export function installmentRows(
  recorded: ReadonlyArray<
    Omit<InstallmentRow, 'releasedByLabel'> & { releasedByLabel: { zh: string; en: string } }
  >,
  t: AgreementTerms,
): InstallmentRow[] {
  if (recorded.length) return [...recorded];
  return (t.installments ?? []).map((p, i) => ({
    seq: i + 1,
    sharePercent: p.sharePercent,
    amountFen: p.amountFen,
    releasedBy: p.releasedBy,
    releasedByLabel: null,
    status: 'planned' as const,
    dueByLocal: null,
    overdue: false,
  }));
}

// ---- 进展报告 ----------------------------------------------------------------------------------

export interface ReportForm {
  progress?: string;
  milestones?: Array<{ name?: string; status?: string; note?: string }>;
  indicators?: Array<{ name?: string; unit?: string; target?: number | null; achieved?: number | null }>;
  spending?: Array<{ category?: BudgetCategory; plannedFen?: number | null; spentFen?: number | null }>;
  problems?: string;
  outcomes?: string;
  attachmentIds?: string[];
}

/**
 * A progress report to fill: the last version sent (a returned report is revised), else the
 * agreement's milestones, indicators and budget with nothing achieved or spent yet.
 */
export function reportFormFrom(t: AgreementTerms, last?: Record<string, unknown> | null): ReportForm {
  if (last)
    return {
      progress: String(last.progress ?? ''),
      milestones: list(last.milestones),
      indicators: list(last.indicators),
      spending: list<{ category: BudgetCategory; plannedFen: number; spentFen: number }>(last.spending).map(
        (s) => ({ category: s.category, plannedFen: yuan(s.plannedFen), spentFen: yuan(s.spentFen) }),
      ),
      problems: String(last.problems ?? ''),
      outcomes: String(last.outcomes ?? ''),
      attachmentIds: list(last.attachmentIds),
    };
  return {
    progress: '',
    milestones: (t.milestones ?? []).map((m) => ({ name: m.title, status: 'not_started', note: '' })),
    indicators: (t.indicators ?? []).map((i) => ({
      name: i.name,
      unit: i.unit,
      target: i.target,
      achieved: null,
    })),
    spending: BUDGET_CATEGORIES.map((category) => ({
      category,
      plannedFen: yuan(plannedFen(t, category)),
      spentFen: null,
    })),
    problems: '',
    outcomes: '',
    attachmentIds: [],
  };
}

/** POST /projects/:id/reports/:seq/submission for a progress report: money in fen. */
export function reportBody(v: ReportForm): Record<string, unknown> {
  return {
    progress: v.progress ?? '',
    milestones: (v.milestones ?? []).map((m) => ({
      name: m.name ?? '',
      status: m.status,
      note: m.note ?? '',
    })),
    indicators: (v.indicators ?? []).map((i) => ({
      name: i.name ?? '',
      unit: i.unit ?? '',
      // A blank number is left out, so the API names it as missing.
      target: i.target ?? undefined,
      achieved: i.achieved ?? undefined,
    })),
    spending: (v.spending ?? []).map((s) => ({
      category: s.category,
      plannedFen: yuanToFen(s.plannedFen),
      spentFen: yuanToFen(s.spentFen),
    })),
    problems: v.problems ?? '',
    outcomes: v.outcomes ?? '',
    attachmentIds: v.attachmentIds ?? [],
  };
}

// ---- 服务日志 (a commissioner's reports) -------------------------------------------------------

export interface ServiceLogForm {
  summary?: string;
  visits?: Array<{ date?: string; place?: string; served?: string; note?: string }>;
  trainings?: Array<{ topic?: string; sessions?: number | null; peopleTrained?: number | null }>;
  technologies?: Array<{ name?: string; note?: string }>;
  problemsSolved?: Array<{ problem?: string; solution?: string }>;
  attachmentIds?: string[];
}

export function serviceLogFormFrom(last?: Record<string, unknown> | null): ServiceLogForm {
  return {
    summary: String(last?.summary ?? ''),
    visits: list(last?.visits),
    trainings: list(last?.trainings),
    technologies: list(last?.technologies),
    problemsSolved: list(last?.problemsSolved),
    attachmentIds: list(last?.attachmentIds),
  };
}

/** A service log as sent: rows as typed (blank notes as empty strings). */
export function serviceLogBody(v: ServiceLogForm): Record<string, unknown> {
  return {
    summary: v.summary ?? '',
    visits: (v.visits ?? []).map((x) => ({ ...x, note: x.note ?? '' })),
    trainings: v.trainings ?? [],
    technologies: (v.technologies ?? []).map((x) => ({ ...x, note: x.note ?? '' })),
    problemsSolved: (v.problemsSolved ?? []).map((x) => ({ ...x, solution: x.solution ?? '' })),
    attachmentIds: v.attachmentIds ?? [],
  };
}

// ---- 中期检查 -----------------------------------------------------------------------------------

export const MIDTERM_SPENDING = ['equipment', 'business', 'labour', 'indirect'] as const;
export interface MidtermForm {
  selfAssessment?: string;
  spending?: Partial<Record<(typeof MIDTERM_SPENDING)[number], number | null>>;
}

export function midtermBody(v: MidtermForm) {
  const s = v.spending ?? {};
  return {
    selfAssessment: v.selfAssessment ?? '',
    spending: {
      equipment: yuanToFen(s.equipment),
      business: yuanToFen(s.business),
      labour: yuanToFen(s.labour),
      indirect: yuanToFen(s.indirect),
    },
  };
}

// ---- 验收申请 -----------------------------------------------------------------------------------

export interface DossierForm {
  summary?: string;
  indicators?: Array<{
    name?: string;
    unit?: string;
    target?: number | null;
    achieved?: number | null;
    evidence?: string;
    attachmentIds?: string[];
  }>;
  accounts?: Array<{ category?: BudgetCategory; plannedFen?: number | null; spentFen?: number | null }>;
  indirectSpentFen?: number | null;
  auditReportId?: string | null;
  testReportIds?: string[];
  attachmentIds?: string[];
}

/** The dossier to fill: the last one sent (returned or rectified), else the agreement's indicators and budget. */
export function dossierFormFrom(t: AgreementTerms, last?: Record<string, unknown> | null): DossierForm {
  if (last)
    return {
      summary: String(last.summary ?? ''),
      indicators: list(last.indicators),
      accounts: list<{ category: BudgetCategory; plannedFen: number; spentFen: number }>(last.accounts).map(
        (a) => ({ category: a.category, plannedFen: yuan(a.plannedFen), spentFen: yuan(a.spentFen) }),
      ),
      indirectSpentFen: yuan(last.indirectSpentFen),
      auditReportId: (last.auditReportId as string | null) ?? null,
      testReportIds: list(last.testReportIds),
      attachmentIds: list(last.attachmentIds),
    };
  return {
    summary: '',
    indicators: (t.indicators ?? []).map((i) => ({
      name: i.name,
      unit: i.unit,
      target: i.target,
      achieved: null,
      evidence: '',
      attachmentIds: [],
    })),
    accounts: BUDGET_CATEGORIES.map((category) => ({
      category,
      plannedFen: yuan(plannedFen(t, category)),
      spentFen: null,
    })),
    indirectSpentFen: null,
    auditReportId: null,
    testReportIds: [],
    attachmentIds: [],
  };
}

export function dossierBody(v: DossierForm) {
  return {
    summary: v.summary ?? '',
    indicators: (v.indicators ?? []).map((i) => ({
      name: i.name ?? '',
      unit: i.unit ?? '',
      target: i.target ?? undefined,
      achieved: i.achieved ?? undefined,
      evidence: i.evidence ?? '',
      attachmentIds: i.attachmentIds ?? [],
    })),
    accounts: (v.accounts ?? []).map((a) => ({
      category: a.category as BudgetCategory,
      plannedFen: yuanToFen(a.plannedFen),
      spentFen: yuanToFen(a.spentFen),
    })),
    indirectSpentFen: yuanToFen(v.indirectSpentFen),
    auditReportId: v.auditReportId ?? null,
    testReportIds: v.testReportIds ?? [],
    attachmentIds: v.attachmentIds ?? [],
  };
}

// ---- 变更申请 -----------------------------------------------------------------------------------

/** The kinds the PI asks for here (a new PI or host is chosen from the API's lists by name). */
export const CHANGE_FORM_KINDS = [
  'budget_adjustment',
  'extension',
  'pi_change',
  'institution_change',
  'team_change',
  'objectives_change',
  'termination_request',
] as const;
export type ChangeFormKind = (typeof CHANGE_FORM_KINDS)[number];

export interface ChangeForm {
  kind?: ChangeFormKind;
  reason?: string;
  budget?: {
    equipmentFen?: number | null;
    businessFen?: number | null;
    labourFen?: number | null;
    indirectFen?: number | null;
  };
  pledge?: boolean;
  /** Months, sent as an ISO 8601 duration (P6M). */
  extendBy?: number | null;
  team?: Array<{ name?: string; role?: string; effortPercent?: number | null }>;
  objectives?: string;
  technicalRoute?: string;
  newPiId?: string | null;
  newInstitutionId?: string | null;
}

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

/** The agreement's budget by category, in yuan: where a budget adjustment starts from. */
export function budgetFormFrom(t: AgreementTerms): NonNullable<ChangeForm['budget']> {
  return {
    equipmentFen: yuan(plannedFen(t, 'equipment')),
    businessFen: yuan(plannedFen(t, 'business')),
    labourFen: yuan(plannedFen(t, 'labour')),
    indirectFen: yuan(t.budget?.indirectFen ?? 0),
  };
}

/** POST /projects/:id/changes: only the fields of the chosen kind. */
export function changeBody(v: ChangeForm) {
  const reason = v.reason ?? '';
  switch (v.kind) {
    case 'budget_adjustment': {
      const b = v.budget ?? {};
      return {
        kind: v.kind,
        reason,
        budget: {
          equipmentFen: yuanToFen(b.equipmentFen),
          businessFen: yuanToFen(b.businessFen),
          labourFen: yuanToFen(b.labourFen),
          indirectFen: yuanToFen(b.indirectFen),
        },
        ...(v.pledge ? { pledge: true } : {}),
      };
    }
    case 'extension':
      return { kind: v.kind, reason, extendBy: `P${v.extendBy ?? 0}M` };
    case 'team_change':
      return {
        kind: v.kind,
        reason,
        team: (v.team ?? []).map((m) => ({
          name: m.name ?? '',
          role: m.role ?? '',
          ...(typeof m.effortPercent === 'number' ? { effortPercent: m.effortPercent } : {}),
        })),
      };
    case 'objectives_change':
      return {
        kind: v.kind,
        reason,
        ...(blank(v.objectives) ? {} : { objectives: v.objectives }),
        ...(blank(v.technicalRoute) ? {} : { technicalRoute: v.technicalRoute }),
      };
    case 'pi_change':
      return { kind: v.kind, reason, newPiId: v.newPiId ?? '' };
    case 'institution_change':
      return { kind: v.kind, reason, newInstitutionId: v.newInstitutionId ?? '' };
    case 'termination_request':
      return { kind: v.kind, reason };
    default:
      // No kind chosen: sent as is, so the API names the field.
      return { kind: v.kind, reason };
  }
}
