import { MigrationInterface, QueryRunner } from 'typeorm';

export class MidtermPanels1765450000000 implements MigrationInterface {
  name = 'MidtermPanels1765450000000';

  async up(q: QueryRunner): Promise<void> {
    // 中期检查专家组 (issue 15 §4): a check may sit with an expert panel between the confirmation
    // and the review; the panel's consolidated recommendation becomes the review.
    await q.query(`ALTER TABLE project_midterms DROP CONSTRAINT project_midterms_phase_check`);
    await q.query(`
      ALTER TABLE project_midterms ADD CONSTRAINT project_midterms_phase_check
        CHECK (phase IN ('opened', 'submitted', 'confirmed', 'panel', 'reviewed', 'rectifying', 'decided'))`);
    // One panel per project, stage and round; the draw's seed and input are kept, so it can be
    // replayed. A project's panels sit for its mid-term check or its acceptance (issue 16): the
    // table keeps its first name (not released yet when acceptance came, the stage was added here).
    await q.query(`
      CREATE TABLE midterm_panels (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects(id),
        stage text NOT NULL DEFAULT 'midterm' CHECK (stage IN ('midterm', 'acceptance')),
        round int NOT NULL CHECK (round > 0),
        seed bigint NOT NULL CHECK (seed >= 0 AND seed < 4294967296),
        deadline timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'sitting' CHECK (status IN ('sitting', 'closed', 'lapsed')),
        convened_by uuid NOT NULL,
        convened_at timestamptz NOT NULL,
        input_hash text NOT NULL,
        solver_version text NOT NULL,
        draw jsonb NOT NULL,
        conflicts jsonb NOT NULL DEFAULT '[]',
        recommendation text CHECK (recommendation IN ('continue', 'rectify', 'adjust', 'terminate', 'revoke',
          'pass', 'conditional', 'fail', 'closure')),
        findings jsonb,
        consolidation jsonb,
        mean_score numeric,
        closed_at timestamptz,
        UNIQUE (project_id, stage, round)
      )`);
    // The seats: a decline or recusal keeps its row and its replacement takes the next seat number.
    await q.query(`
      CREATE TABLE midterm_panel_members (
        id uuid PRIMARY KEY,
        panel_id uuid NOT NULL REFERENCES midterm_panels(id),
        seat int NOT NULL CHECK (seat > 0),
        expert_id uuid NOT NULL REFERENCES experts(id),
        replaces uuid UNIQUE REFERENCES midterm_panel_members(id),
        affinity numeric NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'invited'
          CHECK (status IN ('invited', 'accepted', 'declined', 'recused', 'submitted', 'lapsed')),
        reason text,
        recommendation text CHECK (recommendation IN ('continue', 'rectify', 'adjust', 'terminate', 'revoke',
          'pass', 'conditional', 'fail', 'closure')),
        false_material boolean NOT NULL DEFAULT false,
        spending_issues boolean NOT NULL DEFAULT false,
        score int CHECK (score BETWEEN 0 AND 100),
        opinion text,
        invited_at timestamptz NOT NULL,
        responded_at timestamptz,
        submitted_at timestamptz,
        UNIQUE (panel_id, seat),
        UNIQUE (panel_id, expert_id)
      )`);
    await q.query(
      `CREATE INDEX midterm_panel_members_expert ON midterm_panel_members (expert_id, invited_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE midterm_panel_members`);
    await q.query(`DROP TABLE midterm_panels`);
    await q.query(`ALTER TABLE project_midterms DROP CONSTRAINT project_midterms_phase_check`);
    await q.query(`
      ALTER TABLE project_midterms ADD CONSTRAINT project_midterms_phase_check
        CHECK (phase IN ('opened', 'submitted', 'confirmed', 'reviewed', 'rectifying', 'decided'))`);
  }
}
