import { createHash } from 'node:crypto';
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import {
  addDuration,
  assignExperts,
  DomainError,
  replacementDraw,
  REVIEW_ASSIGNMENT_LABELS,
  workflowIds,
} from '@kjflow/domain';
import type { InvitationRecord, InvitationRef } from '@kjflow/workflows';
import { appendWithChange, loadAssignmentInput } from '@kjflow/persistence';

interface RoundRow {
  id: string;
  call_id: string;
  strategy: 'random' | 'optimal' | 'randomized';
  experts_per_application: number;
  probability_cap: string | null;
  seed: string;
  policy: { responseWindow: string; pool?: { keyFields?: string[]; keywords?: string[] } | null };
}

/** A refusal of the engine (e.g. not enough qualified experts) is final: retrying cannot help. */
function final(err: unknown): never {
  if (err instanceof DomainError)
    throw ApplicationFailure.create({
      type: err.code,
      message: err.message,
      nonRetryable: true,
      details: [err.toJSON()],
    });
  throw err;
}

/** A redraw's seed: the round's, mixed with the invitation it replaces (reproducible per slot). */
function redrawSeed(roundSeed: number, assignmentId: string): number {
  return (roundSeed ^ createHash('sha256').update(assignmentId).digest().readUInt32BE(0)) >>> 0;
}

const refOf = (r: {
  id: string;
  application_id: string;
  expert_id: string;
  respond_by: Date;
}): InvitationRef => ({
  assignmentId: r.id,
  applicationId: r.application_id,
  expertId: r.expert_id,
  respondBy: r.respond_by.toISOString(),
});

