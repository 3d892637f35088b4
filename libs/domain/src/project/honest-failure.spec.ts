import {
  checkEligibility,
  creditBars,
  creditRecordSchema,
  CreditRecord,
  rateCredit,
  recoveryOf,
  spentAsKnown,
} from '../index';
import { caught, HAN } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';
import {
  assertExpertConfirmation,
  assertHonestFailureActor,
  assertHonestFailureEligible,
  assertHonestFailureStep,
  expertConfirmationSchema,
  HonestFailureFacts,
  honestFailureRefusals,
  honestFailureRequestSchema,
} from './honest-failure';

const PI = '11111111-1111-4111-8111-111111111111';
const INSTITUTION = '22222222-2222-4222-8222-222222222222';
const PROJECT = '44444444-4444-4444-8444-444444444444';
const NOW = Date.parse('2026-06-01T00:00:00Z');

const clean: HonestFailureFacts = {
  status: 'ongoing',
  mode: 'open_competition',
  riskProfile: 'exploratory',
  misconductFindings: [],
  reports: [
    // Due 1 March, submitted on 10 March: late, but within the month of grace.
    { seq: 1, dueAt: '2026-03-01T00:00:00Z', firstSubmittedAt: '2026-03-10T00:00:00Z' },
  ],
  grace: 'P1M',
  unapprovedChange: false,
  spending: {
    seq: 1,
    categories: [
      { category: 'equipment', plannedFen: 100_000, spentFen: 100_000 },
      { category: 'business', plannedFen: 50_000, spentFen: 20_000 },
    ],
  },
};
const rules = (f: Partial<HonestFailureFacts>) =>
  honestFailureRefusals({ ...clean, ...f }, NOW).map((r) => r.rule);

describe('honest failure (容错): eligibility from the project’s own records', () => {
  it('admits a flagged project with a clean record (a late report within its grace is on time)', () => {
    expect(honestFailureRefusals(clean, NOW)).toEqual([]);
    expect(() => assertHonestFailureEligible(clean, NOW)).not.toThrow();
  });

  it('needs the exploratory or high-risk flag, or a challenge or horse-race team', () => {
    expect(rules({ riskProfile: null })).toEqual(['risk_flagged']);
    expect(rules({ riskProfile: 'high_risk' })).toEqual([]);
    expect(rules({ riskProfile: null, mode: 'challenge' })).toEqual([]);
    expect(rules({ riskProfile: null, mode: 'horse_race' })).toEqual([]);
    expect(rules({ riskProfile: null, mode: null })).toEqual(['risk_flagged']);
  });

  it('is refused where a misconduct finding exists', () => {
    expect(rules({ misconductFindings: [{ id: 'r1', kind: 'fabrication' }] })).toEqual(['no_misconduct']);
  });

  it('is refused with a report overdue past its grace: submitted after it, or still missing', () => {
    expect(
      rules({
        reports: [{ seq: 1, dueAt: '2026-03-01T00:00:00Z', firstSubmittedAt: '2026-04-02T00:00:00Z' }],
      }),
    ).toEqual(['reports_on_time']);
    expect(rules({ reports: [{ seq: 2, dueAt: '2026-04-01T00:00:00Z', firstSubmittedAt: null }] })).toEqual([
      'reports_on_time',
    ]);
    // Not yet past the grace at NOW: not late.
    expect(rules({ reports: [{ seq: 2, dueAt: '2026-05-15T00:00:00Z', firstSubmittedAt: null }] })).toEqual(
      [],
    );
    // The template's grace decides: a week's grace makes the 10 March submission late.
    expect(rules({ grace: 'P7D' })).toEqual(['reports_on_time']);
  });

  it('is refused when funds were not used per plan: an unapproved change, or a category beyond its plan', () => {
    expect(rules({ unapprovedChange: true })).toEqual(['funds_per_plan']);
    const over = {
      spending: { seq: 2, categories: [{ category: 'labour', plannedFen: 10_000, spentFen: 10_001 }] },
    };
    expect(rules(over)).toEqual(['funds_per_plan']);
    expect(honestFailureRefusals({ ...clean, ...over }, NOW)[0].detail.zh).toContain('labour');
  });

  it('names every rule not met, each on its own field, bilingual', () => {
    const err = caught(() =>
      assertHonestFailureEligible(
        { ...clean, riskProfile: null, misconductFindings: [{ id: 'r1', kind: 'plagiarism' }] },
        NOW,
      ),
    );
    expect(err.code).toBe('rule_refused');
    expect(err.fields.map((f) => f.path)).toEqual(['rules.risk_flagged', 'rules.no_misconduct']);
    expect(err.bilingual.zh).toMatch(HAN);
    expect(err.bilingual.en).toContain('misconduct finding');
  });

  it('does not apply to a project whose execution has ended', () => {
    expect(rules({ status: 'terminated' })).toEqual(['project_ongoing']);
    expect(rules({ status: 'rectifying' })).toEqual([]);
  });
});

