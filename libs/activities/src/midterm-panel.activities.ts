import { heartbeat } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import {
  AcceptanceVerdict,
  addDuration,
  aggregate,
  assignExperts,
  consolidateAcceptancePanel,
  consolidateMidtermPanel,
  PanelStage,
  panelFinding,
  DEFAULT_PANEL_WINDOW,
  DomainError,
  MidtermDecision,
  PANEL_SEAT_HOLDING_STATUSES,
  PanelMemberStatus,
  RECUSAL_LABELS,
  replacementDraw,
  workflowIds,
} from '@kjflow/domain';
import type { MidtermPanelClosed, MidtermPanelDrawn } from '@kjflow/workflows';
import {
  AcceptanceRepository,
  appendWithChange,
  loadProjectPanelInput,
  MidtermPanelRepository,
  MidtermRepository,
  ProjectPanelSpec,
} from '@kjflow/persistence';
import { final, redrawSeed } from './review.activities';

/**
 * A project's expert panel (中期检查专家组, 验收专家组; the panel's stage is on its row): the draw (the assignment engine, with the project as its one subject), each
 * member's answer, the replacement of a declined or recused seat, and the panel's close (its
 * consolidated recommendation as the check's review), each with its event in one transaction,
 * keyed by the project's workflow, so a retry writes nothing twice.
 */
