import { caught, passes } from '../kernel/spec-helpers';
import { consolidateMidtermPanel, MIDTERM_CAUTION_ORDER } from '../project/midterm.rules';
import { assignExperts, replacementDraw } from './assignment';
import { forbiddenPairs } from './conflict-of-interest';
import {
  assertMayRequirePanelRecusal,
  assertPanelAnswer,
  ExpertPanelFacts,
  PANEL_MEMBER_STATUSES,
  panelAnswered,
  PanelMemberStatus,
} from './expert-panel.rules';
import { assertCanRecuse, mayBeRecused, REVIEW_ASSIGNMENT_STATUSES } from './review-round.rules';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const panel = (statuses: PanelMemberStatus[], deadline = '2026-06-15T00:00:00Z'): ExpertPanelFacts => ({
  id: 'p',
  deadline,
  members: statuses.map((status, i) => ({ id: `m${i}`, expertId: `e${i}`, status })),
});

describe('a mid-term panel’s consolidated recommendation (majority; a tie → the more cautious)', () => {
  it('takes the outcome most members recommend, and says how', () => {
    const c = consolidateMidtermPanel(['continue', 'continue', 'rectify', 'continue', 'adjust']);
    expect(c.recommendation).toBe('continue');
    expect(c.tie).toBe(false);
    expect(c.counts).toEqual({ continue: 3, adjust: 1, rectify: 1, terminate: 0, revoke: 0 });
    expect(c.explanation.zh).toContain('5 位专家中 3 位建议“继续实施”');
  });

  it('a plurality decides when no outcome has half the votes', () => {
    expect(
      consolidateMidtermPanel(['rectify', 'rectify', 'continue', 'adjust', 'terminate']).recommendation,
    ).toBe('rectify');
  });

  it('a tie goes to the more cautious outcome, whatever the order of the opinions', () => {
    for (const opinions of [
      ['continue', 'rectify'],
      ['rectify', 'continue'],
    ] as const) {
      const c = consolidateMidtermPanel(opinions);
      expect(c.recommendation).toBe('rectify');
      expect(c.tie).toBe(true);
      expect(c.explanation.en).toContain('more cautious');
    }
    expect(consolidateMidtermPanel(['terminate', 'continue', 'terminate', 'continue']).recommendation).toBe(
      'terminate',
    );
    expect(consolidateMidtermPanel(['adjust', 'continue']).recommendation).toBe('adjust');
    // The order runs from releasing the installment to recovering everything.
    expect(MIDTERM_CAUTION_ORDER).toEqual(['continue', 'adjust', 'rectify', 'terminate', 'revoke']);
  });

  it('no opinion, no recommendation (the panel lapses)', () => {
    const c = consolidateMidtermPanel([]);
    expect(c.recommendation).toBeNull();
    expect(c.explanation.en).toBe('No member of the panel gave an opinion');
  });
});

describe('a panel member’s answers (assertPanelAnswer)', () => {
  it('accept, then the opinion; decline or recuse before the opinion', () => {
    expect(() => assertPanelAnswer(panel(['invited']), 'm0', 'e0', 'accept', NOW)).not.toThrow();
    expect(() => assertPanelAnswer(panel(['invited']), 'm0', 'e0', 'decline', NOW)).not.toThrow();
    expect(() => assertPanelAnswer(panel(['accepted']), 'm0', 'e0', 'recuse', NOW)).not.toThrow();
    expect(() => assertPanelAnswer(panel(['accepted']), 'm0', 'e0', 'opinion', NOW)).not.toThrow();
    // An opinion needs the acceptance first; a second one, a recusal after it, are refused.
    expect(caught(() => assertPanelAnswer(panel(['invited']), 'm0', 'e0', 'opinion', NOW)).code).toBe(
      'invalid_state',
    );
    expect(caught(() => assertPanelAnswer(panel(['submitted']), 'm0', 'e0', 'opinion', NOW)).code).toBe(
      'conflict',
    );
    expect(caught(() => assertPanelAnswer(panel(['submitted']), 'm0', 'e0', 'recuse', NOW)).code).toBe(
      'conflict',
    );
    expect(caught(() => assertPanelAnswer(panel(['declined']), 'm0', 'e0', 'accept', NOW)).code).toBe(
      'invalid_state',
    );
  });

  it('only the drawn expert answers, while the panel sits and before its deadline', () => {
    expect(caught(() => assertPanelAnswer(panel(['invited']), 'm0', 'e9', 'accept', NOW)).code).toBe(
      'forbidden',
    );
    expect(caught(() => assertPanelAnswer(panel(['invited']), 'mX', 'e0', 'accept', NOW)).code).toBe(
      'not_found',
    );
    expect(caught(() => assertPanelAnswer(null, 'm0', 'e0', 'accept', NOW)).code).toBe('invalid_state');
    const late = caught(() =>
      assertPanelAnswer(panel(['invited'], '2026-05-31T00:00:00Z'), 'm0', 'e0', 'accept', NOW),
    );
    expect(late.code).toBe('invalid_state');
    expect(late.bilingual.zh).toContain('截止时间');
  });

  it('要求回避: an officer may require any seat held without an opinion to step aside, whoever drew it', () => {
    for (const status of ['invited', 'accepted'] as const)
      expect(() => assertMayRequirePanelRecusal(panel([status]), 'm0', NOW)).not.toThrow();
    const given = caught(() => assertMayRequirePanelRecusal(panel(['submitted']), 'm0', NOW));
    expect(given.code).toBe('conflict');
    expect(given.bilingual).toEqual({
      zh: '该邀请当前状态为“已提交意见”，不能要求其回避',
      en: 'The invitation is opinion given; you cannot require a recusal',
    });
    for (const status of ['declined', 'recused', 'lapsed'] as const)
      expect(caught(() => assertMayRequirePanelRecusal(panel([status]), 'm0', NOW)).code).toBe(
        'invalid_state',
      );
    expect(caught(() => assertMayRequirePanelRecusal(panel(['invited']), 'mX', NOW)).code).toBe('not_found');
    expect(caught(() => assertMayRequirePanelRecusal(null, 'm0', NOW)).code).toBe('invalid_state');
    const late = caught(() =>
      assertMayRequirePanelRecusal(panel(['invited'], '2026-05-31T00:00:00Z'), 'm0', NOW),
    );
    expect(late.code).toBe('invalid_state');
    expect(late.bilingual.zh).toContain('截止时间');
  });

  it('one rule of which seats may be recused: the member’s own, the officer’s, and a review round’s invitation', () => {
    for (const status of PANEL_MEMBER_STATUSES) {
      const own = () => assertPanelAnswer(panel([status]), 'm0', 'e0', 'recuse', NOW);
      const required = () => assertMayRequirePanelRecusal(panel([status]), 'm0', NOW);
      expect([status, passes(own), passes(required)]).toEqual([
        status,
        mayBeRecused(status),
        mayBeRecused(status),
      ]);
    }
    for (const status of REVIEW_ASSIGNMENT_STATUSES)
      expect([status, passes(() => assertCanRecuse(status))]).toEqual([status, mayBeRecused(status)]);
  });

  it('the panel has answered once no seat is left invited or accepted', () => {
    expect(panelAnswered(panel(['submitted', 'submitted', 'declined']))).toBe(true);
    expect(panelAnswered(panel(['submitted', 'accepted', 'submitted']))).toBe(false);
    expect(panelAnswered(panel(['invited']))).toBe(false);
  });
});

