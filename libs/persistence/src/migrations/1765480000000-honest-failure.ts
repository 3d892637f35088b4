import { MigrationInterface, QueryRunner } from 'typeorm';

export class HonestFailure1765480000000 implements MigrationInterface {
  name = 'HonestFailure1765480000000';

  async up(q: QueryRunner): Promise<void> {
    // 容错 (issue 16 §2): the project's risk flag (set by staff through the project's workflow), and
    // one row per request round; every step is also a domain event (project.honest_failure_*).
    await q.query(`
      ALTER TABLE projects ADD COLUMN risk_profile text CHECK (risk_profile IN ('exploratory', 'high_risk'))`);
    await q.query(`
      CREATE TABLE project_honest_failures (
        project_id uuid NOT NULL REFERENCES projects(id),
        round int NOT NULL CHECK (round > 0),
        phase text NOT NULL CHECK (phase IN ('requested', 'institution_confirmed', 'closed', 'refused')),
        original_record_ids jsonb NOT NULL,
        diligence_statement text NOT NULL,
        requested_by uuid NOT NULL,
        requested_at timestamptz NOT NULL,
        institution_opinion text,
        institution_confirmed boolean,
        confirmed_by uuid,
        confirmed_at timestamptz,
        experts jsonb,
        expert_opinion text,
        diligence_confirmed boolean,
        decided_by uuid,
        decided_at timestamptz,
        PRIMARY KEY (project_id, round)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE project_honest_failures`);
    await q.query(`ALTER TABLE projects DROP COLUMN risk_profile`);
  }
}
