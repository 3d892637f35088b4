import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an invitation became visible to its expert. A large round's draw writes every invitation
 * at once, then starts the applications' review workflows a slice at a time (minutes at national
 * scale); an expert who answered an invitation whose workflow had not started yet was told to
 * retry (503 not_ready). Rounds drawn from now on list an invitation once its workflow runs:
 * `listed_at` is null until then. Every invitation before this migration, and every replacement,
 * is listed when written (the column's default).
 */
export class ReviewInvitationsListed1765570000000 implements MigrationInterface {
  name = 'ReviewInvitationsListed1765570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_assignments ADD COLUMN listed_at timestamptz DEFAULT now()`);
    await q.query(`UPDATE review_assignments SET listed_at = created_at`);
    // "Is any invitation of this round still unlisted?", asked after each slice is listed.
    await q.query(
      `CREATE INDEX review_assignments_unlisted ON review_assignments (round_id) WHERE listed_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX review_assignments_unlisted`);
    await q.query(`ALTER TABLE review_assignments DROP COLUMN listed_at`);
  }
}
