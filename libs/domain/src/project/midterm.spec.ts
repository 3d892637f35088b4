import {
  AgreementExecutionFacts,
  assertInstallmentCommand,
  installmentBlocked,
  midtermDecisionInputSchema,
  programTemplateSchema,
} from '../index';
import { caught, HAN, passes } from '../kernel/spec-helpers';
import type { Actor } from '../kernel/roles';
import { parseOrThrow } from '../kernel/validation';
import { assertMidtermActor } from './midterm';
import {
  assertMidtermStep,
  assertRecoveryPayable,
  MIDTERM_DECISION_LABELS,
  MIDTERM_DECISIONS,
  MidtermFacts,
  midtermDecisionsOf,
  midtermStepsAt,
  MIDTERM_PHASES,
  rectificationOverdue,
  recoveryAmountFen,
  statusAfterMidterm,
} from './midterm.rules';

const AT = '2026-06-01T00:00:00.000Z';
const facts = (over: Partial<MidtermFacts> = {}): MidtermFacts => ({
  phase: 'opened',
  round: 1,
  reviewedBy: null,
  fixBy: null,
  decision: null,
  ...over,
});
const project = (m: MidtermFacts | null, status = 'ongoing', midtermAt: string | null = AT) => ({
  status,
  midtermAt,
  midterm: m,
});

describe('the mid-term check’s steps (assertMidtermStep)', () => {
  it('a program without the stage has none: 422 rule_refused for every step', () => {
    for (const step of ['submit', 'confirm', 'review', 'decide'] as const) {
      const e = caught(() => assertMidtermStep(project(null, 'ongoing', null), step, 'u'));
      expect(e.code).toBe('rule_refused');
      expect(e.bilingual.zh).toContain('不含中期检查');
    }
  });

  it('before the mid-term point it is not open yet (409), and the message names when it opens', () => {
    const e = caught(() => assertMidtermStep(project(null), 'submit', 'u'));
    expect(e.code).toBe('invalid_state');
    expect(e.bilingual.en).toContain(AT);
  });

  it('takes its steps in order: submit, confirm, review, decide', () => {
    const order = [
      ['opened', 'submit'],
      ['submitted', 'confirm'],
      ['confirmed', 'review'],
      ['reviewed', 'decide'],
    ] as const;
    for (const [phase, step] of order) {
      expect(() => assertMidtermStep(project(facts({ phase })), step, 'u', 'continue')).not.toThrow();
      for (const [, other] of order.filter(([, s]) => s !== step))
        expect(caught(() => assertMidtermStep(project(facts({ phase })), other, 'u')).code).toBe(
          'invalid_state',
        );
    }
    // A rectification waits for the PI's new statement.
    expect(() =>
      assertMidtermStep(project(facts({ phase: 'rectifying', round: 2 })), 'submit', 'u'),
    ).not.toThrow();
  });

  it('once decided, another decision is a conflict; once the project has ended, nothing more', () => {
    // An expert panel is convened on the confirmed statement; while it sits, no step but its close.
    expect(() => assertMidtermStep(project(facts({ phase: 'confirmed' })), 'convene', 'u')).not.toThrow();
    for (const step of ['submit', 'confirm', 'review', 'convene', 'decide'] as const)
      expect(caught(() => assertMidtermStep(project(facts({ phase: 'panel' })), step, 'u')).code).toBe(
        'invalid_state',
      );
    expect(caught(() => assertMidtermStep(project(facts({ phase: 'decided' })), 'decide', 'u')).code).toBe(
      'conflict',
    );
    for (const status of ['terminated', 'revoked', 'accepted', 'closed'])
      expect(caught(() => assertMidtermStep(project(facts(), status), 'submit', 'u')).code).toBe(
        'invalid_state',
      );
  });

  it('four eyes: the reviewer may not terminate or revoke, but may continue, rectify or adjust', () => {
    const reviewed = project(facts({ phase: 'reviewed', reviewedBy: 'r' }));
    for (const d of ['terminate', 'revoke'] as const) {
      const e = caught(() => assertMidtermStep(reviewed, 'decide', 'r', d));
      expect(e.code).toBe('rule_refused');
      expect(e.bilingual.zh).toContain('双人复核');
      expect(() => assertMidtermStep(reviewed, 'decide', 'other', d)).not.toThrow();
    }
    for (const d of ['continue', 'rectify', 'adjust'] as const)
      expect(() => assertMidtermStep(reviewed, 'decide', 'r', d)).not.toThrow();
  });

  it('a re-check (round 2) may not rectify again', () => {
    const recheck = project(facts({ phase: 'reviewed', round: 2 }));
    expect(caught(() => assertMidtermStep(recheck, 'decide', 'u', 'rectify')).code).toBe('rule_refused');
    expect(() => assertMidtermStep(recheck, 'decide', 'u', 'continue')).not.toThrow();
  });
});

