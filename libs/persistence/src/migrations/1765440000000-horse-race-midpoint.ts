import { MigrationInterface, QueryRunner } from 'typeorm';

export class HorseRaceMidpoint1765440000000 implements MigrationInterface {
  name = 'HorseRaceMidpoint1765440000000';

  async up(q: QueryRunner): Promise<void> {
    // 赛马中期择优 (issue 15 §5): where the race's comparison stands, each team's result (keyed by
    // its project, recorded again until the decision) and the decision. Every step is also a domain
    // event (horse_race.*), so a corrected result stays in the trail.
    await q.query(`
      ALTER TABLE horse_races
        ADD COLUMN phase text NOT NULL DEFAULT 'waiting' CHECK (phase IN ('waiting', 'comparing', 'decided')),
        ADD COLUMN opens_at timestamptz,
        ADD COLUMN opened_at timestamptz,
        ADD COLUMN team_project_ids jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN results jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN continuing jsonb,
        ADD COLUMN decision_reasons text,
        ADD COLUMN decided_by uuid,
        ADD COLUMN decided_at timestamptz
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE horse_races DROP COLUMN phase, DROP COLUMN opens_at, DROP COLUMN opened_at,
        DROP COLUMN team_project_ids, DROP COLUMN results, DROP COLUMN continuing,
        DROP COLUMN decision_reasons, DROP COLUMN decided_by, DROP COLUMN decided_at
    `);
  }
}
