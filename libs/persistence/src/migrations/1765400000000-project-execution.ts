import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectExecution1765400000000 implements MigrationInterface {
  name = 'ProjectExecution1765400000000';

  async up(q: QueryRunner): Promise<void> {
    // Signing an agreement starts its project (issue 15): the project names the agreement, and
    // keeps what the portfolio filters on (mode, county, key field) and its schedule's instants.
    await q.query(`ALTER TABLE projects DROP CONSTRAINT projects_status_check`);
    await q.query(`
      ALTER TABLE projects
        ADD CONSTRAINT projects_status_check
          CHECK (status IN ('ongoing', 'rectifying', 'terminated', 'revoked', 'accepted', 'closed')),
        ADD COLUMN agreement_id uuid UNIQUE REFERENCES agreements(id),
        ADD COLUMN call_id uuid REFERENCES calls(id),
        ADD COLUMN mode text,
        ADD COLUMN county text,
        ADD COLUMN key_field text,
        ADD COLUMN starts_at timestamptz,
        ADD COLUMN ends_at timestamptz,
        ADD COLUMN midterm_at timestamptz`);
    await q.query(`CREATE INDEX projects_status ON projects (status)`);
    // 进展报告: one row per scheduled report, planned when the project starts.
    await q.query(`
      CREATE TABLE project_reports (
        project_id uuid NOT NULL REFERENCES projects(id),
        seq int NOT NULL CHECK (seq > 0),
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'due',
        PRIMARY KEY (project_id, seq)
      )`);
    await q.query(`CREATE INDEX project_reports_due ON project_reports (due_at) WHERE status = 'due'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE project_reports`);
    await q.query(`DROP INDEX projects_status`);
    await q.query(`
      ALTER TABLE projects DROP COLUMN agreement_id, DROP COLUMN call_id, DROP COLUMN mode,
        DROP COLUMN county, DROP COLUMN key_field, DROP COLUMN starts_at, DROP COLUMN ends_at,
        DROP COLUMN midterm_at`);
    await q.query(`ALTER TABLE projects DROP CONSTRAINT projects_status_check`);
    await q.query(
      `ALTER TABLE projects ADD CONSTRAINT projects_status_check CHECK (status IN ('ongoing', 'accepted', 'closed', 'terminated'))`,
    );
  }
}
