import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kind and the requirer of each recused row that has none yet, from its `review.recused`
 * event; a recused row without one (written by hand) is the expert's own: nobody recorded an
 * officer requiring it. Exported for its medium spec.
 */
export async function backfillRecusals(q: { query(sql: string): Promise<unknown> }): Promise<void> {
  await q.query(`
    UPDATE review_assignments ra
       SET recusal = CASE WHEN e.payload->>'recusal' = 'required' THEN 'required' ELSE 'self' END,
           recused_by = CASE WHEN e.payload->>'recusal' = 'required'
                             THEN (SELECT u.id FROM users u WHERE u.id = e.actor_id) END
      FROM domain_events e
     WHERE ra.status = 'recused' AND ra.recusal IS NULL AND e.type = 'review.recused'
       AND e.subject_type = 'review_assignment' AND e.subject_id = ra.id::text`);
  await q.query(
    `UPDATE review_assignments SET recusal = 'self' WHERE status = 'recused' AND recusal IS NULL`,
  );
}

/**
 * How an invitation came to be recused (回避), on its row: the expert stepped aside (`self`,
 * 自行回避) or an officer required it (`required`, 要求回避), with who required it. Until now only
 * the recusal's event said so, so the round's invitations and the expert's list showed 已回避
 * alone. Recused rows are backfilled from their `review.recused` event (its payload's `recusal`,
 * its actor); events from before officers could require one carry no `recusal`: the expert's own.
 */
export class ReviewRecusalKind1765580000000 implements MigrationInterface {
  name = 'ReviewRecusalKind1765580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE review_assignments
        ADD COLUMN recusal text,
        ADD COLUMN recused_by uuid REFERENCES users(id)`);
    await backfillRecusals(q);
    // Not `recused ⇔ recusal set`: a worker of the previous release, still running just after the
    // migration, records a recusal without its kind, and its retries would fail until replaced.
    await q.query(`
      ALTER TABLE review_assignments
        ADD CONSTRAINT review_assignments_recusal_check
          CHECK (recusal IS NULL OR (recusal IN ('self', 'required') AND status = 'recused')),
        ADD CONSTRAINT review_assignments_recused_by_check
          CHECK (recused_by IS NULL OR recusal IS NOT DISTINCT FROM 'required')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE review_assignments
        DROP CONSTRAINT review_assignments_recused_by_check,
        DROP CONSTRAINT review_assignments_recusal_check,
        DROP COLUMN recused_by,
        DROP COLUMN recusal`);
  }
}
