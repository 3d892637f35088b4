import { AssignmentInputData, assignExperts, replacementDraw } from './assignment';
import { expertOrganisationKey } from './expert';
import {
  LIVE_PANEL_STATUSES,
  PANEL_MEMBER_STATUSES,
  PANEL_SEAT_HOLDING_STATUSES,
  PanelMemberStatus,
} from './expert-panel.rules';
import {
  ExpertSeat,
  organisationsOverLimit,
  organisationsOverLimitOnPanel,
  PanelSeat,
} from './organisation-limit.rules';
import {
  REDRAW_OUTCOMES,
  REVIEW_ASSIGNMENT_STATUSES,
  ReviewAssignmentStatus,
  SEAT_HOLDING_STATUSES,
} from './review-round.rules';

const seat = (
  applicationId: string,
  expertId: string,
  organisationKey: string,
  status: ReviewAssignmentStatus = 'invited',
): PanelSeat => ({ applicationId, expertId, organisationKey, status });

describe('the seats a panel holds', () => {
  it('are the invitations still to answer, accepted or scored: every other status was redrawn', () => {
    expect([...SEAT_HOLDING_STATUSES].sort()).toEqual(['accepted', 'invited', 'submitted']);
    expect([...SEAT_HOLDING_STATUSES, ...REDRAW_OUTCOMES].sort()).toEqual(
      [...REVIEW_ASSIGNMENT_STATUSES].sort(),
    );
    for (const s of SEAT_HOLDING_STATUSES) expect(REDRAW_OUTCOMES).not.toContain(s);
  });
});

