import { caught } from '../kernel/spec-helpers';
import {
  assertPanelRecommendation,
  consolidateAcceptancePanel,
  panelFinding,
  panelSettingsFor,
} from './panel-stage.rules';

describe('a project panel by stage (中期检查专家组, 验收专家组)', () => {
  it('takes the stage’s outcomes only, refusing another stage’s on its field (400)', () => {
    expect(() => assertPanelRecommendation('midterm', 'continue')).not.toThrow();
    expect(() => assertPanelRecommendation('acceptance', 'conditional')).not.toThrow();
    const e = caught(() => assertPanelRecommendation('midterm', 'pass'));
    expect([e.code, e.fields[0]?.path]).toEqual(['validation_failed', 'recommendation']);
    expect(e.bilingual.zh).toContain('中期检查专家组的建议须为');
    expect(caught(() => assertPanelRecommendation('acceptance', 'continue')).bilingual.en).toBe(
      'The acceptance panel recommends one of: pass, conditional, fail, closure',
    );
  });

  it('composes the acceptance panel by RULES §10: at least 5, odd, a finance expert, the issuer for a challenge', () => {
    const t = { size: 3, financeExpert: false, issuerRepresentative: false, maxPerOrganisation: 1 };
    expect(panelSettingsFor('acceptance', t, 'directed')).toEqual({
      size: 5,
      financeExpert: true,
      issuerRepresentative: false,
      maxPerOrganisation: 1,
    });
    expect(panelSettingsFor('acceptance', { ...t, size: 7 }, 'directed').size).toBe(7);
    expect(panelSettingsFor('acceptance', { ...t, size: 6 }, 'directed').size).toBe(7);
    expect(panelSettingsFor('acceptance', t, 'challenge').issuerRepresentative).toBe(true);
    // The mid-term panel is the template's as it is.
    expect(panelSettingsFor('midterm', t, 'challenge')).toEqual(t);
  });

  it('consolidates the verdicts by plurality, a tie to the more cautious', () => {
    expect(consolidateAcceptancePanel(['pass', 'pass', 'conditional']).recommendation).toBe('pass');
    const tie = consolidateAcceptancePanel(['pass', 'pass', 'fail', 'fail', 'conditional']);
    expect([tie.recommendation, tie.tie]).toEqual(['fail', true]);
    expect(consolidateAcceptancePanel([]).recommendation).toBeNull();
  });

  it('a finding stands on a strict majority of the opinions', () => {
    expect(panelFinding([true, true, false])).toBe(true);
    expect(panelFinding([true, false])).toBe(false);
    expect(panelFinding([])).toBe(false);
  });
});
