import { DomainError } from '../kernel/messages';
import { assertHorseRace, horseRaceProposalSchema, HorseRaceProposal, scoreGapPercent } from './horse-race';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const ranking = [
  { applicationId: A, rank: 1, rankingScore: 88 },
  { applicationId: B, rank: 2, rankingScore: 85 },
  { applicationId: C, rank: 3, rankingScore: 70 },
];
const options = { teams: 2, scoreGapPercent: 5 };
const race = (over: Partial<HorseRaceProposal> = {}): HorseRaceProposal => ({
  applicationIds: [A, B],
  routesDiffer: {
    attested: true,
    statement: '甲团队采用湿法冶金路线，乙团队采用火法还原路线，工艺路线明显不同。',
  },
  midpointDate: '2027-06-30',
  ...over,
});

function fieldsOf(fn: () => unknown): Array<{ path: string; en: string }> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).fields.map((f) => ({ path: f.path, en: f.message.en }));
  }
  throw new Error('expected a refusal');
}

describe('horse race (赛马制)', () => {
  it('races the two best-ranked teams when their scores are within the gap', () => {
    const { gapPercent } = assertHorseRace(race(), options, ranking, [], [A, B], '2026-11-22');
    expect(gapPercent).toBeCloseTo((3 / 88) * 100, 10);
  });

  it('measures the gap relative to the best score', () => {
    expect(scoreGapPercent([80, 76])).toBe(5);
    expect(scoreGapPercent([90])).toBe(0);
  });

  it('accepts a gap exactly at the threshold and refuses one just over it', () => {
    const close = [
      { applicationId: A, rank: 1, rankingScore: 80 },
      { applicationId: B, rank: 2, rankingScore: 76 },
    ];
    expect(assertHorseRace(race(), options, close, [], [A, B], '2026-11-22').gapPercent).toBe(5);
    close[1].rankingScore = 75.99;
    expect(fieldsOf(() => assertHorseRace(race(), options, close, [], [A, B], '2026-11-22'))).toEqual([
      {
        path: 'horseRace.applicationIds',
        en: "The teams' scores differ by 5.01 %, more than the program's 5 %",
      },
    ]);
  });

  it('takes the best-ranked still available: a team already awarded is skipped', () => {
    const race2 = race({ applicationIds: [B, C] });
    const wide = { teams: 2, scoreGapPercent: 20 };
    expect(assertHorseRace(race2, wide, ranking, [A], [B, C], '2026-11-22').gapPercent).toBeCloseTo(
      (15 / 85) * 100,
      10,
    );
    expect(fieldsOf(() => assertHorseRace(race2, wide, ranking, [], [B, C], '2026-11-22'))[0].en).toBe(
      `The raced teams must be the 2 best-ranked applications; these are not: ${C}`,
    );
  });

  it('names every problem at once: too many teams, one not proposed, a past mid-point', () => {
    const three = race({ applicationIds: [A, B, C], midpointDate: '2026-11-22' });
    expect(
      fieldsOf(() =>
        assertHorseRace(three, { teams: 2, scoreGapPercent: 50 }, ranking, [], [A, B], '2026-11-22'),
      ),
    ).toEqual([
      { path: 'horseRace.applicationIds', en: 'This program funds at most 2 teams in parallel' },
      { path: 'horseRace.applicationIds', en: `Every raced team must be in the proposal's items: ${C}` },
      { path: 'horseRace.midpointDate', en: 'The mid-point competition must be after today' },
    ]);
  });

  it('is refused where the program has no horse-race options', () => {
    expect(fieldsOf(() => assertHorseRace(race(), undefined, ranking, [], [A, B], '2026-11-22'))).toEqual([
      {
        path: 'horseRace',
        en: 'This program has no horse-race options; it cannot fund teams in parallel',
      },
    ]);
  });

  it('needs the attestation that the routes differ, with a statement', () => {
    const parsed = horseRaceProposalSchema.safeParse(
      race({ routesDiffer: { attested: false, statement: '不同' } }),
    );
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual([
      'routesDiffer.attested',
      'routesDiffer.statement',
    ]);
  });
});
