import { MigrationInterface, QueryRunner } from 'typeorm';

export class Guides1764000000000 implements MigrationInterface {
  name = 'Guides1764000000000';

  async up(q: QueryRunner): Promise<void> {
    // Templates are versioned; a guide (and so its call) pins the version it was created with.
    await q.query(`
      CREATE TABLE program_templates (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        version int NOT NULL CHECK (version > 0),
        mode text NOT NULL,
        template jsonb NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (code, version)
      )`);
    await q.query(`
      CREATE TABLE guides (
        id uuid PRIMARY KEY,
        template_id uuid NOT NULL REFERENCES program_templates(id),
        status text NOT NULL,
        approval_chain text[] NOT NULL CHECK (cardinality(approval_chain) > 0),
        approved_steps int NOT NULL DEFAULT 0,
        draft jsonb NOT NULL,
        draft_version int NOT NULL DEFAULT 1,
        published_version int,
        call_id uuid,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Published versions are immutable: a correction is a new row.
    await q.query(`
      CREATE TABLE guide_versions (
        guide_id uuid NOT NULL REFERENCES guides(id),
        version int NOT NULL,
        content jsonb NOT NULL,
        change_note text,
        published_by uuid REFERENCES users(id),
        published_at timestamptz NOT NULL,
        PRIMARY KEY (guide_id, version)
      )`);
    await q.query(`
      CREATE TRIGGER guide_versions_append_only BEFORE UPDATE OR DELETE ON guide_versions
      FOR EACH ROW EXECUTE FUNCTION kj_forbid_change()`);
    await q.query(`
      CREATE TABLE guide_topics (
        guide_id uuid NOT NULL REFERENCES guides(id),
        topic_id uuid NOT NULL REFERENCES topics(id),
        PRIMARY KEY (guide_id, topic_id)
      )`);
    await q.query(`CREATE INDEX guide_topics_topic_idx ON guide_topics (topic_id)`);
    await q.query(`ALTER TABLE calls ADD COLUMN template_id uuid REFERENCES program_templates(id)`);
    await q.query(`ALTER TABLE calls ADD COLUMN guide_id uuid REFERENCES guides(id)`);
    await q.query(`ALTER TABLE applications ADD COLUMN topic_id uuid REFERENCES topics(id)`);
    await q.query(`CREATE INDEX applications_topic_idx ON applications (topic_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications DROP COLUMN topic_id`);
    await q.query(`ALTER TABLE calls DROP COLUMN guide_id`);
    await q.query(`ALTER TABLE calls DROP COLUMN template_id`);
    await q.query(`DROP TABLE guide_topics`);
    await q.query(`DROP TABLE guide_versions`);
    await q.query(`DROP TABLE guides`);
    await q.query(`DROP TABLE program_templates`);
  }
}
