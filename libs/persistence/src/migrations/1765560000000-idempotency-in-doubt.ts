import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A command whose Temporal update outlived its deadline may still take effect after its 503: its
 * key is kept "in doubt" with the updates it sent (`in_doubt`, a JSON list of workflow and update
 * ids) instead of being freed, and a retry with the key learns from Temporal whether they took
 * effect. `doubted` keeps the list while the retry runs (`in_doubt` is then null: a second retry
 * meanwhile is 409, as for any request in progress). `attempted_at`: when the running attempt
 * began; one unanswered past its lease died with its process, and a retry takes the key over.
 */
export class IdempotencyInDoubt1765560000000 implements MigrationInterface {
  name = 'IdempotencyInDoubt1765560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE idempotency_keys ADD COLUMN in_doubt jsonb, ADD COLUMN doubted jsonb, ADD COLUMN attempted_at timestamptz`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE idempotency_keys DROP COLUMN in_doubt, DROP COLUMN doubted, DROP COLUMN attempted_at`,
    );
  }
}