describe('the draw’s inputs: one project as the subject of the assignment engine', () => {
  // The project: PI p1 of institution inst-a, team member p2, partner inst-b; key field shared by all.
  const project = {
    id: 'project-1',
    applicantPersonId: 'p1',
    participantPersonIds: ['p2'],
    hostOrganisationId: 'inst-a',
    participantOrganisationIds: ['inst-b'],
  };
  const expert = (id: string, org: string, over: object = {}) => ({
    id,
    personId: id,
    personName: id,
    organisationId: org,
    ...over,
  });
  const experts = [
    expert('x-host', 'inst-a'), // the host institution's own
    expert('x-partner', 'inst-b'), // the partner's
    expert('p2', 'inst-c'), // the team member, also in the pool
    expert('x-declared', 'inst-d', {
      declaredConflicts: [{ personId: 'p1', reason: '师生关系 teacher and student' }],
    }),
    ...['e1', 'e2', 'e3', 'e4', 'e5', 'e6'].map((id, i) => expert(id, `org-${i}`)),
    expert('f1', 'org-f'),
  ];
  const finance = new Set(['f1']);
  const forbidden = forbiddenPairs([project], experts, {}, '2026-06-01');

  it('the conflicts engine keeps out the PI’s host, partners, team and declared conflicts', () => {
    expect(forbidden.map((c) => c.expertId).sort()).toEqual(['p2', 'x-declared', 'x-host', 'x-partner']);
    expect(forbidden.every((c) => c.reasons.length > 0)).toBe(true);
  });

  const input = (seed: number) => ({
    applications: [{ id: 'project-1', organisationIds: ['inst-a', 'inst-b'] }],
    experts: experts.map((e) => ({
      id: e.id,
      organisationId: e.organisationId,
      loadCap: 5,
      finance: finance.has(e.id),
    })),
    forbidden: forbidden.map((c) => ({ applicationId: c.applicationId, expertId: c.expertId })),
    k: 5,
    panel: { atLeastOneFinance: true, maxPerOrganisation: 1 },
    seed,
    strategy: 'random' as const,
  });

  it('draws a panel of the template’s size with its finance expert and none of the conflicted, the same for the same seed', () => {
    const a = assignExperts(input(42));
    const drawn = a.pairs.map((p) => p.expertId);
    expect(drawn).toHaveLength(5);
    expect(drawn).toContain('f1');
    expect(drawn.filter((e) => ['x-host', 'x-partner', 'p2', 'x-declared'].includes(e))).toEqual([]);
    expect(assignExperts(input(42)).pairs).toEqual(a.pairs);
    expect(a.seed).toBe(42);
  });

  it('a declined seat’s replacement is drawn from the rest, never a conflicted or earlier member', () => {
    const a = assignExperts(input(7));
    const drop = a.pairs.find((p) => p.expertId !== 'f1')!;
    const r = replacementDraw({
      input: input(7),
      current: a.pairs.map((p) => ({ applicationId: p.applicationId, expertId: p.expertId })),
      drop: { applicationId: drop.applicationId, expertId: drop.expertId },
      seed: 99,
    });
    expect(a.pairs.map((p) => p.expertId)).not.toContain(r.expertId);
    expect(['x-host', 'x-partner', 'p2', 'x-declared']).not.toContain(r.expertId);
  });
});
