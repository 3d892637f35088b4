import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApplicationVersions1764300000000 implements MigrationInterface {
  name = 'ApplicationVersions1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // Every submitted version of an application, as submitted; officers compare them.
    await q.query(`
      CREATE TABLE application_versions (
        application_id uuid NOT NULL REFERENCES applications(id),
        submission int NOT NULL,
        content jsonb NOT NULL,
        submitted_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, submission)
      )`);
    await q.query(`
      CREATE TRIGGER application_versions_append_only BEFORE UPDATE OR DELETE ON application_versions
      FOR EACH ROW EXECUTE FUNCTION kj_forbid_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE application_versions`);
  }
}
