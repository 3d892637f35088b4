import { MigrationInterface, QueryRunner } from 'typeorm';

export class CasePolicies1765330000000 implements MigrationInterface {
  name = 'CasePolicies1765330000000';

  async up(q: QueryRunner): Promise<void> {
    // Misconduct-case timings as data: each save is a new version (rows are never edited); a case
    // takes the latest at its report, national defaults while there is none.
    await q.query(`
      CREATE TABLE case_policies (
        id uuid PRIMARY KEY,
        version int NOT NULL UNIQUE,
        policy jsonb NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_policies`);
  }
}
