import { MigrationInterface, QueryRunner } from 'typeorm';

export class Acceptance1765490000000 implements MigrationInterface {
  name = 'Acceptance1765490000000';

  async up(q: QueryRunner): Promise<void> {
    // 验收不通过 is a project status of its own (issue 16 §1): it ends the project like a revocation
    // does, but on the acceptance's verdict.
    await q.query(`ALTER TABLE projects DROP CONSTRAINT projects_status_check`);
    await q.query(`
      ALTER TABLE projects ADD CONSTRAINT projects_status_check
        CHECK (status IN ('ongoing', 'rectifying', 'terminated', 'revoked', 'accepted', 'closed', 'failed'))`);
    // 验收: one row per project, opened at the term's end by the project's workflow; each step
    // overwrites its columns (the events keep every round's steps).
    await q.query(`
      CREATE TABLE project_acceptances (
        project_id uuid PRIMARY KEY REFERENCES projects(id),
        phase text NOT NULL CHECK (phase IN ('awaiting', 'submitted', 'confirmed', 'checked', 'panel', 'reviewed',
          'rectifying', 'published', 'final')),
        round int NOT NULL DEFAULT 1 CHECK (round IN (1, 2)),
        opened_at timestamptz NOT NULL,
        apply_by timestamptz NOT NULL,
        fails_at timestamptz NOT NULL,
        dossier jsonb,
        completion numeric,
        spent_fen bigint CHECK (spent_fen >= 0),
        late boolean NOT NULL DEFAULT false,
        submitted_by uuid,
        submitted_at timestamptz,
        confirmation text,
        confirmed_by uuid,
        confirmed_at timestamptz,
        formal_check jsonb,
        checked_by uuid,
        checked_at timestamptz,
        review jsonb,
        reviewed_by uuid,
        reviewed_at timestamptz,
        fix_by timestamptz,
        verdict text CHECK (verdict IN ('pass', 'conditional', 'fail', 'closure')),
        excellent boolean NOT NULL DEFAULT false,
        reasons text,
        automatic text,
        decided_by uuid,
        decided_at timestamptz,
        objections_until timestamptz,
        settlement jsonb,
        final_at timestamptz
      )`);
    await q.query(`CREATE INDEX project_acceptances_published ON project_acceptances (decided_at)
      WHERE phase IN ('published', 'final')`);
    // 异议: named, with reasons, answered by the officer (upheld withdraws the verdict).
    await q.query(`
      CREATE TABLE acceptance_objections (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects(id),
        round int NOT NULL,
        name text NOT NULL,
        reasons text NOT NULL,
        filed_by uuid NOT NULL,
        filed_at timestamptz NOT NULL,
        outcome text CHECK (outcome IN ('dismissed', 'upheld')),
        reply text,
        answered_by uuid,
        answered_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX acceptance_objections_project ON acceptance_objections (project_id, filed_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE acceptance_objections`);
    await q.query(`DROP TABLE project_acceptances`);
    await q.query(`ALTER TABLE projects DROP CONSTRAINT projects_status_check`);
    await q.query(`
      ALTER TABLE projects ADD CONSTRAINT projects_status_check
        CHECK (status IN ('ongoing', 'rectifying', 'terminated', 'revoked', 'accepted', 'closed'))`);
  }
}
