import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectReportVersions1765410000000 implements MigrationInterface {
  name = 'ProjectReportVersions1765410000000';

  async up(q: QueryRunner): Promise<void> {
    // 进展报告 (issue 15 §2): every submitted version is kept as it was sent (a returned report is
    // sent again as a new version), and the institution's confirmation and the bureau's decision
    // on each version are kept beside it; both are append-only.
    await q.query(`
      ALTER TABLE project_reports
        ADD CONSTRAINT project_reports_status_check
          CHECK (status IN ('due', 'submitted', 'confirmed', 'returned', 'accepted'))`);
    await q.query(`
      CREATE TABLE project_report_versions (
        project_id uuid NOT NULL,
        seq int NOT NULL,
        version int NOT NULL CHECK (version > 0),
        content jsonb NOT NULL,
        submitted_by uuid NOT NULL REFERENCES users(id),
        submitted_at timestamptz NOT NULL,
        PRIMARY KEY (project_id, seq, version),
        FOREIGN KEY (project_id, seq) REFERENCES project_reports(project_id, seq)
      )`);
    await q.query(`
      CREATE TABLE project_report_reviews (
        project_id uuid NOT NULL,
        seq int NOT NULL,
        version int NOT NULL,
        step text NOT NULL CHECK (step IN ('confirmed', 'accepted', 'returned')),
        actor_id uuid NOT NULL REFERENCES users(id),
        comment text NOT NULL DEFAULT '',
        at timestamptz NOT NULL,
        PRIMARY KEY (project_id, seq, version, step),
        FOREIGN KEY (project_id, seq, version) REFERENCES project_report_versions(project_id, seq, version)
      )`);
    for (const t of ['project_report_versions', 'project_report_reviews'])
      await q.query(`
        CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t}
        FOR EACH ROW EXECUTE FUNCTION kj_forbid_change()`);
    // An accepted report is final: its row no longer changes (nor is it deleted).
    await q.query(`
      CREATE TRIGGER project_reports_accepted_final BEFORE UPDATE OR DELETE ON project_reports
      FOR EACH ROW WHEN (OLD.status = 'accepted') EXECUTE FUNCTION kj_forbid_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER project_reports_accepted_final ON project_reports`);
    await q.query(`DROP TABLE project_report_reviews`);
    await q.query(`DROP TABLE project_report_versions`);
    await q.query(`ALTER TABLE project_reports DROP CONSTRAINT project_reports_status_check`);
  }
}
