import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectChanges1765420000000 implements MigrationInterface {
  name = 'ProjectChanges1765420000000';

  async up(q: QueryRunner): Promise<void> {
    // 变更申请 (issue 15 §3): one row per request, with its chain, the decisions so far and, once
    // approved, the agreement version it made, the diff and what it moved (the effect).
    await q.query(`
      CREATE TABLE project_changes (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects(id),
        kind text NOT NULL CHECK (kind IN ('budget_adjustment', 'extension', 'pi_change', 'institution_change',
                                            'team_change', 'objectives_change', 'termination_request')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        reason text NOT NULL,
        detail jsonb NOT NULL,
        steps jsonb NOT NULL,
        decisions jsonb NOT NULL DEFAULT '[]',
        requested_by uuid NOT NULL REFERENCES users(id),
        requested_at timestamptz NOT NULL,
        decided_at timestamptz,
        agreement_version int,
        diff jsonb NOT NULL DEFAULT '[]',
        effect jsonb
      )`);
    await q.query(`CREATE INDEX project_changes_project ON project_changes (project_id, requested_at, id)`);
    // A change of objectives or route without approval is grounds for failing acceptance (RULES §8).
    await q.query(`ALTER TABLE projects ADD COLUMN unapproved_change boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE projects DROP COLUMN unapproved_change`);
    await q.query(`DROP TABLE project_changes`);
  }
}
