import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bureau's lists of agreements, misconduct cases and the whole credit ledger are read newest
 * first, a page at a time (AgreementRepository.page, MisconductCaseRepository.page,
 * CreditRepository.pageOfLedger). These indexes hold the order's expression (atMillis in
 * pagination.ts), so a page is an index range rather than a sort of the table.
 */
export class OfficerListIndexes1765530000000 implements MigrationInterface {
  name = 'OfficerListIndexes1765530000000';

  async up(q: QueryRunner): Promise<void> {
    const newest = (column: string) =>
      `date_trunc('milliseconds', ${column} AT TIME ZONE 'UTC') DESC, id DESC`;
    await q.query(`CREATE INDEX agreements_newest ON agreements (${newest('created_at')})`);
    await q.query(`CREATE INDEX misconduct_cases_newest ON misconduct_cases (${newest('created_at')})`);
    await q.query(`CREATE INDEX credit_records_newest ON credit_records (${newest('recorded_at')})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['agreements', 'misconduct_cases', 'credit_records'])
      await q.query(`DROP INDEX ${name}_newest`);
  }
}
