import { DataSource, EntityManager } from 'typeorm';
import { HorseRaceEntity } from '../entities/horse-race.entity';

/** 赛马: a race's teams (with their projects once signed), its rule, and its mid-point comparison. */
export class HorseRaceRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  get(raceId: string): Promise<HorseRaceEntity | null> {
    return this.db.getRepository(HorseRaceEntity).findOneBy({ id: raceId });
  }

  /** The race an agreement's team runs in (its award raced teams in parallel), or null. */
  async ofAgreement(agreementId: string): Promise<{ id: string; midpointDate: string } | null> {
    const [row]: Array<{ id: string; midpoint_date: string }> = await this.db.query(
      `SELECT r.id, to_char(r.midpoint_date, 'YYYY-MM-DD') AS midpoint_date
         FROM horse_races r JOIN agreements a ON a.award_id = r.award_id
        WHERE a.id = $1 AND r.application_ids ? a.application_id::text`,
      [agreementId],
    );
    return row ? { id: row.id, midpointDate: row.midpoint_date } : null;
  }

  /** The race of a project (through its agreement), or null. */
  async ofProject(projectId: string): Promise<string | null> {
    const [row]: Array<{ id: string }> = await this.db.query(
      `SELECT r.id FROM horse_races r JOIN agreements a ON a.award_id = r.award_id
         JOIN projects p ON p.agreement_id = a.id
        WHERE p.id = $1 AND r.application_ids ? a.application_id::text`,
      [projectId],
    );
    return row?.id ?? null;
  }

  /**
   * The race's teams in race order with their projects (null until the agreement is signed), the
   * template's horse-race options and the call's mode.
   */
  async facts(raceId: string): Promise<{
    midpointDate: string;
    teams: Array<{ applicationId: string; projectId: string | null }>;
    continueCount: number | null;
    mode: string;
  } | null> {
    const [race]: Array<{ application_ids: string[]; midpoint_date: string; mode: string; opts: any }> =
      await this.db.query(
        `SELECT r.application_ids, to_char(r.midpoint_date, 'YYYY-MM-DD') AS midpoint_date, c.mode,
                t.template->'horseRace' AS opts
           FROM horse_races r JOIN calls c ON c.id = r.call_id
           LEFT JOIN program_templates t ON t.id = c.template_id
          WHERE r.id = $1`,
        [raceId],
      );
    if (!race) return null;
    const projects: Array<{ application_id: string; id: string }> = await this.db.query(
      `SELECT a.application_id, p.id FROM projects p JOIN agreements a ON a.id = p.agreement_id
         JOIN horse_races r ON r.award_id = a.award_id WHERE r.id = $1`,
      [raceId],
    );
    return {
      midpointDate: race.midpoint_date,
      mode: race.mode,
      continueCount: typeof race.opts?.continueCount === 'number' ? race.opts.continueCount : null,
      teams: race.application_ids.map((applicationId) => ({
        applicationId,
        projectId: projects.find((p) => p.application_id === applicationId)?.id ?? null,
      })),
    };
  }

  // ---- writes (the race's workflow, in the event's transaction) --------------------------------

  async open(raceId: string, teams: string[], opensAt: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE horse_races SET phase = 'comparing', team_project_ids = $2, opens_at = $3, opened_at = $4
        WHERE id = $1 AND phase = 'waiting'`,
      [raceId, JSON.stringify(teams), opensAt, at],
    );
  }

  async recordResult(
    raceId: string,
    r: { projectId: string; score: number; opinion: string; issuerRepresentative: string | null },
    actorId: string,
    at: Date,
  ): Promise<void> {
    const result = {
      score: r.score,
      opinion: r.opinion,
      issuerRepresentative: r.issuerRepresentative,
      recordedBy: actorId,
      recordedAt: at.toISOString(),
    };
    await this.db.query(
      `UPDATE horse_races SET results = jsonb_set(results, ARRAY[$2::text], $3::jsonb) WHERE id = $1`,
      [raceId, r.projectId, JSON.stringify(result)],
    );
  }

  async decide(
    raceId: string,
    d: { continuing: string[]; reasons: string },
    actorId: string,
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `UPDATE horse_races SET phase = 'decided', continuing = $2, decision_reasons = $3, decided_by = $4,
              decided_at = $5 WHERE id = $1`,
      [raceId, JSON.stringify(d.continuing), d.reasons, actorId, at],
    );
  }
}
