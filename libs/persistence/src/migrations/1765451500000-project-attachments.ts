import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectAttachments1765451500000 implements MigrationInterface {
  name = 'ProjectAttachments1765451500000';

  async up(q: QueryRunner): Promise<void> {
    // The attachment store gets a second owner: a project (issue 15 §2, evidence for progress
    // reports), beside an application. Exactly one owner per file, so a report's citation can be
    // checked against the project and its application.
    await q.query(`
      ALTER TABLE attachments
        ALTER COLUMN application_id DROP NOT NULL,
        ADD COLUMN project_id uuid REFERENCES projects(id),
        ADD CONSTRAINT attachments_one_owner CHECK ((application_id IS NULL) <> (project_id IS NULL))
    `);
    await q.query(
      `CREATE INDEX attachments_project_idx ON attachments (project_id) WHERE project_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM attachments WHERE project_id IS NOT NULL`);
    await q.query(`
      ALTER TABLE attachments DROP CONSTRAINT attachments_one_owner, DROP COLUMN project_id,
        ALTER COLUMN application_id SET NOT NULL
    `);
  }
}
