import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every seat recused before officers could require one on a project panel was the member's own
 * (`self`); one with a kind already keeps it. Exported for its medium spec.
 */
export async function backfillPanelRecusals(q: { query(sql: string): Promise<unknown> }): Promise<void> {
  await q.query(
    `UPDATE midterm_panel_members SET recusal = 'self' WHERE status = 'recused' AND recusal IS NULL`,
  );
}

/**
 * How a project panel's seat (中期检查, 验收专家组) came to be recused (回避), on its row, as a review
 * round's invitation records it (1765580000000-review-recusal-kind): the member stepped aside
 * (`self`, 自行回避) or an officer required it (`required`, 要求回避), with who required it. Every
 * seat recused before this was the member's own: officers could not require one on a project panel.
 */
export class PanelRecusalKind1765590000000 implements MigrationInterface {
  name = 'PanelRecusalKind1765590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE midterm_panel_members
        ADD COLUMN recusal text,
        ADD COLUMN recused_by uuid REFERENCES users(id)`);
    await backfillPanelRecusals(q);
    // As on review_assignments: not `recused ⇔ recusal set`, since a worker of the previous release,
    // still running just after the migration, records a recusal without its kind.
    await q.query(`
      ALTER TABLE midterm_panel_members
        ADD CONSTRAINT midterm_panel_members_recusal_check
          CHECK (recusal IS NULL OR (recusal IN ('self', 'required') AND status = 'recused')),
        ADD CONSTRAINT midterm_panel_members_recused_by_check
          CHECK (recused_by IS NULL OR recusal IS NOT DISTINCT FROM 'required')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE midterm_panel_members
        DROP CONSTRAINT midterm_panel_members_recused_by_check,
        DROP CONSTRAINT midterm_panel_members_recusal_check,
        DROP COLUMN recused_by,
        DROP COLUMN recusal`);
  }
}
