import { DomainError } from '../kernel/errors.rules';
import { assertProjectOngoing } from './project.rules';
import {
  assertRaceDecision,
  assertRaceResult,
  raceLosers,
  raceMidpointInstant,
  RaceFacts,
} from './race.rules';

const race = (over: Partial<RaceFacts> = {}): RaceFacts => ({
  phase: 'comparing',
  opensAt: '2027-06-30T16:00:00.000Z',
  teams: [
    { projectId: 'a', score: 86 },
    { projectId: 'b', score: 78 },
  ],
  continueCount: 1,
  issuerTakesPart: false,
  ...over,
});
const code = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('赛马中期择优 rules', () => {
  it('results are recorded only while comparing, for a team of the race', () => {
    expect(code(() => assertRaceResult(race(), 'a', null))).toBeNull();
    expect(code(() => assertRaceResult(race({ phase: 'waiting' }), 'a', null))).toBe('invalid_state');
    expect(code(() => assertRaceResult(race({ phase: 'decided' }), 'a', null))).toBe('conflict');
    expect(code(() => assertRaceResult(race(), 'x', null))).toBe('not_found');
  });

  it("a challenge's result names the issuer's representative", () => {
    expect(code(() => assertRaceResult(race({ issuerTakesPart: true }), 'a', '  '))).toBe(
      'validation_failed',
    );
    expect(code(() => assertRaceResult(race({ issuerTakesPart: true }), 'a', '罗工'))).toBeNull();
  });

  it('the decision keeps exactly continueCount teams, the best-scored, once every team has its result', () => {
    expect(code(() => assertRaceDecision(race(), ['a']))).toBeNull();
    expect(code(() => assertRaceDecision(race(), ['b']))).toBe('validation_failed');
    expect(code(() => assertRaceDecision(race(), ['a', 'b']))).toBe('validation_failed');
    expect(code(() => assertRaceDecision(race({ continueCount: 2 }), ['a', 'b']))).toBeNull();
    expect(code(() => assertRaceDecision(race(), ['a', 'a']))).toBe('validation_failed');
    expect(code(() => assertRaceDecision(race(), ['x']))).toBe('validation_failed');
    expect(
      code(() =>
        assertRaceDecision(
          race({
            teams: [
              { projectId: 'a', score: 86 },
              { projectId: 'b', score: null },
            ],
          }),
          ['a'],
        ),
      ),
    ).toBe('invalid_state');
    expect(code(() => assertRaceDecision(race({ phase: 'decided' }), ['a']))).toBe('conflict');
  });

  it('a tie at the boundary is the decider’s call', () => {
    const tied = race({
      teams: [
        { projectId: 'a', score: 80 },
        { projectId: 'b', score: 80 },
      ],
    });
    expect(code(() => assertRaceDecision(tied, ['b']))).toBeNull();
    expect(raceLosers(tied, ['b'])).toEqual(['a']);
  });

  it('the race date is 00:00 Beijing time', () => {
    expect(raceMidpointInstant('2027-07-01')).toBe('2027-06-30T16:00:00.000Z');
  });

  it('an ended project takes no more checks', () => {
    expect(code(() => assertProjectOngoing('ongoing'))).toBeNull();
    expect(code(() => assertProjectOngoing('rectifying'))).toBeNull();
    expect(code(() => assertProjectOngoing('terminated'))).toBe('invalid_state');
    expect(code(() => assertProjectOngoing('revoked'))).toBe('invalid_state');
  });
});
