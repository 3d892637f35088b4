import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE institutions (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        county text NOT NULL,
        credit_code text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        institution_id uuid REFERENCES institutions(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calls (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        mode text NOT NULL,
        status text NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL CHECK (window_end > window_start),
        budget_cap_fen bigint NOT NULL CHECK (budget_cap_fen > 0),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY,
        call_id uuid NOT NULL REFERENCES calls(id),
        applicant_id uuid NOT NULL REFERENCES users(id),
        institution_id uuid REFERENCES institutions(id),
        status text NOT NULL,
        content jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        submitted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX applications_call_idx ON applications (call_id, status)`);
    await q.query(`CREATE INDEX applications_applicant_idx ON applications (applicant_id)`);
    await q.query(`
      CREATE TABLE domain_events (
        id uuid PRIMARY KEY,
        sequence bigserial NOT NULL UNIQUE,
        type text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        actor_id uuid,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        workflow_id text NOT NULL,
        step text NOT NULL,
        CONSTRAINT domain_events_step_uq UNIQUE (workflow_id, step)
      )`);
    await q.query(
      `CREATE INDEX domain_events_subject_idx ON domain_events (subject_type, subject_id, sequence)`,
    );
    // The audit trail is append-only, enforced by the database rather than by convention.
    await q.query(`
      CREATE FUNCTION kj_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER domain_events_append_only BEFORE UPDATE OR DELETE ON domain_events
      FOR EACH ROW EXECUTE FUNCTION kj_forbid_change()`);
    await q.query(`
      CREATE TRIGGER domain_events_no_truncate BEFORE TRUNCATE ON domain_events
      FOR EACH STATEMENT EXECUTE FUNCTION kj_forbid_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE domain_events`);
    await q.query(`DROP FUNCTION kj_forbid_change`);
    await q.query(`DROP TABLE applications`);
    await q.query(`DROP TABLE calls`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE institutions`);
  }
}
