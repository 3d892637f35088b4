import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  addDuration,
  DEFAULT_INSTALLMENTS,
  durationMs,
  installmentPlan,
  Mode,
  PERFORMANCE_PLEDGE_CONSEQUENCES,
  SIGNING_INSTALLMENT_DUE,
  workflowIds,
} from '@kjflow/domain';
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
        mode: Mode;
        content: Record<string, unknown>;
        template: { durations?: { signingDeadline?: string }; funding?: { installments: unknown[] } } | null;
      }> = await ds.query(
        `SELECT i.application_id, i.amount_fen, a.call_id, c.mode, p.content, t.template
           FROM award_items i JOIN awards a ON a.id = i.award_id JOIN applications p ON p.id = i.application_id
           JOIN calls c ON c.id = a.call_id LEFT JOIN program_templates t ON t.id = c.template_id
          WHERE i.award_id = $1 AND i.status = 'final' ORDER BY i.application_id`,
        [awardId],
      );
      // 赛马: the agreements of raced teams name the race, its other teams and the mid-point date.
      const [race]: Array<{ id: string; application_ids: string[]; midpoint_date: string }> = await ds.query(
        `SELECT id, application_ids, to_char(midpoint_date, 'YYYY-MM-DD') AS midpoint_date FROM horse_races WHERE award_id = $1`,
        [awardId],
      );
      const titles: Array<{ id: string; title: string }> = race
        ? await ds.query(
            `SELECT id, content->>'title' AS title FROM applications WHERE id = ANY($1::uuid[])`,
            [race.application_ids],
          )
        : [];
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
          // 揭榜挂帅: the winner's 军令状, from the bid, with the bureau's standard consequences.
          performancePledge:
            item.mode === 'challenge' && c.pledge
              ? { ...(c.pledge as object), bureauTerms: PERFORMANCE_PLEDGE_CONSEQUENCES }
              : null,
          race:
            race && race.application_ids.includes(item.application_id)
              ? {
                  id: race.id,
                  midpointDate: race.midpoint_date,
                  teams: race.application_ids.map((appId) => ({
                    applicationId: appId,
                    title: titles.find((t) => t.id === appId)?.title ?? '',
                  })),
                }
              : null,
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
          async (tx) => {
            await tx.query(
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
            );
            await tx.query(
              `INSERT INTO agreement_versions (agreement_id, version, content, created_at) VALUES ($1, 1, $2, $3)`,
              [id, JSON.stringify(content), new Date(at)],
            );
          },
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
          payload: {
            party: rec.party ?? null,
            version: rec.version ?? rec.revision?.newVersion ?? null,
            ...(rec.pledgeAccepted ? { pledgeAccepted: true } : {}),
            ...(rec.revision ? { note: rec.revision.note } : {}),
          },
          workflowId: workflowIds.agreement(rec.agreementId),
          step: rec.party
            ? `signed:${rec.party}`
            : rec.revision
              ? `revised:${rec.revision.newVersion}`
              : rec.type,
          occurredAt: at,
        },
        async (tx) => {
          if (rec.type === 'agreement.signed_by')
            await tx.query(
              `INSERT INTO agreement_signatures (agreement_id, party, signed_by, signed_at, version, pledge_accepted)
               VALUES ($1, $2, $3, $4, $5, $6)`,
              [rec.agreementId, rec.party, rec.actorId, at, rec.version ?? 1, rec.pledgeAccepted ?? false],
            );
          if (rec.revision) {
            // A new version of the terms: the changed parts over the current content.
            const { version: _from, note, newVersion, ...changes } = rec.revision;
            const [a] = await tx.query(`SELECT content FROM agreements WHERE id = $1`, [rec.agreementId]);
            const content = { ...a.content, ...changes };
            await tx.query(`UPDATE agreements SET content = $2, version = $3 WHERE id = $1`, [
              rec.agreementId,
              JSON.stringify(content),
              newVersion,
            ]);
            await tx.query(
              `INSERT INTO agreement_versions (agreement_id, version, content, revised_by, note, created_at)
               VALUES ($1, $2, $3, $4, $5, $6)`,
              [rec.agreementId, newVersion, JSON.stringify(content), rec.actorId, note, at],
            );
          }
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
                `INSERT INTO installments (agreement_id, seq, share_percent, amount_fen, released_by, status, due_by)
                 VALUES ($1, $2, $3, $4, $5, 'planned', $6)`,
                [
                  rec.agreementId,
                  i + 1,
                  p.sharePercent,
                  p.amountFen,
                  p.releasedBy,
                  p.releasedBy === 'signing' ? addDuration(at, SIGNING_INSTALLMENT_DUE) : null,
                ],
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
