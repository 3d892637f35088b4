import { MigrationInterface, QueryRunner } from 'typeorm';

export class FullApplications1764400000000 implements MigrationInterface {
  name = 'FullApplications1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // Enterprise-led projects carry a co-funding ratio (RULES §7), so institutions have a kind.
    await q.query(`
      ALTER TABLE institutions ADD COLUMN kind text NOT NULL DEFAULT 'other'
        CHECK (kind IN ('government', 'university', 'research_institute', 'enterprise', 'agency', 'hospital', 'other'))`);

    // Files live in content-addressed storage (storage_key = sha256); this row says whose they are.
    // Removing a draft's attachment marks it, so what was submitted stays traceable.
    await q.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications(id),
        document_code text NOT NULL,
        file_name text NOT NULL,
        media_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        uploaded_by uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL,
        removed_at timestamptz,
        removed_by uuid REFERENCES users(id)
      )`);
    await q.query(
      `CREATE INDEX attachments_live ON attachments (application_id, document_code) WHERE removed_at IS NULL`,
    );

    // 科研诚信承诺书: one signature per party, recorded once and never changed.
    await q.query(`
      CREATE TABLE application_pledges (
        application_id uuid NOT NULL REFERENCES applications(id),
        party text NOT NULL CHECK (party IN ('pi', 'institution')),
        signed_by uuid NOT NULL REFERENCES users(id),
        signed_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, party)
      )`);
    await q.query(`
      CREATE TRIGGER application_pledges_append_only BEFORE UPDATE OR DELETE ON application_pledges
      FOR EACH ROW EXECUTE FUNCTION kj_forbid_change()`);

    // Projects: registered from earlier systems now, created by agreements later. 限项 reads them.
    await q.query(`
      CREATE TABLE projects (
        id uuid PRIMARY KEY,
        program_code text NOT NULL,
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        pi_id uuid NOT NULL REFERENCES users(id),
        institution_id uuid NOT NULL REFERENCES institutions(id),
        status text NOT NULL CHECK (status IN ('ongoing', 'accepted', 'closed', 'terminated')),
        starts_on date NOT NULL,
        ends_on date NOT NULL CHECK (ends_on >= starts_on),
        accepted_on date,
        application_id uuid REFERENCES applications(id),
        source text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX projects_pi ON projects (pi_id)`);
    await q.query(`CREATE INDEX projects_institution ON projects (institution_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projects`);
    await q.query(`DROP TABLE application_pledges`);
    await q.query(`DROP TABLE attachments`);
    await q.query(`ALTER TABLE institutions DROP COLUMN kind`);
  }
}