describe('organisationsOverLimit (同一单位专家上限 on each panel)', () => {
  it('names the application, the organisation, its experts on the panel and the limit', () => {
    const over = organisationsOverLimit(
      [
        seat('A1', 'E1', 'org:gxu'),
        seat('A1', 'E2', 'org:bsu', 'accepted'),
        seat('A1', 'E3', 'org:gxu', 'submitted'),
        seat('A2', 'E1', 'org:gxu'),
        seat('A2', 'E4', 'org:bsu'),
      ],
      1,
    );
    expect(over).toEqual([
      {
        applicationId: 'A1',
        organisationKey: 'org:gxu',
        seats: 2,
        experts: [seat('A1', 'E1', 'org:gxu'), seat('A1', 'E3', 'org:gxu', 'submitted')],
        limit: 1,
      },
    ]);
  });

  it('lists none for panels within the limit, and none for a round without invitations', () => {
    const seats = [seat('A1', 'E1', 'o1'), seat('A1', 'E2', 'o2'), seat('A2', 'E1', 'o1')];
    expect(organisationsOverLimit(seats, 1)).toEqual([]);
    expect(organisationsOverLimit([], 1)).toEqual([]);
  });

  it('counts up to the template’s limit: two of one organisation are within 2, three are over', () => {
    const seats = ['E1', 'E2', 'E3'].map((e) => seat('A1', e, 'o1'));
    expect(organisationsOverLimit(seats.slice(0, 2), 2)).toEqual([]);
    expect(organisationsOverLimit(seats, 2)).toEqual([
      { applicationId: 'A1', organisationKey: 'o1', seats: 3, experts: seats, limit: 2 },
    ]);
  });

  it('leaves out invitations that ended without a score: their seat went to the replacement', () => {
    for (const ended of REDRAW_OUTCOMES) {
      const seats = [seat('A1', 'E1', 'o1', ended), seat('A1', 'E2', 'o1', 'accepted')];
      expect(organisationsOverLimit(seats, 1)).toEqual([]);
    }
    // A replacement of the same organisation as a panel member who still sits: over.
    const seats = [
      seat('A1', 'E1', 'o1', 'declined'),
      seat('A1', 'E2', 'o1', 'submitted'),
      seat('A1', 'E3', 'o1', 'invited'),
    ];
    expect(organisationsOverLimit(seats, 1)).toEqual([
      { applicationId: 'A1', organisationKey: 'o1', seats: 2, experts: seats.slice(1), limit: 1 },
    ]);
  });

  it('counts an expert once on a panel, and several organisations of one panel each on its own', () => {
    const seats = [
      seat('A1', 'E1', 'o1'),
      seat('A1', 'E1', 'o1', 'accepted'),
      seat('A1', 'E5', 'o2'),
      seat('A1', 'E6', 'o2'),
      seat('A1', 'E2', 'o1'),
    ];
    expect(organisationsOverLimit(seats, 1)).toEqual([
      { applicationId: 'A1', organisationKey: 'o1', seats: 2, experts: [seats[0], seats[4]], limit: 1 },
      { applicationId: 'A1', organisationKey: 'o2', seats: 2, experts: [seats[2], seats[3]], limit: 1 },
    ]);
    expect(organisationsOverLimit(seats, 2)).toEqual([]);
  });

  it('keeps the panels in the order of their first invitation given, whatever their ids', () => {
    const seats = [
      seat('B', 'E1', 'o1'),
      seat('A', 'E1', 'o1'),
      seat('A', 'E2', 'o1'),
      seat('B', 'E2', 'o1'),
    ];
    expect(organisationsOverLimit(seats, 1).map((o) => o.applicationId)).toEqual(['B', 'A']);
  });

  it('compares organisations as the assignment engine does: the institution, else the name', () => {
    // Two spellings of one registered institution are one organisation; one unregistered name is
    // one organisation, whoever gives it; the same name with and without the institution is not.
    const gxu = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e09';
    const experts = [
      { app: 'A1', id: 'E1', institutionId: gxu, organisation: '广西大学' },
      { app: 'A1', id: 'E2', institutionId: gxu, organisation: '广西大学资源环境与材料学院' },
      { app: 'A2', id: 'E3', institutionId: null, organisation: '百色市农业科学研究所' },
      { app: 'A2', id: 'E4', institutionId: null, organisation: ' 百色市农业科学研究所 ' },
      { app: 'A2', id: 'E5', institutionId: null, organisation: '广西大学' },
    ];
    const seats = experts.map((e) => seat(e.app, e.id, expertOrganisationKey(e)));
    expect(
      organisationsOverLimit(seats, 1).map((o) => [o.organisationKey, o.experts.map((s) => s.expertId)]),
    ).toEqual([
      [gxu, ['E1', 'E2']],
      ['name:百色市农业科学研究所', ['E3', 'E4']],
    ]);
  });

  it('finds nothing on a draw and its redraws, and finds the panel once an expert moves to a panel member’s organisation', () => {
    // Ten experts of ten organisations, eight applications of three: maxPerOrganisation 1 holds.
    const input: AssignmentInputData = {
      applications: Array.from({ length: 8 }, (_, a) => ({ id: `A${a}`, organisationIds: [`host${a}`] })),
      experts: Array.from({ length: 10 }, (_, e) => ({
        id: `E${e}`,
        organisationId: `org${e}`,
        loadCap: 4,
        finance: e < 3,
      })),
      k: 3,
      panel: { atLeastOneFinance: true, maxPerOrganisation: 1 },
      seed: 20261207,
      strategy: 'random',
    };
    const drawn = assignExperts(input);
    const org = new Map(input.experts.map((e) => [e.id, e.organisationId]));
    const seats = drawn.pairs.map((p) => seat(p.applicationId, p.expertId, org.get(p.expertId)!));
    expect(organisationsOverLimit(seats, 1)).toEqual([]);
    // The first seat declines; its replacement is drawn under the same rule.
    const next = replacementDraw({ input, current: drawn.pairs, drop: drawn.pairs[0], seed: 7 });
    const redrawn = [
      { ...seats[0], status: 'declined' as const },
      ...seats.slice(1),
      seat(next.applicationId, next.expertId, org.get(next.expertId)!),
    ];
    expect(organisationsOverLimit(redrawn, 1)).toEqual([]);
    // After the draw, an expert of a panel that nobody left joins the organisation of another of
    // its experts: every panel on which both sit is over, and only those.
    const dropped = drawn.pairs[0].applicationId;
    const [first, second] = drawn.pairs.filter((p) => p.applicationId !== dropped);
    expect(second.applicationId).toBe(first.applicationId);
    const moved = redrawn.map((s) =>
      s.expertId === second.expertId ? { ...s, organisationKey: org.get(first.expertId)! } : s,
    );
    const sits = (a: string, e: string) =>
      moved.some((s) => s.applicationId === a && s.expertId === e && s.status === 'invited');
    const expected = input.applications
      .map((a) => a.id)
      .filter((a) => sits(a, first.expertId) && sits(a, second.expertId));
    expect(expected).toContain(first.applicationId);
    expect(
      organisationsOverLimit(moved, 1).map((o) => [o.applicationId, o.organisationKey, o.seats]),
    ).toEqual(expected.map((a) => [a, org.get(first.expertId), 2]));
  });

  it('refuses a limit that is not a whole number from 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN])
      expect(() => organisationsOverLimit([seat('A1', 'E1', 'o1')], bad)).toThrow(RangeError);
  });
});

