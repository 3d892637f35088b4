import { MigrationInterface, QueryRunner } from 'typeorm';

export class AwardModes1764800000000 implements MigrationInterface {
  name = 'AwardModes1764800000000';

  async up(q: QueryRunner): Promise<void> {
    // The program template's notice options, copied onto the award when it is proposed; a
    // changed outcome republishes the list (revision > 0).
    await q.query(`
      ALTER TABLE awards
        ADD COLUMN restart_notice boolean NOT NULL DEFAULT true,
        ADD COLUMN with_notice boolean NOT NULL DEFAULT true,
        ADD COLUMN notice_revision int NOT NULL DEFAULT 0,
        ADD COLUMN notice_republished_at timestamptz`);
    // 赛马: top teams funded in parallel, linked as one race with a mid-point competition date.
    await q.query(`
      CREATE TABLE horse_races (
        id uuid PRIMARY KEY,
        call_id uuid NOT NULL REFERENCES calls(id),
        award_id uuid NOT NULL UNIQUE REFERENCES awards(id),
        round_id uuid NOT NULL REFERENCES review_rounds(id),
        application_ids jsonb NOT NULL,
        midpoint_date date NOT NULL,
        gap_percent numeric(7, 4) NOT NULL,
        routes_statement text NOT NULL,
        attested_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Negotiated drafts: every version of the terms is kept; signatures name the version signed.
    await q.query(`ALTER TABLE agreements ADD COLUMN version int NOT NULL DEFAULT 1`);
    await q.query(`
      CREATE TABLE agreement_versions (
        agreement_id uuid NOT NULL REFERENCES agreements(id),
        version int NOT NULL,
        content jsonb NOT NULL,
        revised_by uuid REFERENCES users(id),
        note text,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (agreement_id, version)
      )`);
    await q.query(`
      INSERT INTO agreement_versions (agreement_id, version, content, revised_by, note, created_at)
      SELECT id, 1, content, NULL, NULL, created_at FROM agreements`);
    await q.query(`
      CREATE TRIGGER agreement_versions_append_only BEFORE UPDATE OR DELETE ON agreement_versions
      FOR EACH ROW EXECUTE FUNCTION kj_forbid_change()`);
    await q.query(`
      ALTER TABLE agreement_signatures
        ADD COLUMN version int NOT NULL DEFAULT 1,
        ADD COLUMN pledge_accepted boolean NOT NULL DEFAULT false`);
    // 里程碑考核 (challenges): each milestone checked once, in order; payments follow the passes.
    await q.query(`
      CREATE TABLE milestone_checks (
        agreement_id uuid NOT NULL REFERENCES agreements(id),
        milestone int NOT NULL CHECK (milestone > 0),
        outcome text NOT NULL CHECK (outcome IN ('passed', 'failed')),
        opinion text NOT NULL,
        checked_by uuid NOT NULL REFERENCES users(id),
        checked_at timestamptz NOT NULL,
        PRIMARY KEY (agreement_id, milestone)
      )`);
    await q.query(`
      CREATE TRIGGER milestone_checks_append_only BEFORE UPDATE OR DELETE ON milestone_checks
      FOR EACH ROW EXECUTE FUNCTION kj_forbid_change()`);
    // 定向委托: the topic the bureau commissions the named performer for.
    await q.query(`ALTER TABLE calls ADD COLUMN topic_id uuid REFERENCES topics(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls DROP COLUMN topic_id`);
    await q.query(`DROP TABLE milestone_checks`);
    await q.query(`ALTER TABLE agreement_signatures DROP COLUMN version, DROP COLUMN pledge_accepted`);
    await q.query(`DROP TABLE agreement_versions`);
    await q.query(`ALTER TABLE agreements DROP COLUMN version`);
    await q.query(`DROP TABLE horse_races`);
    await q.query(
      `ALTER TABLE awards DROP COLUMN restart_notice, DROP COLUMN with_notice, DROP COLUMN notice_revision, DROP COLUMN notice_republished_at`,
    );
  }
}
