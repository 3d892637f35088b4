import { MigrationInterface, QueryRunner } from 'typeorm';

export class Credit1764100000000 implements MigrationInterface {
  name = 'Credit1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // The research-credit ledger: append-only. A correction or repair is a new row referencing the
    // old one; the database refuses UPDATE, DELETE and TRUNCATE.
    await q.query(`
      CREATE TABLE credit_records (
        id uuid PRIMARY KEY,
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        kind text NOT NULL,
        severity text NOT NULL,
        stage text NOT NULL,
        project_id uuid,
        facts text NOT NULL,
        evidence_refs text[] NOT NULL DEFAULT '{}',
        decision_no text,
        effective_from date NOT NULL,
        effective_until date CHECK (effective_until IS NULL OR effective_until > effective_from),
        references_record_id uuid REFERENCES credit_records(id),
        is_public boolean NOT NULL DEFAULT false,
        case_id uuid,
        -- The domain event of another stage that this record follows from (e.g. a case's case.effective).
        source_event_id uuid REFERENCES domain_events(id),
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        workflow_id text NOT NULL,
        step text NOT NULL,
        CONSTRAINT credit_records_step_uq UNIQUE (workflow_id, step)
      )`);
    await q.query(
      `CREATE INDEX credit_records_subject_idx ON credit_records (subject_type, subject_id, effective_from)`,
    );
    await q.query(`CREATE INDEX credit_records_project_idx ON credit_records (project_id)`);
    await q.query(`
      CREATE TRIGGER credit_records_append_only BEFORE UPDATE OR DELETE ON credit_records
      FOR EACH ROW EXECUTE FUNCTION kj_forbid_change()`);
    await q.query(`
      CREATE TRIGGER credit_records_no_truncate BEFORE TRUNCATE ON credit_records
      FOR EACH STATEMENT EXECUTE FUNCTION kj_forbid_change()`);
    // Read model of misconduct cases; the case workflow (`misconduct-case-<id>`) owns the status.
    await q.query(`
      CREATE TABLE misconduct_cases (
        id uuid PRIMARY KEY,
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        project_id uuid,
        status text NOT NULL,
        report jsonb NOT NULL,
        finding jsonb,
        review jsonb,
        investigation_deadline timestamptz,
        extended boolean NOT NULL DEFAULT false,
        appeal_deadline timestamptz,
        credit_record_id uuid REFERENCES credit_records(id),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX misconduct_cases_subject_idx ON misconduct_cases (subject_type, subject_id)`);
    // 信用修复 requests: the subject asks, an officer decides; an approval writes a repair record.
    await q.query(`
      CREATE TABLE credit_repair_requests (
        id uuid PRIMARY KEY,
        record_id uuid NOT NULL REFERENCES credit_records(id),
        reason text NOT NULL,
        evidence_refs text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        decision_reason text,
        repair_record_id uuid REFERENCES credit_records(id),
        requested_by uuid NOT NULL REFERENCES users(id),
        decided_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    // At most one open request per record.
    await q.query(
      `CREATE UNIQUE INDEX credit_repair_requests_pending_uq ON credit_repair_requests (record_id) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE credit_repair_requests`);
    await q.query(`DROP TABLE misconduct_cases`);
    await q.query(`DROP TABLE credit_records`);
  }
}
