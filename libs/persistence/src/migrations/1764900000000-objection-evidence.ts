import { MigrationInterface, QueryRunner } from 'typeorm';

export class ObjectionEvidence1764900000000 implements MigrationInterface {
  name = 'ObjectionEvidence1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // Evidence files an objector uploads during a public notice (no account), kept with the
    // award; an objection names them by id. The file itself is content-addressed storage.
    await q.query(`
      CREATE TABLE objection_evidence (
        id uuid PRIMARY KEY,
        award_id uuid NOT NULL REFERENCES awards(id),
        file_name text NOT NULL,
        media_type text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        uploaded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX objection_evidence_award ON objection_evidence (award_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE objection_evidence`);
  }
}
