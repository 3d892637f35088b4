import { createHash } from 'node:crypto';
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import {
  addDuration,
  DomainError,
  RECUSAL_LABELS,
  replacementDraw,
  REVIEW_ASSIGNMENT_LABELS,
  SEAT_HOLDING_STATUSES,
  workflowIds,
} from '@kjflow/domain';
import type {
  CreateReviewRoundRecord,
  InvitationRecord,
  InvitationRef,
  ReviewPanelRecordInput,
} from '@kjflow/workflows';
import {
  appendWithChange,
  assignExpertsOffThread,
  loadAssignmentInput,
  ReviewAssignmentRepository,
  ReviewRoundRepository,
  ReviewPanelEntity,
  ReviewRoundEntity,
} from '@kjflow/persistence';

/** A refusal of the engine (e.g. not enough qualified experts) is final: retrying cannot help. */
export function final(err: unknown): never {
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
export function redrawSeed(roundSeed: number, assignmentId: string): number {
  return (roundSeed ^ createHash('sha256').update(assignmentId).digest().readUInt32BE(0)) >>> 0;
}

const refOf = (r: {
  id: string;
  applicationId: string;
  expertId: string;
  respondBy: Date;
}): InvitationRef => ({
  assignmentId: r.id,
  applicationId: r.applicationId,
  expertId: r.expertId,
  respondBy: r.respondBy.toISOString(),
});

export function reviewActivities(ds: DataSource) {
  const rounds = new ReviewRoundRepository(ds);
  const assignments = new ReviewAssignmentRepository(ds);
  const round = async (roundId: string): Promise<ReviewRoundEntity> => (await rounds.byId(roundId))!;
  const specOf = (r: ReviewRoundEntity, seed = Number(r.seed)) => ({
    callId: r.callId,
    strategy: r.strategy,
    k: r.expertsPerApplication,
    seed,
    ...(r.probabilityCap !== null ? { maxProbability: Number(r.probabilityCap) } : {}),
    ...(r.policy.pool ? { pool: r.policy.pool } : {}),
    ...(r.policy.maxPerExpert !== undefined ? { maxPerExpert: r.policy.maxPerExpert } : {}),
  });

  /**
   * The draw's write: the invitations and the round's record of the draw, in one transaction;
   * `byApplication`: each application's review workflow runs its invitations; `listOnStart`: an
   * expert sees an invitation once that workflow runs (listReviewInvitations), and is told then.
   */
  const drawRound = async (
    roundId: string,
    at: number,
    byApplication = false,
    listOnStart = false,
  ): Promise<void> => {
    const r = await round(roundId);
    const { input, conflicts } = await loadAssignmentInput(ds, specOf(r), new Date(at));
    heartbeat('loaded');
    let result;
    // In a thread: seconds at 10,000 applications, which the worker's other tasks would wait;
    // the activity keeps beating meanwhile.
    const beating = setInterval(() => heartbeat('solving'), 5_000);
    try {
      result = await assignExpertsOffThread(input);
    } catch (err) {
      final(err);
    } finally {
      clearInterval(beating);
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
          ...(listOnStart ? { listOnStart } : {}),
        },
        workflowId: workflowIds.reviewRound(roundId),
        step: 'drawn',
        occurredAt: new Date(at),
      },
      async (tx) => {
        await new ReviewAssignmentRepository(tx).insertDrawn(
          roundId,
          result.pairs,
          respondBy,
          byApplication
            ? (applicationId) => workflowIds.reviewApplication(roundId, applicationId)
            : undefined,
          listOnStart,
        );
        await new ReviewRoundRepository(tx).recordDraw(roundId, {
          inputHash: result.inputHash,
          solverVersion: result.solverVersion,
          // The input is kept with the result, so the draw can be replayed and audited.
          draw: {
            input,
            pairs: result.pairs,
            totalAffinity: result.totalAffinity,
            perExpertLoad: result.perExpertLoad,
          },
          conflicts,
        });
      },
    );
  };

  return {
    /** The round's row and its event, written by the round's workflow (its first command). */
    async createReviewRound(rec: CreateReviewRoundRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'review.round_created',
          subjectType: 'review_round',
          subjectId: rec.roundId,
          actorId: rec.actorId,
          payload: {
            callId: rec.callId,
            strategy: rec.strategy,
            k: rec.k,
            seed: rec.seed,
            policy: rec.policy,
          },
          workflowId: workflowIds.reviewRound(rec.roundId),
          step: 'created',
          occurredAt: new Date(rec.at),
        },
        (tx) =>
          new ReviewRoundRepository(tx).insert({
            id: rec.roundId,
            callId: rec.callId,
            strategy: rec.strategy,
            k: rec.k,
            maxProbability: rec.maxProbability,
            seed: rec.seed,
            policy: rec.policy,
            createdBy: rec.actorId,
          }),
      );
    },

    /** 会评 / 答辩: one outcome per application of the round, keyed so a retry writes it once. */
    async recordReviewPanel(rec: ReviewPanelRecordInput): Promise<boolean> {
      const at = new Date(rec.at);
      const { applied } = await appendWithChange(
        ds,
        {
          type: 'review.panel_decided',
          subjectType: 'review_round',
          subjectId: rec.roundId,
          actorId: rec.actorId,
          payload: { applicationId: rec.applicationId, mode: rec.mode, outcome: rec.outcome },
          workflowId: workflowIds.reviewRound(rec.roundId),
          step: `panel:${rec.applicationId}`,
          occurredAt: at,
        },
        (tx) =>
          new ReviewRoundRepository(tx).insertPanel({
            roundId: rec.roundId,
            applicationId: rec.applicationId,
            mode: rec.mode,
            members: rec.members as ReviewPanelEntity['members'],
            heldAt: new Date(rec.heldAt),
            outcome: rec.outcome as never,
            minutes: rec.minutes,
            decidedBy: rec.actorId,
            decidedAt: at,
          }),
      );
      return applied;
    },

    /** The expert's draft sheet; the first draft also records when the expert took up the review. */
    async saveScoreDraft(rec: {
      assignmentId: string;
      actorId: string;
      sheet: object;
      n: number;
      at: number;
    }): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'review.draft_saved',
          subjectType: 'review_assignment',
          subjectId: rec.assignmentId,
          actorId: rec.actorId,
          payload: { draft: rec.n },
          workflowId: workflowIds.reviewInvitation(rec.assignmentId),
          step: `draft:${rec.n}`,
          occurredAt: new Date(rec.at),
        },
        (tx) => new ReviewAssignmentRepository(tx).saveDraft(rec.assignmentId, rec.sheet, new Date(rec.at)),
      );
    },

    /** Runs before issue 17's bounded fan-out (rounds started then): every invitation in one result. */
    async drawReviewAssignments({ roundId, at }: { roundId: string; at: number }): Promise<InvitationRef[]> {
      await drawRound(roundId, at);
      // Idempotent: a retry after the write finds the rows and answers with them.
      return (await assignments.drawn(roundId)).map(refOf);
    },

    /**
     * The draw, answering only how many invitations it made: a list of thousands would pass
     * Temporal's payload limit (2 MB); the round's fan-out pages through them instead.
     */
    async drawReviewRound(input: {
      roundId: string;
      at: number;
      byApplication?: boolean;
      listOnStart?: boolean;
    }): Promise<{ invited: number; applications: number }> {
      await drawRound(input.roundId, input.at, input.byApplication, input.listOnStart);
      return assignments.countDrawn(input.roundId);
    },

    /**
     * Lists one page of a round's applications' invitations once their workflows run, with the
     * page's event; the page that lists the round's last ones also records that all are open
     * (`review.invitations_opened`: the experts are told then, once each). Appending to the
     * round's event stream holds its head row, so pages list one after another and the last one
     * counts the others' invitations as listed.
     */
    async listReviewInvitations(input: {
      roundId: string;
      offset: number;
      limit: number;
      at: number;
    }): Promise<void> {
      const workflowId = workflowIds.reviewRound(input.roundId);
      const occurredAt = new Date(input.at);
      await appendWithChange(
        ds,
        {
          type: 'review.invitations_listed',
          subjectType: 'review_round',
          subjectId: input.roundId,
          actorId: null,
          payload: { from: input.offset, to: input.offset + input.limit },
          workflowId,
          step: `listed-${input.offset}-${input.limit}`,
          occurredAt,
        },
        async (tx) => {
          const { unlisted } = await new ReviewAssignmentRepository(tx).listApplicationsPage(
            input.roundId,
            input.offset,
            input.limit,
            occurredAt,
          );
          if (unlisted > 0) return;
          await appendWithChange(
            tx,
            {
              type: 'review.invitations_opened',
              subjectType: 'review_round',
              subjectId: input.roundId,
              actorId: null,
              payload: {},
              workflowId,
              step: 'invitations-opened',
              occurredAt,
            },
            async () => undefined,
          );
        },
      );
    },

    /** One slice of a round's first invitations, by position in the draw's stable order. */
    async reviewInvitationPage(input: {
      roundId: string;
      offset: number;
      limit: number;
    }): Promise<InvitationRef[]> {
      return (await assignments.drawnPage(input.roundId, input.offset, input.limit)).map(refOf);
    },

    /** One slice of a round's applications, each with its first invitations, in the draw's stable order. */
    async reviewApplicationPage(input: {
      roundId: string;
      offset: number;
      limit: number;
    }): Promise<Array<{ applicationId: string; invitations: InvitationRef[] }>> {
      const rows = await assignments.drawnApplicationsPage(input.roundId, input.offset, input.limit);
      const byApplication = new Map<string, InvitationRef[]>();
      for (const r of rows) {
        const list = byApplication.get(r.applicationId) ?? [];
        list.push(refOf(r));
        byApplication.set(r.applicationId, list);
      }
      return [...byApplication].map(([applicationId, invitations]) => ({ applicationId, invitations }));
    },

    async redrawReviewer(input: {
      roundId: string;
      assignmentId: string;
      at: number;
    }): Promise<InvitationRef | null> {
      const r = await round(input.roundId);
      const dropped = (await assignments.byId(input.assignmentId))!;
      const all = await assignments.statusesOfRound(input.roundId);
      // The panel as it stands: every seat still held (invited, accepted or scored), plus the dropped one.
      const current = all
        .filter(
          (a) =>
            SEAT_HOLDING_STATUSES.includes(a.status) ||
            (a.applicationId === dropped.applicationId && a.expertId === dropped.expertId),
        )
        .map((a) => ({ applicationId: a.applicationId, expertId: a.expertId }));
      const excluded = all.filter((a) => a.applicationId === dropped.applicationId).map((a) => a.expertId);
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
          drop: { applicationId: dropped.applicationId, expertId: dropped.expertId },
          excludedExpertIds: [...new Set([...excluded, ...ineligible])].filter((e) => e !== dropped.expertId),
          seed,
          // The round keeps the solver its draw recorded.
          solverVersion: r.solverVersion ?? undefined,
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
              payload: { applicationId: dropped.applicationId, reason: err.bilingual },
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
            applicationId: dropped.applicationId,
            replaced: dropped.expertId,
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
          new ReviewAssignmentRepository(tx).insertReplacement({
            roundId: input.roundId,
            applicationId: dropped.applicationId,
            expertId: next.expertId,
            draw: dropped.draw + 1,
            affinity: next.affinity,
            replaces: input.assignmentId,
            respondBy,
          }),
      );
      return refOf((await assignments.replacementOf(input.assignmentId))!);
    },

    async recordInvitation(rec: InvitationRecord): Promise<void> {
      // One query fewer per answer where the workflow knows the invitation's round and application.
      const a =
        rec.roundId && rec.applicationId
          ? { roundId: rec.roundId, applicationId: rec.applicationId }
          : (await assignments.byId(rec.assignmentId))!;
      // Who made the expert step aside: themselves (自行回避) or an officer (要求回避, the actor).
      const recusal = rec.status === 'recused' ? (rec.recusal ?? 'self') : undefined;
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
            roundId: a.roundId,
            applicationId: a.applicationId,
            reason: rec.reason ?? null,
            ...(recusal ? { recusal, recusalLabel: RECUSAL_LABELS[recusal] } : {}),
            ...(rec.weightedScore !== undefined ? { weightedScore: rec.weightedScore } : {}),
          },
          workflowId: workflowIds.reviewInvitation(rec.assignmentId),
          step: rec.status,
          occurredAt: new Date(rec.at),
        },
        (tx) =>
          new ReviewAssignmentRepository(tx).recordStatus(rec.assignmentId, {
            status: rec.status,
            at: new Date(rec.at),
            scoreBy: rec.scoreBy,
            reason: rec.reason,
            sheet: rec.sheet,
            weightedScore: rec.weightedScore,
            // On the row too, so the invitation's views can say which (the event alone did).
            recusal,
            recusedBy: recusal === 'required' ? rec.actorId : null,
          }),
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
        (tx) => new ReviewRoundRepository(tx).markScored(roundId),
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
