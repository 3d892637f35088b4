import {
  indicatorBasis,
  OUTCOME_TYPE_LABELS,
  OutcomeType,
  OutcomeView,
  percentOfTarget,
  Plan,
  PLAN_LABELS,
  PlanIndicatorView,
  valueInUnit,
} from '@kjflow/domain';
import type { IndicatorRollupRow, OutcomeRow, PlanIndicatorEntity } from '@kjflow/persistence';

/** An outcome as the API shows it. */
export function outcomeView(r: OutcomeRow): OutcomeView {
  return {
    id: r.id,
    projectId: r.projectId,
    projectTitle: r.projectTitle,
    programCode: r.programCode,
    type: r.type as OutcomeType,
    typeLabel: OUTCOME_TYPE_LABELS[r.type as OutcomeType],
    status: r.status as OutcomeView['status'],
    title: r.title,
    occurredOn: r.occurredOn,
    evidence: r.evidence,
    details: r.details,
    keyField: r.keyField,
    county: r.county,
    placementNote: r.placementNote,
    version: r.version,
    registeredBy: r.registeredBy,
    registeredAt: r.registeredAt.toISOString(),
    submittedAt: r.submittedAt.toISOString(),
    decision:
      r.decision && r.decidedBy && r.decidedAt
        ? {
            decision: r.decision as 'verify' | 'return' | 'reject',
            comment: r.decisionComment,
            decidedBy: r.decidedBy,
            decidedAt: r.decidedAt.toISOString(),
          }
        : null,
    contributions: r.contributions,
  };
}

/** A plan indicator with how outcomes measure it (the domain's mapping). */
export function planIndicatorView(i: PlanIndicatorEntity): PlanIndicatorView {
  const basis = indicatorBasis(i.code);
  return {
    code: i.code,
    plan: i.plan as Plan,
    planLabel: PLAN_LABELS[i.plan as Plan],
    group: i.groupName,
    zh: i.zh,
    unit: i.unit,
    baseline: i.baseline === null ? null : Number(i.baseline),
    baselineYear: i.baselineYear,
    target: Number(i.target),
    periodFrom: i.periodFrom,
    periodTo: i.periodTo,
    kind: i.kind,
    attribute: i.attribute,
    source: i.source,
    measure: basis?.measure ?? null,
    countedFrom: basis?.countedFrom ?? null,
    outcomeTypes: basis ? [...basis.outcomeTypes] : [],
    note: basis?.note ?? null,
  };
}

/** One roll-up number with its indicator's plan, unit, target and share of the target. */
export function indicatorRowView(r: IndicatorRollupRow, i: PlanIndicatorView) {
  return {
    key: r.key,
    indicatorCode: i.code,
    indicator: i.zh,
    plan: i.plan,
    unit: i.unit,
    measure: i.measure,
    baseline: i.baseline,
    target: i.target,
    value: r.value,
    valueInUnit: valueInUnit(r.value, i.measure, i.unit),
    percentOfTarget: percentOfTarget(r.value, i.measure, i.target, i.unit),
    outcomes: r.outcomes,
    projectCount: r.projectCount,
    projects: r.projects,
  };
}
