import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which workflow runs an invitation (issue 17): from the per-application review on, every
 * invitation of an application in a round runs in that application's review workflow, and the
 * API sends the expert's commands there. NULL for invitations of earlier rounds, each of which
 * runs in its own workflow (`review-invitation-<id>`).
 */
export class ReviewByApplication1765540000000 implements MigrationInterface {
  name = 'ReviewByApplication1765540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_assignments ADD COLUMN workflow_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_assignments DROP COLUMN workflow_id`);
  }
}
