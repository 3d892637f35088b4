import { DataSource } from 'typeorm';
import { workflowIds } from '@kjflow/domain';
import type { AwardRecord } from '@kjflow/workflows';
import { appendWithChange } from '@kjflow/persistence';

export function awardActivities(ds: DataSource) {
  return {
    async recordAward(rec: AwardRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: rec.type,
          subjectType: 'award',
          subjectId: rec.awardId,
          actorId: rec.actorId,
          payload: {
            status: rec.status ?? null,
            comments: rec.comments ?? null,
            notice: rec.notice ?? null,
            objectionId: rec.objection?.id ?? rec.objectionDecision?.id ?? null,
            applicationId: rec.objection?.applicationId ?? rec.objectionDecision?.applicationId ?? null,
            outcome: rec.objectionDecision?.outcome ?? null,
            ...(rec.noticeRevision ? { noticeRevision: rec.noticeRevision } : {}),
          },
          workflowId: workflowIds.award(rec.awardId),
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        async (tx) => {
          const at = new Date(rec.at);
          if (rec.status)
            await tx.query(
              `UPDATE awards SET status = $2, decisions = COALESCE($3::jsonb, decisions),
                      notice_start = COALESCE($4, notice_start), notice_end = COALESCE($5, notice_end),
                      notice_calendar = CASE WHEN $4::timestamptz IS NULL THEN notice_calendar ELSE $7::jsonb END,
                      finalized_at = CASE WHEN $2 = 'final' THEN $6 ELSE finalized_at END, updated_at = $6
                WHERE id = $1`,
              [
                rec.awardId,
                rec.status,
                rec.decisions ? JSON.stringify(rec.decisions) : null,
                rec.notice?.start ?? null,
                rec.notice?.end ?? null,
                at,
                rec.notice?.calendar ? JSON.stringify(rec.notice.calendar) : null,
              ],
            );
          if (rec.noticeRevision)
            await tx.query(
              `UPDATE awards SET notice_revision = $2, notice_republished_at = $3 WHERE id = $1`,
              [rec.awardId, rec.noticeRevision, at],
            );
          if (rec.objection) {
            const o = rec.objection;
            await tx.query(
              `INSERT INTO objections (id, award_id, application_id, objector, facts, evidence, status, filed_at, receipt_sha256)
               VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8)`,
              [
                o.id,
                rec.awardId,
                o.applicationId,
                JSON.stringify(o.objector),
                o.facts,
                JSON.stringify(o.evidence),
                at,
                o.receiptSha256 ?? null,
              ],
            );
          }
          if (rec.objectionDecision) {
            const d = rec.objectionDecision;
            await tx.query(
              `UPDATE objections SET status = $2, answer = $3, decided_at = $4, decided_by = $5 WHERE id = $1`,
              [d.id, d.outcome, d.answer, at, rec.actorId],
            );
            if (d.outcome === 'cancel')
              await tx.query(
                `UPDATE award_items SET status = 'cancelled', reason = $3 WHERE award_id = $1 AND application_id = $2`,
                [rec.awardId, d.applicationId, d.answer],
              );
            if (d.outcome === 'adjust' && d.adjustedAmountFen)
              await tx.query(
                `UPDATE award_items SET amount_fen = $3, reason = $4 WHERE award_id = $1 AND application_id = $2`,
                [rec.awardId, d.applicationId, d.adjustedAmountFen, d.answer],
              );
          }
          if (rec.finalize)
            await tx.query(
              `UPDATE award_items SET status = 'final' WHERE award_id = $1 AND status = 'proposed'`,
              [rec.awardId],
            );
        },
      );
    },
  };
}
