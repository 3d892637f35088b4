import { DomainError } from '../kernel/errors.rules';

/**
 * 赛马中期择优 (RULES §9, §12.3, §14 "赛马: 中期择优 → 淘汰队伍 终止"), zod-free as the race's
 * workflow decides it: at the mid-point the teams' mid-term results are compared; staff record
 * each team's result (for a challenge, with the issuer's representative, 发榜方 takes part in 评榜);
 * one decision names the team(s) that continue; the others are terminated without fault.
 */

/** Teams that continue when the template says nothing (the NKP clause funds the better route on). */
export const DEFAULT_RACE_CONTINUE_COUNT = 1;

export const RACE_PHASES = ['waiting', 'comparing', 'decided'] as const;
export type RacePhase = (typeof RACE_PHASES)[number];

export interface RaceTeamFacts {
  projectId: string;
  /** The team's mid-term score (0–100), once recorded. */
  score: number | null;
}

export interface RaceFacts {
  phase: RacePhase;
  /** The comparison opens at this instant (UTC ISO). */
  opensAt: string;
  teams: readonly RaceTeamFacts[];
  /** The template's rule: this many teams continue. */
  continueCount: number;
  /** A challenge's race: the issuer's representative takes part in every result. */
  issuerTakesPart: boolean;
}

/**
 * The comparison takes results and a decision only while it runs: before it opens (also before a
 * team's project has started the race: no opening time yet) and after the decision it refuses.
 */
export function assertRaceComparing(r: { phase: RacePhase; opensAt: string | null }): void {
  if (r.phase === 'waiting')
    throw new DomainError('invalid_state', {
      zh: r.opensAt ? `赛马中期比拼于 ${r.opensAt} 开始，尚未开始` : '赛马中期比拼尚未开始',
      en: r.opensAt
        ? `The race's mid-point comparison opens at ${r.opensAt}; it has not opened yet`
        : "The race's mid-point comparison has not opened yet",
    });
  if (r.phase === 'decided')
    throw new DomainError('conflict', {
      zh: '赛马中期比拼已作出决定',
      en: "The race's mid-point comparison has been decided",
    });
}

/** A project that is no team of a race has no race to read or decide (404). */
export function assertRaceTeam(raceId: string | null): asserts raceId is string {
  if (!raceId)
    throw new DomainError('not_found', {
      zh: '该项目不属于赛马项目',
      en: 'This project is not a team of a horse race',
    });
}

/**
 * May a team's mid-term result be recorded? Only while comparing, only for a team of the race, and
 * for a challenge only with the issuer's representative named. A result may be recorded again
 * (corrected) until the decision.
 */
export function assertRaceResult(r: RaceFacts, projectId: string, issuerRepresentative: string | null): void {
  assertRaceComparing(r);
  if (!r.teams.some((t) => t.projectId === projectId))
    throw new DomainError('not_found', { zh: '该项目不是本赛马的参赛团队', en: 'No such team in this race' });
  if (r.issuerTakesPart && !issuerRepresentative?.trim()) {
    const message = {
      zh: '揭榜挂帅项目的中期比拼须有发榜方代表参加，请填写发榜方代表',
      en: "A challenge's mid-point comparison includes the issuer: name the issuer's representative",
    };
    throw new DomainError('validation_failed', message, [{ path: 'issuerRepresentative', message }]);
  }
}

/**
 * The decision names exactly `continueCount` teams of the race, every team has its result, and no
 * team scored below one that is terminated (优胜劣汰: a tie at the boundary is the decider's call).
 */
export function assertRaceDecision(r: RaceFacts, continuing: readonly string[]): void {
  assertRaceComparing(r);
  const missing = r.teams.filter((t) => t.score === null);
  if (missing.length > 0)
    throw new DomainError('invalid_state', {
      zh: `尚有 ${missing.length} 个团队没有中期比拼结果`,
      en: `${missing.length} team(s) have no mid-point result yet`,
    });
  const fields = (zh: string, en: string) => {
    const message = { zh, en };
    return new DomainError('validation_failed', message, [{ path: 'continuing', message }]);
  };
  const ids = new Set(continuing);
  if (ids.size !== continuing.length) throw fields('同一团队不能重复列入', 'A team is listed twice');
  const unknown = continuing.filter((id) => !r.teams.some((t) => t.projectId === id));
  if (unknown.length > 0)
    throw fields(
      `以下项目不是本赛马的团队：${unknown.join('、')}`,
      `Not teams of this race: ${unknown.join(', ')}`,
    );
  if (continuing.length !== r.continueCount)
    throw fields(
      `按计划模板，赛马中期比拼后继续支持 ${r.continueCount} 个团队`,
      `By the program template, ${r.continueCount} team(s) continue after the mid-point`,
    );
  const kept = r.teams.filter((t) => ids.has(t.projectId)).map((t) => t.score!);
  const dropped = r.teams.filter((t) => !ids.has(t.projectId)).map((t) => t.score!);
  if (dropped.length > 0 && kept.length > 0 && Math.max(...dropped) > Math.min(...kept))
    throw fields(
      '继续支持的团队须为中期比拼得分最高的团队',
      'The teams that continue must be those with the best mid-point scores',
    );
}

/** The teams the decision terminates (without fault). */
export function raceLosers(r: Pick<RaceFacts, 'teams'>, continuing: readonly string[]): string[] {
  return r.teams.map((t) => t.projectId).filter((id) => !continuing.includes(id));
}

/** The race's mid-point as an instant: 00:00 Beijing time of its civil date. */
export function raceMidpointInstant(midpointDate: string): string {
  return new Date(`${midpointDate}T00:00:00+08:00`).toISOString();
}
