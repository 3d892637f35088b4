import { z } from 'zod';
import { Bilingual, DomainError, FieldMessage } from '../kernel/messages';
import { bilingual } from '../kernel/validation';

/**
 * 赛马制 (RULES §12.3): when the top applications score close together and their technical routes
 * clearly differ, the bureau funds two (or more) teams in parallel, linked as one race; a mid-point
 * competition decides who continues (that evaluation belongs to the execution stage).
 */

export const ROUTE_STATEMENT_MIN = 20;

export const horseRaceProposalSchema = z.strictObject({
  applicationIds: z.array(z.uuid()).min(2).max(10).describe('The teams raced in parallel, best-ranked first'),
  routesDiffer: z
    .strictObject({
      attested: z.boolean().refine(
        (v) => v,
        bilingual({
          zh: '须由经办人确认各团队技术路线明显不同',
          en: "The officer must attest that the teams' technical routes differ",
        }),
      ),
      statement: z
        .string()
        .trim()
        .max(2000)
        .refine(
          (s) => s.length >= ROUTE_STATEMENT_MIN,
          bilingual({
            zh: `须说明各团队技术路线的差异（不少于 ${ROUTE_STATEMENT_MIN} 个字）`,
            en: `Say how the routes differ (at least ${ROUTE_STATEMENT_MIN} characters)`,
          }),
        ),
    })
    .describe("The officer's attestation that the technical routes clearly differ"),
  midpointDate: z.iso.date().describe('The mid-point competition (Beijing civil date)'),
});
export type HorseRaceProposal = z.infer<typeof horseRaceProposalSchema>;

export interface HorseRaceOptions {
  teams: number;
  scoreGapPercent: number;
  /** Teams that continue after the mid-point comparison (absent: DEFAULT_RACE_CONTINUE_COUNT). */
  continueCount?: number;
}

export interface RankedEntry {
  applicationId: string;
  rank: number;
  rankingScore: number;
}

/** The relative gap between the best and the worst of the raced teams, in percent of the best. */
export function scoreGapPercent(scores: readonly number[]): number {
  const best = Math.max(...scores);
  const worst = Math.min(...scores);
  return best <= 0 ? 0 : ((best - worst) / best) * 100;
}

/**
 * A race may go ahead when the program allows one (`options`), it races at most `options.teams`
 * teams, they are exactly the best-ranked applications still available (ranking minus `excluded`),
 * every raced team is in the proposal (`proposed`), their scores lie within the gap, and the
 * mid-point falls after `today`. Every failure is named with its field under `horseRace`.
 * Returns the gap actually found.
 */
export function assertHorseRace(
  race: HorseRaceProposal,
  options: HorseRaceOptions | undefined,
  ranking: readonly RankedEntry[],
  excluded: readonly string[],
  proposed: readonly string[],
  today: string,
): { gapPercent: number } {
  const fields: FieldMessage[] = [];
  const add = (path: string, message: Bilingual) => fields.push({ path: `horseRace.${path}`, message });
  if (!options) {
    const message = {
      zh: '本计划未设置赛马参数，不能并行支持多个团队',
      en: 'This program has no horse-race options; it cannot fund teams in parallel',
    };
    throw new DomainError('validation_failed', message, [{ path: 'horseRace', message }]);
  }
  const ids = race.applicationIds;
  if (new Set(ids).size !== ids.length)
    add('applicationIds', { zh: '同一团队不能重复列入', en: 'A team is listed twice' });
  if (ids.length > options.teams)
    add('applicationIds', {
      zh: `本计划最多并行支持 ${options.teams} 个团队`,
      en: `This program funds at most ${options.teams} teams in parallel`,
    });
  const skip = new Set(excluded);
  const available = [...ranking].filter((e) => !skip.has(e.applicationId)).sort((a, b) => a.rank - b.rank);
  const top = available.slice(0, ids.length).map((e) => e.applicationId);
  const notTop = ids.filter((id) => !top.includes(id));
  if (notTop.length > 0)
    add('applicationIds', {
      zh: `赛马团队须为排名最前的 ${ids.length} 个申报，以下不是：${notTop.join('、')}`,
      en: `The raced teams must be the ${ids.length} best-ranked applications; these are not: ${notTop.join(', ')}`,
    });
  const missing = ids.filter((id) => !proposed.includes(id));
  if (missing.length > 0)
    add('applicationIds', {
      zh: `赛马团队须同时列入立项建议：${missing.join('、')}`,
      en: `Every raced team must be in the proposal's items: ${missing.join(', ')}`,
    });
  const scores = ids
    .map((id) => ranking.find((e) => e.applicationId === id)?.rankingScore)
    .filter((s): s is number => s !== undefined);
  const gapPercent = scores.length === ids.length ? scoreGapPercent(scores) : 0;
  if (gapPercent > options.scoreGapPercent)
    add('applicationIds', {
      zh: `团队得分相差 ${gapPercent.toFixed(2)}%，超过本计划的赛马分差阈值 ${options.scoreGapPercent}%`,
      en: `The teams' scores differ by ${gapPercent.toFixed(2)} %, more than the program's ${options.scoreGapPercent} %`,
    });
  if (race.midpointDate <= today)
    add('midpointDate', {
      zh: '中期比拼日期须晚于今天',
      en: 'The mid-point competition must be after today',
    });
  if (fields.length > 0)
    throw new DomainError(
      'validation_failed',
      { zh: '不能启动赛马', en: 'The horse race cannot go ahead' },
      fields,
    );
  return { gapPercent };
}