describe('honest failure: steps, parties and the experts’ confirmation', () => {
  it('takes its steps in order; a refused round may be asked again', () => {
    expect(() => assertHonestFailureStep('ongoing', null, 'request')).not.toThrow();
    expect(caught(() => assertHonestFailureStep('ongoing', null, 'confirm')).code).toBe('invalid_state');
    const requested = { phase: 'requested' as const, round: 1 };
    expect(caught(() => assertHonestFailureStep('ongoing', requested, 'request')).code).toBe('invalid_state');
    expect(() => assertHonestFailureStep('ongoing', requested, 'confirm')).not.toThrow();
    expect(() =>
      assertHonestFailureStep('ongoing', { phase: 'institution_confirmed', round: 1 }, 'decide'),
    ).not.toThrow();
    expect(() => assertHonestFailureStep('ongoing', { phase: 'refused', round: 1 }, 'request')).not.toThrow();
    expect(caught(() => assertHonestFailureStep('closed', null, 'request')).code).toBe('invalid_state');
  });

  it('the PI asks, the host institution confirms, staff record the experts’ confirmation', () => {
    const p = { piId: PI, institutionId: INSTITUTION };
    const pi = { id: PI, roles: ['applicant' as const], institutionId: null };
    const host = { id: 'h', roles: ['institution_admin' as const], institutionId: INSTITUTION };
    const officer = { id: 'o', roles: ['officer' as const], institutionId: null };
    expect(() => assertHonestFailureActor(pi, p, 'request')).not.toThrow();
    expect(caught(() => assertHonestFailureActor(host, p, 'request')).code).toBe('forbidden');
    expect(() => assertHonestFailureActor(host, p, 'confirm')).not.toThrow();
    expect(caught(() => assertHonestFailureActor(pi, p, 'confirm')).code).toBe('forbidden');
    expect(() => assertHonestFailureActor(officer, p, 'decide')).not.toThrow();
    expect(caught(() => assertHonestFailureActor(pi, p, 'decide')).code).toBe('forbidden');
  });

  const expert = (
    id: string,
    conflicts: Array<{ label: { zh: string; en: string }; detail: { zh: string; en: string } }> = [],
  ) => ({
    id,
    name: `专家${id}`,
    inPool: true,
    conflicts,
  });

  it('needs at least 3 experts, an odd number, each once, in the pool and without a conflict', () => {
    const facts = { experts: ['a', 'b', 'c', 'd'].map((id) => expert(id)) };
    expect(() => assertExpertConfirmation(['a', 'b', 'c'], facts)).not.toThrow();
    expect(caught(() => assertExpertConfirmation(['a', 'b'], facts)).fields[0].path).toBe('experts');
    expect(caught(() => assertExpertConfirmation(['a', 'b', 'c', 'd'], facts)).fields[0].path).toBe(
      'experts',
    );
    expect(caught(() => assertExpertConfirmation(['a', 'b', 'a'], facts)).fields[0].path).toBe('experts.2');
    expect(caught(() => assertExpertConfirmation(['a', 'b', 'x'], facts)).fields[0].path).toBe('experts.2');
    const conflicted = {
      experts: [
        expert('a'),
        expert('b'),
        expert('c', [
          {
            label: { zh: '同一单位', en: 'Same organisation' },
            detail: { zh: '百色学院', en: 'Baise University' },
          },
        ]),
      ],
    };
    const err = caught(() => assertExpertConfirmation(['a', 'b', 'c'], conflicted));
    expect(err.code).toBe('rule_refused');
    expect(err.fields).toEqual([
      { path: 'experts.2', message: expect.objectContaining({ zh: expect.stringContaining('同一单位') }) },
    ]);
  });

  it('validates the request and the confirmation bodies', () => {
    expect(
      honestFailureRequestSchema.safeParse({ originalRecordIds: [], diligenceStatement: '太短' }).success,
    ).toBe(false);
    expect(
      expertConfirmationSchema.safeParse({
        experts: [PI, INSTITUTION],
        opinion: '经论证已勤勉尽责。。',
        diligenceConfirmed: true,
      }).success,
    ).toBe(false);
  });
});

describe('honest failure: closing and credit', () => {
  it('closes like a termination: the unspent funds are returned, the order says 结题（容错）', () => {
    const spent = spentAsKnown({
      midterm: null,
      report: { seq: 1, spentFen: 200_000, at: '2026-05-01T00:00:00Z' },
    });
    const order = recoveryOf('close', 500_000, spent, '经专家论证予以容错');
    expect(order).toMatchObject({ amountFen: 300_000 });
    expect(order!.reason).toContain('项目结题（容错）');
    expect(recoveryOf('close', 200_000, spent, '')).toBeNull();
  });

  it('the honest_failure record bars nothing: the PI stays eligible and may lead new applications', () => {
    const record: CreditRecord = parseOrThrow(creditRecordSchema, {
      id: '00000000-0000-4000-8000-000000000001',
      subject: { type: 'person', id: PI },
      kind: 'honest_failure',
      severity: 'neutral',
      stage: 'acceptance',
      projectId: PROJECT,
      facts: '经专家论证确认已履行勤勉尽责义务，予以容错结题。',
      evidenceRefs: [`project:${PROJECT}:honest-failure:1`],
      decisionNo: null,
      effectiveFrom: '2026-06-01',
      recordedAt: '2026-06-01T09:00:00+08:00',
      recordedBy: null,
    });
    const rating = rateCredit([record], '2026-06-02');
    expect(rating.level).toBe('good');
    expect(rating.banUntil).toBeNull();
    const subjects = [
      { subject: { type: 'person' as const, id: PI }, role: 'pi' as const, name: '张三', rating },
    ];
    expect(checkEligibility({ subjects, minCreditLevel: 'good', at: '2026-06-02' })).toEqual({
      pass: true,
      reasons: [],
    });
    expect(creditBars(subjects, '2026-06-02')).toEqual([]);
  });
});