describe('the steps a phase waits for (midtermStepsAt), as assertMidtermStep allows them', () => {
  it('names, for each phase, exactly the steps the rule lets through', () => {
    expect(midtermStepsAt(null)).toEqual([]);
    expect(midtermStepsAt('opened')).toEqual(['submit']);
    expect(midtermStepsAt('confirmed')).toEqual(['review', 'convene']);
    expect(midtermStepsAt('panel')).toEqual([]);
    expect(midtermStepsAt('decided')).toEqual([]);
    for (const phase of MIDTERM_PHASES)
      for (const step of ['submit', 'confirm', 'review', 'convene', 'decide'] as const) {
        const allowed = passes(() => assertMidtermStep(project(facts({ phase })), step, 'u'));
        expect([phase, step, midtermStepsAt(phase).includes(step)]).toEqual([phase, step, allowed]);
      }
  });

  it('a re-check offers every decision but a second rectification', () => {
    expect(midtermDecisionsOf(1)).toEqual([...MIDTERM_DECISIONS]);
    expect(midtermDecisionsOf(2)).toEqual(MIDTERM_DECISIONS.filter((d) => d !== 'rectify'));
  });
});

describe('decisions, rectification deadlines and recovery amounts', () => {
  it('each decision leaves its status; labels are bilingual', () => {
    expect(MIDTERM_DECISIONS.map(statusAfterMidterm)).toEqual([
      'ongoing',
      'rectifying',
      'ongoing',
      'terminated',
      'revoked',
    ]);
    for (const d of MIDTERM_DECISIONS) expect(MIDTERM_DECISION_LABELS[d].zh).toMatch(HAN);
  });

  it('termination returns the unspent funds, never negative; revocation recovers everything paid', () => {
    expect(recoveryAmountFen('terminate', 300_000, 100_000)).toBe(200_000);
    expect(recoveryAmountFen('terminate', 300_000, 300_000)).toBe(0);
    expect(recoveryAmountFen('terminate', 300_000, 300_001)).toBe(0);
    expect(recoveryAmountFen('revoke', 300_000, 100_000)).toBe(300_000);
  });

  it('a rectification is overdue only after its deadline and only while unanswered', () => {
    const fixBy = '2026-09-01T00:00:00.000Z';
    const t = Date.parse(fixBy);
    expect(rectificationOverdue(facts({ phase: 'rectifying', fixBy }), t)).toBe(false);
    expect(rectificationOverdue(facts({ phase: 'rectifying', fixBy }), t + 1)).toBe(true);
    expect(rectificationOverdue(facts({ phase: 'submitted', fixBy }), t + 1)).toBe(false);
    expect(rectificationOverdue(null, t + 1)).toBe(false);
  });

  it('a recovery order is repaid once (also when overdue)', () => {
    expect(() => assertRecoveryPayable({ status: 'open' })).not.toThrow();
    expect(() => assertRecoveryPayable({ status: 'overdue' })).not.toThrow();
    expect(caught(() => assertRecoveryPayable({ status: 'paid' })).code).toBe('conflict');
    expect(caught(() => assertRecoveryPayable(undefined)).code).toBe('not_found');
  });

  it('an adjust decision names the approved change; revoke defaults to a serious breach', () => {
    const e = caught(() =>
      parseOrThrow(midtermDecisionInputSchema, { decision: 'adjust', reasons: '调整目标' }),
    );
    expect(e.fields.map((f) => f.path)).toEqual(['changeNote']);
    expect(
      parseOrThrow(midtermDecisionInputSchema, { decision: 'revoke', reasons: '虚报支出' }),
    ).toMatchObject({
      severity: 'serious',
      creditInstitution: false,
    });
  });
});

