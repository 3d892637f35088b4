import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addDuration, DEFAULT_INSTALLMENTS, durationMs, installmentPlan, workflowIds } from '@kjflow/domain';
import type { AgreementRecord } from '@kjflow/workflows';
import { appendWithChange } from '@kjflow/persistence';

/** RULES §7: 30 days to sign; drills and tests may shorten it (KJ_AWARD_POLICY signingOverride). */
function signingWindow(templateWindow: string | undefined): { iso: string; override: boolean } {
  const raw = process.env.KJ_AWARD_POLICY ? JSON.parse(process.env.KJ_AWARD_POLICY) : {};
  if (raw.signingOverride) {
    durationMs(raw.signingOverride);
    return { iso: raw.signingOverride, override: true };
  }
  return { iso: templateWindow ?? 'P30D', override: false };
}

export function agreementActivities(ds: DataSource) {
  return {
    async createAgreements({ awardId, at }: { awardId: string; at: number }) {
      const items: Array<{
        application_id: string;
        amount_fen: string;
        call_id: string;
        content: Record<string, unknown>;
        template: { durations?: { signingDeadline?: string }; funding?: { installments: unknown[] } } | null;
      }> = await ds.query(
        `SELECT i.application_id, i.amount_fen, a.call_id, p.content, t.template
           FROM award_items i JOIN awards a ON a.id = i.award_id JOIN applications p ON p.id = i.application_id
           JOIN calls c ON c.id = a.call_id LEFT JOIN program_templates t ON t.id = c.template_id
          WHERE i.award_id = $1 AND i.status = 'final' ORDER BY i.application_id`,
        [awardId],
      );
      for (const item of items) {
        const window = signingWindow(item.template?.durations?.signingDeadline);
        const signBy = addDuration(new Date(at), window.iso);
        const amountFen = Number(item.amount_fen);
        const schedule = (item.template?.funding?.installments ?? DEFAULT_INSTALLMENTS) as Array<{
          sharePercent: number;
          releasedBy: string;
        }>;
        const c = item.content;
        // The agreement's terms come from the application as submitted, with the awarded amount.
        const content = {
          title: c.title,
          objectives: c.objectives ?? '',
          indicators: c.indicators ?? [],
          milestones: c.schedule ?? [],
          budget: c.budget ?? null,
          pledge: c.pledge ?? null,
          amountFen,
          installments: installmentPlan(amountFen, schedule),
        };
        const id = randomUUID();
        await appendWithChange(
          ds,
          {
            type: 'agreement.generated',
            subjectType: 'agreement',
            subjectId: id,
            actorId: null,
            payload: { awardId, applicationId: item.application_id, amountFen, signBy: signBy.toISOString() },
            workflowId: workflowIds.award(awardId),
            step: `agreement:${item.application_id}`,
            occurredAt: new Date(at),
          },
          (tx) =>
            tx.query(
              `INSERT INTO agreements (id, award_id, application_id, call_id, amount_fen, content, status, sign_by, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8)`,
              [
                id,
                awardId,
                item.application_id,
                item.call_id,
                amountFen,
                JSON.stringify(content),
                signBy,
                new Date(at),
              ],
            ),
        );
      }
      const rows: Array<{ id: string; sign_by: Date }> = await ds.query(
        `SELECT id, sign_by FROM agreements WHERE award_id = $1 ORDER BY application_id`,
        [awardId],
      );
      return rows.map((r) => ({ agreementId: r.id, signBy: r.sign_by.toISOString() }));
    },

    async recordAgreement(rec: AgreementRecord): Promise<void> {
      const at = new Date(rec.at);
      await appendWithChange(
        ds,
        {
          type: rec.type,
          subjectType: 'agreement',
          subjectId: rec.agreementId,
          actorId: rec.actorId,
          payload: { party: rec.party ?? null },
          workflowId: workflowIds.agreement(rec.agreementId),
          step: rec.party ? `signed:${rec.party}` : rec.type,
          occurredAt: at,
        },
        async (tx) => {
          if (rec.type === 'agreement.signed_by')
            await tx.query(
              `INSERT INTO agreement_signatures (agreement_id, party, signed_by, signed_at) VALUES ($1, $2, $3, $4)`,
              [rec.agreementId, rec.party, rec.actorId, at],
            );
          if (rec.type === 'agreement.signed') {
            const [a] = await tx.query(`SELECT content FROM agreements WHERE id = $1`, [rec.agreementId]);
            await tx.query(`UPDATE agreements SET status = 'signed', signed_at = $2 WHERE id = $1`, [
              rec.agreementId,
              at,
            ]);
            const plan = a.content.installments as Array<{
              sharePercent: number;
              releasedBy: string;
              amountFen: number;
            }>;
            for (const [i, p] of plan.entries())
              await tx.query(
                `INSERT INTO installments (agreement_id, seq, share_percent, amount_fen, released_by, status)
                 VALUES ($1, $2, $3, $4, $5, 'planned')`,
                [rec.agreementId, i + 1, p.sharePercent, p.amountFen, p.releasedBy],
              );
          }
          if (rec.type === 'agreement.forfeited') {
            // 视为放弃: the amount returns to the call's budget.
            await tx.query(`UPDATE agreements SET status = 'forfeited' WHERE id = $1`, [rec.agreementId]);
            await tx.query(
              `UPDATE award_items i SET status = 'forfeited' FROM agreements a
                WHERE a.id = $1 AND i.award_id = a.award_id AND i.application_id = a.application_id`,
              [rec.agreementId],
            );
          }
        },
      );
    },
  };
}
