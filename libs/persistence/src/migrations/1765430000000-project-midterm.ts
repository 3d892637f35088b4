import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectMidterm1765430000000 implements MigrationInterface {
  name = 'ProjectMidterm1765430000000';

  async up(q: QueryRunner): Promise<void> {
    // 中期检查 (issue 15 §4): one row per project, where the check stands; every step is also a
    // domain event (project.midterm_*), so a rectification's first round stays in the trail.
    await q.query(`
      CREATE TABLE project_midterms (
        project_id uuid PRIMARY KEY REFERENCES projects(id),
        round int NOT NULL DEFAULT 1 CHECK (round > 0),
        phase text NOT NULL
          CHECK (phase IN ('opened', 'submitted', 'confirmed', 'reviewed', 'rectifying', 'decided')),
        opened_at timestamptz NOT NULL,
        submission jsonb,
        spent_fen bigint CHECK (spent_fen >= 0),
        submitted_by uuid,
        submitted_at timestamptz,
        confirmation text,
        confirmed_by uuid,
        confirmed_at timestamptz,
        review jsonb,
        reviewed_by uuid,
        reviewed_at timestamptz,
        decision text CHECK (decision IN ('continue', 'rectify', 'adjust', 'terminate', 'revoke')),
        reasons text,
        change_note text,
        decided_by uuid,
        decided_at timestamptz,
        fix_by timestamptz
      )`);
    // 追回: recovery orders of terminated or revoked projects, repaid by their deadline.
    await q.query(`
      CREATE TABLE recovery_orders (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects(id),
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        reason text NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'overdue')),
        paid_at timestamptz,
        paid_by uuid,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX recovery_orders_project ON recovery_orders (project_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recovery_orders`);
    await q.query(`DROP TABLE project_midterms`);
  }
}
