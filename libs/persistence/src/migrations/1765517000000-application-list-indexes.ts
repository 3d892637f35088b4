import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists of applications (a call's, with or without a status; an applicant's; an institution's)
 * are read newest change first, a page at a time (ApplicationRepository.page). Without an index
 * in that order PostgreSQL read and sorted every application of the call for each page: 50 ms
 * per page of a call of 10,000 (bench:api). These indexes hold the order's expression (atMillis
 * in pagination.ts), so a page is an index range of its 51 rows.
 */
export class ApplicationListIndexes1765517000000 implements MigrationInterface {
  name = 'ApplicationListIndexes1765517000000';

  async up(q: QueryRunner): Promise<void> {
    const newest = `date_trunc('milliseconds', updated_at AT TIME ZONE 'UTC') DESC, id DESC`;
    await q.query(`CREATE INDEX applications_call_newest ON applications (call_id, ${newest})`);
    await q.query(
      `CREATE INDEX applications_call_status_newest ON applications (call_id, status, ${newest})`,
    );
    await q.query(`CREATE INDEX applications_applicant_newest ON applications (applicant_id, ${newest})`);
    await q.query(`CREATE INDEX applications_institution_newest ON applications (institution_id, ${newest})`);
    // Served by the new ones (same leading columns).
    await q.query(`DROP INDEX applications_call_idx`);
    await q.query(`DROP INDEX applications_applicant_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX applications_call_idx ON applications (call_id, status)`);
    await q.query(`CREATE INDEX applications_applicant_idx ON applications (applicant_id)`);
    for (const name of ['call', 'call_status', 'applicant', 'institution'])
      await q.query(`DROP INDEX applications_${name}_newest`);
  }
}
