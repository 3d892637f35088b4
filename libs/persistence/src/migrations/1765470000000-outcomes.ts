import { MigrationInterface, QueryRunner } from 'typeorm';

export class Outcomes1765470000000 implements MigrationInterface {
  name = 'Outcomes1765470000000';

  async up(q: QueryRunner): Promise<void> {
    // The plan's indicators as live data (issue 16 §3): seed 004 表2 (2021–2025) and the 2022
    // targets of seed 002, loaded by the seed step from seeds/data/plan-indicators.json. Outcomes
    // dated within [period_from, period_to] count toward an indicator.
    await q.query(`
      CREATE TABLE plan_indicators (
        code text PRIMARY KEY,
        plan text NOT NULL CHECK (plan IN ('plan_2021_2025', 'work_points_2022')),
        group_name text NOT NULL,
        zh text NOT NULL,
        unit text NOT NULL,
        baseline numeric,
        baseline_year integer,
        target numeric NOT NULL,
        period_from integer NOT NULL,
        period_to integer NOT NULL CHECK (period_to >= period_from),
        kind text,
        attribute text,
        source text NOT NULL,
        sort integer NOT NULL
      )
    `);
    // 成果: one row per outcome, written by its workflow (outcome-<id>) with its event; key field
    // and county are the outcome's own (copied from the project, or overridden with a note).
    await q.query(`
      CREATE TABLE outcomes (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects (id),
        type text NOT NULL,
        status text NOT NULL CHECK (status IN ('submitted', 'returned', 'verified', 'rejected')),
        title text NOT NULL,
        occurred_on date NOT NULL,
        evidence jsonb NOT NULL,
        details jsonb NOT NULL,
        key_field text,
        county text,
        placement_note text,
        version integer NOT NULL,
        registered_by uuid NOT NULL,
        registered_at timestamptz NOT NULL,
        submitted_at timestamptz NOT NULL,
        decision text CHECK (decision IN ('verify', 'return', 'reject')),
        decision_comment text,
        decided_by uuid,
        decided_at timestamptz
      )
    `);
    await q.query(`CREATE INDEX outcomes_project_idx ON outcomes (project_id, registered_at)`);
    await q.query(`CREATE INDEX outcomes_status_idx ON outcomes (status, occurred_on)`);
    // What each outcome adds to each indicator (domain: outcomeContributions), rewritten with
    // every version; counted only while the outcome is verified.
    await q.query(`
      CREATE TABLE outcome_contributions (
        outcome_id uuid NOT NULL REFERENCES outcomes (id),
        indicator_code text NOT NULL,
        value bigint NOT NULL CHECK (value > 0),
        PRIMARY KEY (outcome_id, indicator_code)
      )
    `);
    await q.query(
      `CREATE INDEX outcome_contributions_indicator_idx ON outcome_contributions (indicator_code)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outcome_contributions`);
    await q.query(`DROP TABLE outcomes`);
    await q.query(`DROP TABLE plan_indicators`);
  }
}