describe('the seats a project panel holds (中期检查, 验收)', () => {
  it('are the members still to answer, accepted, or whose opinion is given: declined, recused and lapsed gave theirs up', () => {
    expect([...PANEL_SEAT_HOLDING_STATUSES].sort()).toEqual(['accepted', 'invited', 'submitted']);
    for (const s of LIVE_PANEL_STATUSES) expect(PANEL_SEAT_HOLDING_STATUSES).toContain(s);
    expect(PANEL_MEMBER_STATUSES.filter((s) => !PANEL_SEAT_HOLDING_STATUSES.includes(s)).sort()).toEqual([
      'declined',
      'lapsed',
      'recused',
    ]);
  });
});

describe('organisationsOverLimitOnPanel (同一单位专家上限 on one project panel)', () => {
  const member = (
    expertId: string,
    organisationKey: string,
    status: PanelMemberStatus = 'invited',
  ): ExpertSeat<PanelMemberStatus> & { memberId: string } => ({
    memberId: `m-${expertId}-${status}`,
    expertId,
    organisationKey,
    status,
  });
  const over = (seats: Array<ExpertSeat<PanelMemberStatus>>, limit = 1) =>
    organisationsOverLimitOnPanel(seats, limit, PANEL_SEAT_HOLDING_STATUSES);

  it('names the organisation, its members on the panel (each seat as given) and the limit', () => {
    const seats = [
      member('E1', 'org:gxu', 'submitted'),
      member('E2', 'o2'),
      member('E3', 'org:gxu', 'accepted'),
      member('E4', 'o4'),
    ];
    expect(over(seats)).toEqual([
      { organisationKey: 'org:gxu', seats: 2, experts: [seats[0], seats[2]], limit: 1 },
    ]);
    expect(over(seats, 2)).toEqual([]);
    expect(over([])).toEqual([]);
  });

  it('leaves out the seats given up (declined, recused, lapsed), and counts an expert once', () => {
    for (const gone of ['declined', 'recused', 'lapsed'] as const)
      expect(over([member('E1', 'o1', gone), member('E2', 'o1', 'accepted')])).toEqual([]);
    const seats = [member('E1', 'o1'), member('E1', 'o1', 'accepted'), member('E2', 'o2')];
    expect(over(seats)).toEqual([]);
  });

  it('keeps the organisations in the order of their first seat held', () => {
    const seats = [
      member('E1', 'o2', 'declined'),
      member('E2', 'o1'),
      member('E3', 'o2'),
      member('E4', 'o2'),
      member('E5', 'o1'),
    ];
    expect(over(seats).map((o) => [o.organisationKey, o.experts.map((s) => s.expertId)])).toEqual([
      ['o1', ['E2', 'E5']],
      ['o2', ['E3', 'E4']],
    ]);
  });

  it('finds nothing on a project panel’s draw and redraw, and finds it once a member moves to another’s organisation', () => {
    // One subject (the project), a panel of five from eight experts of eight organisations.
    const input: AssignmentInputData = {
      applications: [{ id: 'P1', organisationIds: ['host'] }],
      experts: Array.from({ length: 8 }, (_, e) => ({
        id: `E${e}`,
        organisationId: `org${e}`,
        loadCap: 1,
        finance: e === 0,
      })),
      k: 5,
      panel: { atLeastOneFinance: true, maxPerOrganisation: 1 },
      seed: 20261207,
      strategy: 'random',
    };
    const drawn = assignExperts(input).pairs;
    const org = new Map(input.experts.map((e) => [e.id, e.organisationId]));
    const seats = drawn.map((p) => member(p.expertId, org.get(p.expertId)!));
    expect(over(seats)).toEqual([]);
    // A member other than the finance expert (the only one) declines; the replacement keeps the rule.
    const drop = drawn.find((p) => p.expertId !== 'E0')!;
    const next = replacementDraw({ input, current: drawn, drop, seed: 7 });
    const redrawn = [
      ...seats.map((s) => (s.expertId === drop.expertId ? { ...s, status: 'declined' as const } : s)),
      member(next.expertId, org.get(next.expertId)!),
    ];
    expect(over(redrawn)).toEqual([]);
    // The declined expert joining a member's organisation changes nothing; a member doing so does.
    const [first, second] = redrawn.filter((s) => s.status === 'invited');
    const moveTo = (expertId: string) =>
      redrawn.map((s) => (s.expertId === expertId ? { ...s, organisationKey: first.organisationKey } : s));
    expect(over(moveTo(drop.expertId))).toEqual([]);
    expect(over(moveTo(second.expertId))).toEqual([
      {
        organisationKey: first.organisationKey,
        seats: 2,
        experts: [first, { ...second, organisationKey: first.organisationKey }],
        limit: 1,
      },
    ]);
  });

  it('refuses a limit that is not a whole number from 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN])
      expect(() => over([member('E1', 'o1')], bad)).toThrow(RangeError);
  });
});
