import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The task inbox (GET /inbox) reads each kind by its waiting state: these partial indexes keep
 * those reads to the waiting rows (the formal-check queue, endorsements, reports and demands to
 * act on) instead of scanning the tables (bench/inbox.bench.ts --explain).
 */
export class InboxIndexes1765500000000 implements MigrationInterface {
  name = 'InboxIndexes1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX applications_waiting ON applications (status, institution_id)
        WHERE status IN ('awaiting_endorsement', 'submitted')`);
    await q.query(`
      CREATE INDEX project_reports_waiting ON project_reports (status)
        WHERE status IN ('submitted', 'confirmed', 'returned')`);
    await q.query(`CREATE INDEX demands_submitted ON demands (status) WHERE status = 'submitted'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX demands_submitted`);
    await q.query(`DROP INDEX project_reports_waiting`);
    await q.query(`DROP INDEX applications_waiting`);
  }
}
