import { AssignmentInputData, assignExperts, replacementDraw } from './assignment';
import { expertOrganisationKey } from './expert';
import { organisationsOverLimit, PanelSeat } from './organisation-limit.rules';
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
