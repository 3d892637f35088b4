import { MigrationInterface, QueryRunner } from 'typeorm';

export class Awards1764600000000 implements MigrationInterface {
  name = 'Awards1764600000000';

  async up(q: QueryRunner): Promise<void> {
    // The call's whole budget (the guide's totalBudgetFen): awards never exceed it.
    await q.query(`ALTER TABLE calls ADD COLUMN total_budget_fen bigint CHECK (total_budget_fen > 0)`);

    // An award decision (立项) for a call: proposal, approval chain, public notice, finality.
    await q.query(`
      CREATE TABLE awards (
        id uuid PRIMARY KEY,
        call_id uuid NOT NULL REFERENCES calls(id),
        round_id uuid REFERENCES review_rounds(id),
        status text NOT NULL,
        chain jsonb NOT NULL,
        decisions jsonb NOT NULL DEFAULT '[]',
        proposed_by uuid NOT NULL REFERENCES users(id),
        note text,
        notice_start timestamptz,
        notice_end timestamptz,
        notice_working_days int NOT NULL,
        finalized_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE award_items (
        award_id uuid NOT NULL REFERENCES awards(id),
        application_id uuid NOT NULL REFERENCES applications(id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        status text NOT NULL CHECK (status IN ('proposed', 'cancelled', 'final')),
        reason text,
        PRIMARY KEY (award_id, application_id)
      )`);
    // Objections (异议) during the notice: named, with facts; each answered.
    await q.query(`
      CREATE TABLE objections (
        id uuid PRIMARY KEY,
        award_id uuid NOT NULL REFERENCES awards(id),
        application_id uuid NOT NULL REFERENCES applications(id),
        objector jsonb NOT NULL,
        facts text NOT NULL,
        evidence jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL CHECK (status IN ('open', 'maintain', 'adjust', 'cancel')),
        answer text,
        filed_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by uuid REFERENCES users(id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE objections`);
    await q.query(`DROP TABLE award_items`);
    await q.query(`DROP TABLE awards`);
    await q.query(`ALTER TABLE calls DROP COLUMN total_budget_fen`);
  }
}
