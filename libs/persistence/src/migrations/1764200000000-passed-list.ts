import { MigrationInterface, QueryRunner } from 'typeorm';

export class PassedList1764200000000 implements MigrationInterface {
  name = 'PassedList1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // When set, the list of applications that passed the formal check is public for the call.
    await q.query(`ALTER TABLE calls ADD COLUMN passed_list_published_at timestamptz`);
    // A returned application's resubmission deadline (the program's fix window, 补正期).
    await q.query(`ALTER TABLE applications ADD COLUMN resubmit_until timestamptz`);
    // Directed commission (定向委托): only the institutions the bureau named may apply.
    await q.query(`ALTER TABLE calls ADD COLUMN invited_institution_ids uuid[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls DROP COLUMN invited_institution_ids`);
    await q.query(`ALTER TABLE applications DROP COLUMN resubmit_until`);
    await q.query(`ALTER TABLE calls DROP COLUMN passed_list_published_at`);
  }
}