export function midtermPanelActivities(ds: DataSource) {
  const panels = new MidtermPanelRepository(ds);
  const event = (
    projectId: string,
    type: string,
    step: string,
    actorId: string | null,
    at: number,
    payload: object,
  ) => ({
    type,
    subjectType: 'project' as const,
    subjectId: projectId,
    actorId,
    payload: payload as Record<string, unknown>,
    workflowId: workflowIds.project(projectId),
    step,
    occurredAt: new Date(at),
  });
  const drawnOf = async (panelId: string): Promise<MidtermPanelDrawn> => {
    const p = (await panels.byId(panelId))!;
    return {
      deadline: p.deadline.toISOString(),
      members: (await panels.members(panelId)).map((m) => ({ id: m.id, expertId: m.expertId })),
    };
  };

  /**
   * 验收专家组 closes: the consolidated verdict and the findings most members made become the
   * acceptance's review (phase reviewed); with no opinion the panel lapses (back to checked).
   */
  const closeAcceptancePanel = async (input: {
    projectId: string;
    panelId: string;
    round: number;
    at: number;
  }): Promise<MidtermPanelClosed> => {
    const given = (await panels.members(input.panelId)).filter((m) => m.status === 'submitted');
    const c = consolidateAcceptancePanel(given.map((m) => m.recommendation as AcceptanceVerdict));
    const findings = {
      falseMaterial: panelFinding(given.map((m) => m.falseMaterial)),
      spendingIssues: panelFinding(given.map((m) => m.spendingIssues)),
    };
    const meanScore = given.length ? aggregate(given.map((m) => m.score!)).score : null;
    const at = new Date(input.at);
    const payload = {
      panelId: input.panelId,
      opinions: given.length,
      recommendation: c.recommendation,
      counts: c.counts,
      tie: c.tie,
      explanation: c.explanation,
      meanScore,
      ...findings,
    };
    await appendWithChange(
      ds,
      c.recommendation
        ? event(
            input.projectId,
            'project.acceptance_reviewed',
            `acceptance:${input.round}:panel:${input.panelId}:reviewed`,
            null,
            input.at,
            { by: 'panel', ...payload },
          )
        : event(
            input.projectId,
            'project.acceptance_panel_lapsed',
            `acceptance:${input.round}:panel:${input.panelId}:lapsed`,
            null,
            input.at,
            payload,
          ),
      async (tx) => {
        await new MidtermPanelRepository(tx).close(input.panelId, {
          status: c.recommendation ? 'closed' : 'lapsed',
          recommendation: c.recommendation,
          consolidation: { counts: c.counts, tie: c.tie, explanation: c.explanation },
          meanScore,
          findings,
          at,
        });
        const acceptances = new AcceptanceRepository(tx);
        if (c.recommendation)
          await acceptances.review(input.projectId, {
            review: {
              opinion: c.explanation.zh,
              recommendation: c.recommendation,
              ...findings,
              by: 'panel',
              panelId: input.panelId,
            },
            actorId: null,
            at,
          });
        else await acceptances.panelLapsed(input.projectId);
      },
    );
    return { recommendation: c.recommendation, ...findings };
  };

  return {
    async drawMidtermPanel(input: {
      projectId: string;
      panelId: string;
      round: number;
      seed: number;
      actorId: string;
      at: number;
      pool?: { keyFields?: string[]; keywords?: string[] } | null;
      /** The stage the panel sits for (absent: the mid-term check). */
      stage?: PanelStage;
    }): Promise<MidtermPanelDrawn> {
      // Idempotent: a retry after the write answers with the panel written.
      if (await panels.byId(input.panelId)) return drawnOf(input.panelId);
      const stage = input.stage ?? 'midterm';
      const at = new Date(input.at);
      const { input: problem, conflicts } = await loadProjectPanelInput(
        ds,
        input.projectId,
        { seed: input.seed, pool: input.pool ?? null, stage },
        at,
      );
      heartbeat('loaded');
      let result;
      try {
        result = assignExperts(problem);
      } catch (err) {
        final(err);
      }
      const window = (await panels.window(input.projectId)) ?? DEFAULT_PANEL_WINDOW;
      const deadline = addDuration(at, window);
      await appendWithChange(
        ds,
        event(
          input.projectId,
          `project.${stage}_panel_drawn`,
          `${stage}:${input.round}:panel:${input.panelId}`,
          input.actorId,
          input.at,
          {
            panelId: input.panelId,
            round: input.round,
            seed: result.seed,
            inputHash: result.inputHash,
            solverVersion: result.solverVersion,
            // The members' names stay in the panel's record (confidential before the decision).
            members: result.pairs.length,
            excludedByConflicts: conflicts.length,
            deadline: deadline.toISOString(),
          },
        ),
        async (tx) => {
          const repo = new MidtermPanelRepository(tx);
          await repo.insertPanel({
            id: input.panelId,
            projectId: input.projectId,
            stage,
            round: input.round,
            seed: result.seed,
            deadline,
            convenedBy: input.actorId,
            convenedAt: at,
            inputHash: result.inputHash,
            solverVersion: result.solverVersion,
            // The input is kept with the result, so the draw can be replayed and audited.
            draw: {
              input: problem,
              pool: input.pool ?? null,
              pairs: result.pairs,
              totalAffinity: result.totalAffinity,
            },
            conflicts,
          });
          for (const p of result.pairs)
            await repo.insertMember({
              panelId: input.panelId,
              expertId: p.expertId,
              affinity: p.affinity,
              replaces: null,
              at,
            });
          if (stage === 'acceptance') await new AcceptanceRepository(tx).sitPanel(input.projectId);
          else await new MidtermRepository(tx).sitPanel(input.projectId);
        },
      );
      return drawnOf(input.panelId);
    },

    async recordMidtermPanelAnswer(rec: {
      projectId: string;
      panelId: string;
      memberId: string;
      actorId: string;
      status: 'accepted' | 'declined' | 'recused' | 'submitted';
      reason: string | null;
      opinion: {
        recommendation: string;
        score: number;
        opinion: string;
        falseMaterial?: boolean;
        spendingIssues?: boolean;
      } | null;
      at: number;
      recusal?: 'required';
    }): Promise<void> {
      const stage = (await panels.byId(rec.panelId))?.stage ?? 'midterm';
      // Who made the member step aside: themselves (自行回避) or an officer (要求回避, the actor).
      const recusal = rec.status === 'recused' ? (rec.recusal ?? 'self') : undefined;
      await appendWithChange(
        ds,
        event(
          rec.projectId,
          `project.${stage}_panel_${rec.status}`,
          `${stage}:panel:${rec.memberId}:${rec.status}`,
          rec.actorId,
          rec.at,
          {
            panelId: rec.panelId,
            memberId: rec.memberId,
            reason: rec.reason,
            ...(recusal ? { recusal, recusalLabel: RECUSAL_LABELS[recusal] } : {}),
            ...(rec.opinion ? { recommendation: rec.opinion.recommendation, score: rec.opinion.score } : {}),
            ...(rec.opinion && stage === 'acceptance'
              ? {
                  falseMaterial: rec.opinion.falseMaterial ?? false,
                  spendingIssues: rec.opinion.spendingIssues ?? false,
                }
              : {}),
          },
        ),
        (tx) =>
          new MidtermPanelRepository(tx).answer(rec.memberId, {
            status: rec.status,
            reason: rec.reason,
            opinion: rec.opinion,
            at: new Date(rec.at),
            // On the row, in the event's transaction, so the panel's views say whose it was.
            recusal,
            recusedBy: recusal === 'required' ? rec.actorId : null,
          }),
      );
    },

    async redrawMidtermPanelMember(input: {
      projectId: string;
      panelId: string;
      memberId: string;
      at: number;
    }): Promise<{ id: string; expertId: string } | null> {
      const done = await panels.replacementOf(input.memberId);
      if (done) return { id: done.id, expertId: done.expertId };
      const panel = (await panels.byId(input.panelId))!;
      const stage = panel.stage;
      const seats = await panels.members(input.panelId);
      const dropped = seats.find((m) => m.id === input.memberId)!;
      const subject = input.projectId;
      const current = seats
        // The seats still held count (and the dropped one, which the draw replaces).
        .filter(
          (m) => PANEL_SEAT_HOLDING_STATUSES.includes(m.status as PanelMemberStatus) || m.id === dropped.id,
        )
        .map((m) => ({ applicationId: subject, expertId: m.expertId }));
      const seed = redrawSeed(Number(panel.seed), input.memberId);
      const { input: problem, ineligible } = await loadProjectPanelInput(
        ds,
        input.projectId,
        // The same part of the pool as the draw.
        {
          seed: Number(panel.seed),
          pool: (panel.draw as { pool?: ProjectPanelSpec['pool'] }).pool ?? null,
          stage,
        },
        new Date(input.at),
        seats.map((m) => m.expertId),
      );
      const step = `${stage}:panel:${input.memberId}:redraw`;
      let next;
      try {
        next = replacementDraw({
          input: problem,
          current,
          drop: { applicationId: subject, expertId: dropped.expertId },
          // Nobody who sat, declined or recused on this panel is drawn again.
          excludedExpertIds: [...new Set([...seats.map((m) => m.expertId), ...ineligible])].filter(
            (e) => e !== dropped.expertId,
          ),
          seed,
          // The panel keeps the solver its draw recorded.
          solverVersion: panel.solverVersion,
        });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        // Nobody qualified is left: the seat stays empty and the officer sees it on the panel.
        await appendWithChange(
          ds,
          event(input.projectId, `project.${stage}_panel_redraw_failed`, step, null, input.at, {
            panelId: input.panelId,
            memberId: input.memberId,
            reason: err.bilingual,
          }),
          async () => undefined,
        );
        return null;
      }
      await appendWithChange(
        ds,
        event(input.projectId, `project.${stage}_panel_redrawn`, step, null, input.at, {
          panelId: input.panelId,
          replaces: input.memberId,
          eligible: next.eligible,
          seed: next.seed,
          inputHash: next.inputHash,
          solverVersion: next.solverVersion,
        }),
        (tx) =>
          new MidtermPanelRepository(tx).insertMember({
            panelId: input.panelId,
            expertId: next.expertId,
            affinity: next.affinity,
            replaces: input.memberId,
            at: new Date(input.at),
          }),
      );
      const seat = (await panels.replacementOf(input.memberId))!;
      return { id: seat.id, expertId: seat.expertId };
    },

    async closeMidtermPanel(input: {
      projectId: string;
      panelId: string;
      round: number;
      at: number;
    }): Promise<MidtermPanelClosed> {
      const panel = (await panels.byId(input.panelId))!;
      if (panel.status !== 'sitting')
        return {
          recommendation: panel.recommendation as MidtermPanelClosed['recommendation'],
          ...(panel.findings ?? {}),
        };
      if (panel.stage === 'acceptance') return closeAcceptancePanel(input);
      const given = (await panels.members(input.panelId)).filter((m) => m.status === 'submitted');
      const c = consolidateMidtermPanel(given.map((m) => m.recommendation as MidtermDecision)); // The headline score as a review's (RULES §5: trimmed mean from five opinions).
      const meanScore = given.length ? aggregate(given.map((m) => m.score!)).score : null;
      const at = new Date(input.at);
      const payload = {
        panelId: input.panelId,
        opinions: given.length,
        recommendation: c.recommendation,
        counts: c.counts,
        tie: c.tie,
        explanation: c.explanation,
        meanScore,
      };
      await appendWithChange(
        ds,
        c.recommendation
          ? event(
              input.projectId,
              'project.midterm_reviewed',
              `midterm:${input.round}:reviewed`,
              null,
              input.at,
              {
                by: 'panel',
                ...payload,
              },
            )
          : event(
              input.projectId,
              'project.midterm_panel_lapsed',
              `midterm:${input.round}:panel:${input.panelId}:lapsed`,
              null,
              input.at,
              payload,
            ),
        async (tx) => {
          await new MidtermPanelRepository(tx).close(input.panelId, {
            status: c.recommendation ? 'closed' : 'lapsed',
            recommendation: c.recommendation,
            consolidation: { counts: c.counts, tie: c.tie, explanation: c.explanation },
            meanScore,
            at,
          });
          const midterms = new MidtermRepository(tx);
          if (c.recommendation)
            await midterms.review(input.projectId, {
              review: {
                opinion: c.explanation.zh,
                recommendation: c.recommendation,
                by: 'panel',
                panelId: input.panelId,
              },
              actorId: null,
              at,
            });
          else await midterms.panelLapsed(input.projectId);
        },
      );
      return { recommendation: c.recommendation };
    },
  };
}