describe('who takes each step', () => {
  const holders = { piId: 'pi', institutionId: 'inst' };
  const actor = (id: string, roles: Actor['roles'], institutionId: string | null = null): Actor =>
    ({ id, roles, institutionId }) as Actor;

  it('the PI submits, the host institution confirms, staff review and decide; nobody else', () => {
    const cases: Array<[Actor, ReadonlyArray<'submit' | 'confirm' | 'review' | 'decide'>]> = [
      [actor('pi', ['applicant']), ['submit']],
      [actor('other', ['applicant']), []],
      [actor('a', ['institution_admin'], 'inst'), ['confirm']],
      [actor('a', ['institution_admin'], 'inst-2'), []],
      [actor('o', ['officer']), ['review', 'decide']],
      [actor('ad', ['admin']), ['review', 'decide']],
      [actor('au', ['auditor']), []],
      [actor('e', ['expert']), []],
    ];
    for (const [who, allowed] of cases)
      for (const step of ['submit', 'confirm', 'review', 'decide'] as const) {
        if (allowed.includes(step)) expect(() => assertMidtermActor(who, holders, step)).not.toThrow();
        else expect(caught(() => assertMidtermActor(who, holders, step)).code).toBe('forbidden');
      }
  });
});

describe('installments released by the mid-term check, and stopped by the project’s end', () => {
  const plan = [
    { sharePercent: 60, releasedBy: 'signing' },
    { sharePercent: 40, releasedBy: 'midterm_check' },
  ];
  it('the midterm_check installment is released once the decision is continue', () => {
    expect(installmentBlocked(plan, 2, { signed: true, milestones: [] })?.zh).toContain('中期检查通过后');
    expect(
      installmentBlocked(plan, 2, { signed: true, milestones: [], midtermPassed: false }),
    ).not.toBeNull();
    expect(installmentBlocked(plan, 2, { signed: true, milestones: [], midtermPassed: true })).toBeNull();
  });

  const execution = (over: Partial<AgreementExecutionFacts>): AgreementExecutionFacts => ({
    status: 'signed',
    amountFen: 1_000,
    milestoneCount: 0,
    milestones: [],
    installments: [
      { seq: 1, releasedBy: 'signing', amountFen: 600, status: 'paid', approvedBy: 'a' },
      { seq: 2, releasedBy: 'midterm_check', amountFen: 400, status: 'planned', approvedBy: null },
    ],
    ...over,
  });
  it('approved after a continue; after a termination or revocation, unpaid installments are refused', () => {
    expect(assertInstallmentCommand(execution({ midtermPassed: true }), 2, 'approve', 'a').seq).toBe(2);
    expect(
      caught(() => assertInstallmentCommand(execution({ midtermPassed: false }), 2, 'approve', 'a')).code,
    ).toBe('invalid_state');
    for (const projectStatus of ['terminated', 'revoked']) {
      const e = caught(() =>
        assertInstallmentCommand(execution({ midtermPassed: true, projectStatus }), 2, 'approve', 'a'),
      );
      expect(e.code).toBe('invalid_state');
      expect(e.bilingual.zh).toContain('终止或撤销');
    }
  });
});

describe('program template windows', () => {
  it('rectifyWindow and recoveryWindow are optional ISO durations (stored templates stay valid)', () => {
    const durations = programTemplateSchema.shape.durations;
    const base = {
      applicationWindow: 'P30D',
      fixWindow: 'P5D',
      reviewWindow: 'P10D',
      signingDeadline: 'P30D',
      reportCadence: 'P6M',
      executionLength: 'P2Y',
    };
    expect(() => durations.parse(base)).not.toThrow();
    expect(durations.parse({ ...base, rectifyWindow: 'P2M', recoveryWindow: 'PT30S' })).toMatchObject({
      rectifyWindow: 'P2M',
      recoveryWindow: 'PT30S',
    });
    expect(() => durations.parse({ ...base, rectifyWindow: '3 months' })).toThrow();
  });
});
