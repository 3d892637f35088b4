import { Bilingual, DomainError } from '../kernel/errors.rules';
import { consolidateRecommendations, Consolidation } from '../review/expert-panel.rules';
import { ACCEPTANCE_VERDICT_LABELS, ACCEPTANCE_VERDICTS, AcceptanceVerdict } from './acceptance.rules';
import { MIDTERM_DECISION_LABELS, MIDTERM_DECISIONS } from './midterm.rules';

/**
 * A project's expert panel sits for one stage: the mid-term check (issue 15 §4) or acceptance
 * (issue 16 §1). The engine, the seats and the answers are the same; what a member may recommend,
 * how the opinions consolidate and how the panel is composed depend on the stage.
 */
export const PANEL_STAGES = ['midterm', 'acceptance'] as const;
export type PanelStage = (typeof PANEL_STAGES)[number];
export const PANEL_STAGE_LABELS: Record<PanelStage, Bilingual> = {
  midterm: { zh: '中期检查', en: 'Mid-term check' },
  acceptance: { zh: '验收', en: 'Acceptance' },
};

/** What any panel member may recommend, whatever the stage (the body's enum; the stage narrows it). */
export const PANEL_RECOMMENDATIONS = [...MIDTERM_DECISIONS, ...ACCEPTANCE_VERDICTS] as const;
export type PanelRecommendation = (typeof PANEL_RECOMMENDATIONS)[number];

const OF_STAGE: Record<PanelStage, readonly string[]> = {
  midterm: MIDTERM_DECISIONS,
  acceptance: ACCEPTANCE_VERDICTS,
};
const LABELS_OF_STAGE: Record<PanelStage, Record<string, Bilingual>> = {
  midterm: MIDTERM_DECISION_LABELS,
  acceptance: ACCEPTANCE_VERDICT_LABELS,
};

/** A recommendation of another stage is refused on its field (400), naming the stage's outcomes. */
export function assertPanelRecommendation(stage: PanelStage, recommendation: string): void {
  if (OF_STAGE[stage].includes(recommendation)) return;
  const labels = LABELS_OF_STAGE[stage];
  const zh = OF_STAGE[stage].map((o) => `${o}（${labels[o].zh}）`).join('、');
  const en = OF_STAGE[stage].join(', ');
  const message = {
    zh: `${PANEL_STAGE_LABELS[stage].zh}专家组的建议须为：${zh}`,
    en: `The ${PANEL_STAGE_LABELS[stage].en.toLowerCase()} panel recommends one of: ${en}`,
  };
  throw new DomainError('validation_failed', message, [{ path: 'recommendation', message }]);
}

/** Acceptance opinions consolidate towards the more cautious verdict on a tie (least to most cautious). */
export const ACCEPTANCE_CAUTION_ORDER: readonly AcceptanceVerdict[] = [
  'pass',
  'conditional',
  'closure',
  'fail',
];

export function consolidateAcceptancePanel(
  recommendations: readonly AcceptanceVerdict[],
): Consolidation<AcceptanceVerdict> {
  return consolidateRecommendations(recommendations, ACCEPTANCE_CAUTION_ORDER, ACCEPTANCE_VERDICT_LABELS);
}

/**
 * A finding of the panel (false material, spending not compliant) stands when most of the opinions
 * given make it (a strict majority: one member's suspicion is for the officer to weigh, not a fail).
 */
export function panelFinding(flags: readonly boolean[]): boolean {
  return flags.filter(Boolean).length * 2 > flags.length;
}

/** The panel settings of a program template, as a stage's panel is drawn. */
export interface PanelSettings {
  size: number;
  financeExpert: boolean;
  issuerRepresentative: boolean;
  maxPerOrganisation: number;
}

/**
 * The acceptance panel (RULES §10, §13): at least 5 experts and an odd number, a finance expert
 * always (the final accounts are part of the verdict), and for a challenge the issuer's
 * representative (the test is the challenge's indicators, RULES §12.3). The mid-term panel is the
 * template's as it is.
 */
export function panelSettingsFor(stage: PanelStage, panel: PanelSettings, mode: string): PanelSettings {
  if (stage === 'midterm') return panel;
  const size = Math.max(5, panel.size);
  return {
    ...panel,
    size: size % 2 === 1 ? size : size + 1,
    financeExpert: true,
    issuerRepresentative: mode === 'challenge' || panel.issuerRepresentative,
  };
}