export function reviewActivities(ds: DataSource) {
  const round = async (roundId: string): Promise<RoundRow> =>
    (await ds.query(`SELECT * FROM review_rounds WHERE id = $1`, [roundId]))[0];
  const specOf = (r: RoundRow, seed = Number(r.seed)) => ({
    callId: r.call_id,
    strategy: r.strategy,
    k: r.experts_per_application,
    seed,
    ...(r.probability_cap !== null ? { maxProbability: Number(r.probability_cap) } : {}),
    ...(r.policy.pool ? { pool: r.policy.pool } : {}),
  });

  return {
    async drawReviewAssignments({ roundId, at }: { roundId: string; at: number }): Promise<InvitationRef[]> {
      const r = await round(roundId);
      const { input, conflicts } = await loadAssignmentInput(ds, specOf(r), new Date(at));
      heartbeat('loaded');
      let result;
      try {
        result = assignExperts(input);
      } catch (err) {
        final(err);
      }
      heartbeat('solved');
      const respondBy = addDuration(new Date(at), r.policy.responseWindow);
      await appendWithChange(
        ds,
        {
          type: 'review.experts_drawn',
          subjectType: 'review_round',
          subjectId: roundId,
          actorId: null,
          payload: {
            strategy: result.strategy,
            seed: result.seed,
            inputHash: result.inputHash,
            solverVersion: result.solverVersion,
            invitations: result.pairs.length,
            excludedByConflicts: conflicts.length,
          },
          workflowId: workflowIds.reviewRound(roundId),
          step: 'drawn',
          occurredAt: new Date(at),
        },
        async (tx) => {
          for (const p of result.pairs)
            await tx.query(
              `INSERT INTO review_assignments (id, round_id, application_id, expert_id, status, draw, affinity, respond_by)
               VALUES (gen_random_uuid(), $1, $2, $3, 'invited', 0, $4, $5)`,
              [roundId, p.applicationId, p.expertId, p.affinity, respondBy],
            );
          await tx.query(
            `UPDATE review_rounds SET input_hash = $2, solver_version = $3, updated_at = now(),
                    result = jsonb_build_object('draw', $4::jsonb, 'conflicts', $5::jsonb) WHERE id = $1`,
            [
              roundId,
              result.inputHash,
              result.solverVersion,
              // The input is kept with the result, so the draw can be replayed and audited.
              JSON.stringify({
                input,
                pairs: result.pairs,
                totalAffinity: result.totalAffinity,
                perExpertLoad: result.perExpertLoad,
              }),
              JSON.stringify(conflicts),
            ],
          );
        },
      );
      // Idempotent: a retry after the write finds the rows and answers with them.
      const rows = await ds.query(
        `SELECT id, application_id, expert_id, respond_by FROM review_assignments WHERE round_id = $1 AND draw = 0 ORDER BY application_id, expert_id`,
        [roundId],
      );
      return rows.map(refOf);
    },

    async redrawReviewer(input: {
      roundId: string;
      assignmentId: string;
      at: number;
    }): Promise<InvitationRef | null> {
      const r = await round(input.roundId);
      const [dropped] = await ds.query(`SELECT * FROM review_assignments WHERE id = $1`, [
        input.assignmentId,
      ]);
      const all: Array<{ application_id: string; expert_id: string; status: string }> = await ds.query(
        `SELECT application_id, expert_id, status FROM review_assignments WHERE round_id = $1`,
        [input.roundId],
      );
      // The panel as it stands: every invitation still live (or scored), plus the dropped one.
      const live = ['invited', 'accepted', 'submitted'];
      const current = all
        .filter(
          (a) =>
            live.includes(a.status) ||
            (a.application_id === dropped.application_id && a.expert_id === dropped.expert_id),
        )
        .map((a) => ({ applicationId: a.application_id, expertId: a.expert_id }));
      const excluded = all.filter((a) => a.application_id === dropped.application_id).map((a) => a.expert_id);
      const seed = redrawSeed(Number(r.seed), input.assignmentId);
      const { input: problem, ineligible } = await loadAssignmentInput(
        ds,
        specOf(r),
        new Date(input.at),
        current.map((p) => p.expertId),
      );
      let next;
      try {
        next = replacementDraw({
          input: problem,
          current: uniquePairs(current),
          drop: { applicationId: dropped.application_id, expertId: dropped.expert_id },
          excludedExpertIds: [...new Set([...excluded, ...ineligible])].filter(
            (e) => e !== dropped.expert_id,
          ),
          seed,
        });
      } catch (err) {
        // Nobody qualified is left: the slot stays empty and the officer sees it in the round.
        if (err instanceof DomainError) {
          await appendWithChange(
            ds,
            {
              type: 'review.redraw_failed',
              subjectType: 'review_assignment',
              subjectId: input.assignmentId,
              actorId: null,
              payload: { applicationId: dropped.application_id, reason: err.bilingual },
              workflowId: workflowIds.reviewRound(input.roundId),
              step: `redraw:${input.assignmentId}`,
              occurredAt: new Date(input.at),
            },
            async () => undefined,
          );
          return null;
        }
        throw err;
      }
      const respondBy = addDuration(new Date(input.at), r.policy.responseWindow);
      await appendWithChange(
        ds,
        {
          type: 'review.expert_redrawn',
          subjectType: 'review_assignment',
          subjectId: input.assignmentId,
          actorId: null,
          payload: {
            applicationId: dropped.application_id,
            replaced: dropped.expert_id,
            expertId: next.expertId,
            eligible: next.eligible,
            seed: next.seed,
            inputHash: next.inputHash,
            solverVersion: next.solverVersion,
          },
          workflowId: workflowIds.reviewRound(input.roundId),
          step: `redraw:${input.assignmentId}`,
          occurredAt: new Date(input.at),
        },
        (tx) =>
          tx.query(
            `INSERT INTO review_assignments (id, round_id, application_id, expert_id, status, draw, affinity, replaces, respond_by)
             VALUES (gen_random_uuid(), $1, $2, $3, 'invited', $4, $5, $6, $7)`,
            [
              input.roundId,
              dropped.application_id,
              next.expertId,
              dropped.draw + 1,
              next.affinity,
              input.assignmentId,
              respondBy,
            ],
          ),
      );
      const [row] = await ds.query(`SELECT * FROM review_assignments WHERE replaces = $1`, [
        input.assignmentId,
      ]);
      return refOf(row);
    },

    async recordInvitation(rec: InvitationRecord): Promise<void> {
      const [a] = await ds.query(
        `SELECT round_id, application_id, expert_id FROM review_assignments WHERE id = $1`,
        [rec.assignmentId],
      );
      await appendWithChange(
        ds,
        {
          type: `review.${rec.status}`,
          subjectType: 'review_assignment',
          subjectId: rec.assignmentId,
          actorId: rec.actorId,
          payload: {
            status: rec.status,
            label: REVIEW_ASSIGNMENT_LABELS[rec.status],
            roundId: a.round_id,
            applicationId: a.application_id,
            reason: rec.reason ?? null,
            ...(rec.weightedScore !== undefined ? { weightedScore: rec.weightedScore } : {}),
          },
          workflowId: workflowIds.reviewInvitation(rec.assignmentId),
          step: rec.status,
          occurredAt: new Date(rec.at),
        },
        (tx) =>
          tx.query(
            `UPDATE review_assignments SET status = $2,
                    responded_at = CASE WHEN $2 IN ('accepted', 'declined') THEN $3 ELSE responded_at END,
                    score_by = COALESCE($4, score_by), reason = COALESCE($5, reason),
                    sheet = COALESCE($6::jsonb, sheet), weighted_score = COALESCE($7, weighted_score),
                    submitted_at = CASE WHEN $2 = 'submitted' THEN $3 ELSE submitted_at END
              WHERE id = $1`,
            [
              rec.assignmentId,
              rec.status,
              new Date(rec.at),
              rec.scoreBy ?? null,
              rec.reason ?? null,
              rec.sheet ? JSON.stringify(rec.sheet) : null,
              rec.weightedScore ?? null,
            ],
          ),
      );
    },

    async remindReviewer(input: { assignmentId: string; scoreBy: string; at: number }): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'review.reminder_sent',
          subjectType: 'review_assignment',
          subjectId: input.assignmentId,
          actorId: null,
          payload: { scoreBy: input.scoreBy },
          workflowId: workflowIds.reviewInvitation(input.assignmentId),
          step: 'reminder',
          occurredAt: new Date(input.at),
        },
        async () => undefined,
      );
    },

    async finishReviewRound({ roundId, at }: { roundId: string; at: number }): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'review.round_scored',
          subjectType: 'review_round',
          subjectId: roundId,
          actorId: null,
          payload: {},
          workflowId: workflowIds.reviewRound(roundId),
          step: 'scored',
          occurredAt: new Date(at),
        },
        (tx) =>
          tx.query(`UPDATE review_rounds SET status = 'scored', updated_at = now() WHERE id = $1`, [roundId]),
      );
    },
  };
}

function uniquePairs(pairs: Array<{ applicationId: string; expertId: string }>) {
  const seen = new Set<string>();
  return pairs.filter((p) => {
    const key = `${p.applicationId}/${p.expertId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
