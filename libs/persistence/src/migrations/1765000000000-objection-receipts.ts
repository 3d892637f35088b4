import { MigrationInterface, QueryRunner } from 'typeorm';

export class ObjectionReceipts1765000000000 implements MigrationInterface {
  name = 'ObjectionReceipts1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // The objector has no account: a receipt handed out at filing (stored only as its sha256)
    // lets them read the answer.
    await q.query(`ALTER TABLE objections ADD COLUMN receipt_sha256 text`);
    // RULES §7: the first installment reaches the unit within 30 days of signing.
    await q.query(`ALTER TABLE installments ADD COLUMN due_by timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE installments DROP COLUMN due_by`);
    await q.query(`ALTER TABLE objections DROP COLUMN receipt_sha256`);
  }
}
