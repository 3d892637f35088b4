import { MigrationInterface, QueryRunner } from 'typeorm';

export class Agreements1764700000000 implements MigrationInterface {
  name = 'Agreements1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // 任务书: generated from the application when its award is final; the content is frozen.
    await q.query(`
      CREATE TABLE agreements (
        id uuid PRIMARY KEY,
        award_id uuid NOT NULL REFERENCES awards(id),
        application_id uuid NOT NULL REFERENCES applications(id),
        call_id uuid NOT NULL REFERENCES calls(id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        content jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'signed', 'forfeited')),
        sign_by timestamptz NOT NULL,
        signed_at timestamptz,
        created_at timestamptz NOT NULL,
        UNIQUE (award_id, application_id)
      )`);
    // A recorded, timestamped acceptance by the signer's account; never changed.
    await q.query(`
      CREATE TABLE agreement_signatures (
        agreement_id uuid NOT NULL REFERENCES agreements(id),
        party text NOT NULL CHECK (party IN ('pi', 'institution', 'bureau')),
        signed_by uuid NOT NULL REFERENCES users(id),
        signed_at timestamptz NOT NULL,
        PRIMARY KEY (agreement_id, party)
      )`);
    await q.query(`
      CREATE TRIGGER agreement_signatures_append_only BEFORE UPDATE OR DELETE ON agreement_signatures
      FOR EACH ROW EXECUTE FUNCTION kj_forbid_change()`);
    await q.query(`
      CREATE TABLE installments (
        agreement_id uuid NOT NULL REFERENCES agreements(id),
        seq int NOT NULL,
        share_percent int NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        released_by text NOT NULL,
        status text NOT NULL CHECK (status IN ('planned', 'approved', 'paid')),
        approved_by uuid REFERENCES users(id),
        approved_at timestamptz,
        paid_by uuid REFERENCES users(id),
        paid_at timestamptz,
        PRIMARY KEY (agreement_id, seq)
      )`);
    await q.query(`ALTER TABLE award_items DROP CONSTRAINT award_items_status_check`);
    await q.query(
      `ALTER TABLE award_items ADD CONSTRAINT award_items_status_check CHECK (status IN ('proposed', 'cancelled', 'final', 'forfeited'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE installments`);
    await q.query(`DROP TABLE agreement_signatures`);
    await q.query(`DROP TABLE agreements`);
  }
}
