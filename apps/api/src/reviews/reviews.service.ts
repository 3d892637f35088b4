import { Inject, Injectable } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client, WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import ExcelJS from 'exceljs';
import {
  Actor,
  assertCanRecuse,
  assertCanRespond,
  assertCanScore,
  assignExperts,
  contentForExpert,
  CreateReviewRoundInput,
  DEFAULT_REVIEW,
  DomainError,
  forbidden,
  formatShanghai,
  FundingRule,
  hasRole,
  notFound,
  PanelDecisionInput,
  panelOutcome,
  PanelOutcome,
  parseScoreSheet,
  REVIEW_ASSIGNMENT_LABELS,
  ReviewAssignmentStatus,
  roundResults,
  scoreSheetSchema,
  weightedScore,
  workflowIds,
  sheetScores,
  parseOrThrow,
} from '@kjflow/domain';
import { appendWithChange, loadAssignmentInput, reviewTemplateOf } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import {
  recuseUpdate,
  respondInvitationUpdate,
  reviewRoundWorkflow,
  submitScoreUpdate,
} from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CallsService } from '../calls/calls.service';

const ROUND = { zh: '评审轮次', en: 'Review round' };
const INVITATION = { zh: '评审任务', en: 'Review assignment' };

interface RoundRow {
  id: string;
  call_id: string;
  strategy: 'random' | 'optimal' | 'randomized';
  experts_per_application: number;
  probability_cap: string | null;
  seed: string;
  input_hash: string | null;
  solver_version: string | null;
  policy: {
    responseWindow: string;
    scoringWindow: string;
    reminderBefore: string;
    disagreementThreshold: number;
    pool: { keyFields?: string[]; keywords?: string[] } | null;
  };
  status: string;
  result: { draw?: { pairs: unknown[]; input?: unknown } } | null;
  created_at: Date;
}

interface AssignmentRow {
  id: string;
  round_id: string;
  application_id: string;
  expert_id: string;
  status: ReviewAssignmentStatus;
  draw: number;
  affinity: string;
  replaces: string | null;
  respond_by: Date;
  score_by: Date | null;
  opened_at: Date | null;
  reason: string | null;
  sheet: object | null;
  weighted_score: string | null;
  submitted_at: Date | null;
}

/**
 * Review rounds: the officer starts one per call (the draw runs in the round's workflow, after
 * a dry run here so an infeasible request is refused with nothing written); experts answer,
 * open, recuse and score through their invitation's workflow; officers read the results.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calls: CallsService,
  ) {}

  async createRound(callId: string, input: CreateReviewRoundInput, actor: Actor) {
    await this.calls.entity(callId);
    const template = await reviewTemplateOf(this.ds, callId);
    const k = input.expertsPerApplication ?? template.panel.size;
    const seed = input.seed ?? randomInt(0, 0xffffffff);
    const spec = {
      callId,
      strategy: input.strategy,
      k,
      seed,
      maxProbability: input.maxProbability,
      pool: input.pool,
    };
    const { input: problem, applications } = await loadAssignmentInput(this.ds, spec, new Date());
    if (applications === 0) {
      throw new DomainError('invalid_state', {
        zh: '本批次没有通过形式审查的申报，无法组织评审',
        en: 'No application of this call has passed the formal check',
      });
    }
    // The same engine the workflow runs: an infeasible request is refused now, naming the
    // applications that lack qualified experts, and nothing is written.
    assignExperts(problem);
    const id = randomUUID();
    const policy = {
      responseWindow: input.responseWindow,
      scoringWindow: input.scoringWindow ?? template.reviewWindow,
      reminderBefore: input.reminderBefore,
      disagreementThreshold: input.disagreementThreshold ?? DEFAULT_REVIEW.disagreementThreshold,
      pool: input.pool ?? null,
    };
    await appendWithChange(
      this.ds,
      {
        type: 'review.round_created',
        subjectType: 'review_round',
        subjectId: id,
        actorId: actor.id,
        payload: { callId, strategy: input.strategy, k, seed, policy },
        workflowId: workflowIds.reviewRound(id),
        step: 'created',
        occurredAt: new Date(),
      },
      (tx) =>
        tx.query(
          `INSERT INTO review_rounds (id, call_id, strategy, experts_per_application, probability_cap, seed, policy, status, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'reviewing', $8)`,
          [
            id,
            callId,
            input.strategy,
            k,
            input.maxProbability ?? null,
            seed,
            JSON.stringify(policy),
            actor.id,
          ],
        ),
    );
    await this.temporal.workflow.start(reviewRoundWorkflow, {
      workflowId: workflowIds.reviewRound(id),
      taskQueue: TASK_QUEUE,
      args: [{ roundId: id, scoringWindow: policy.scoringWindow, reminderBefore: policy.reminderBefore }],
    });
    return this.waitForDraw(id);
  }

  /** The round once its workflow has drawn the experts (a few hundred milliseconds). */
  private async waitForDraw(id: string) {
    for (let i = 0; i < 100; i++) {
      const r = await this.roundRow(id);
      if (r.input_hash) return this.round(id);
      await new Promise((res) => setTimeout(res, 100));
    }
    return this.round(id);
  }

  async round(id: string) {
    const r = await this.roundRow(id);
    const rows: Array<AssignmentRow & { expert_name: string; title: string }> = await this.ds.query(
      `SELECT ra.*, e.name AS expert_name, a.content->>'title' AS title
         FROM review_assignments ra JOIN experts e ON e.id = ra.expert_id JOIN applications a ON a.id = ra.application_id
        WHERE ra.round_id = $1 ORDER BY ra.application_id, ra.draw, ra.expert_id`,
      [id],
    );
    // Slots left empty because nobody qualified was left to draw.
    const shortfalls: Array<{ subject_id: string; payload: { applicationId: string; reason: unknown } }> =
      await this.ds.query(
        `SELECT subject_id, payload FROM domain_events WHERE type = 'review.redraw_failed' AND workflow_id = $1`,
        [workflowIds.reviewRound(id)],
      );
    return {
      id: r.id,
      callId: r.call_id,
      strategy: r.strategy,
      expertsPerApplication: r.experts_per_application,
      maxProbability: r.probability_cap === null ? null : Number(r.probability_cap),
      seed: Number(r.seed),
      inputHash: r.input_hash,
      solverVersion: r.solver_version,
      policy: r.policy,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      // Pairs the conflict-of-interest engine excluded, each with its reasons.
      conflicts: (r.result as { conflicts?: unknown[] } | null)?.conflicts ?? [],
      shortfalls: shortfalls.map((f) => ({ replaces: f.subject_id, ...f.payload })),
      assignments: rows.map((a) => ({
        ...this.assignmentView(a),
        expertName: a.expert_name,
        applicationTitle: a.title,
      })),
    };
  }

  /** Re-runs the recorded draw: the same input and seed must give the same invitations. */
  async replay(id: string) {
    const r = await this.roundRow(id);
    const recorded = r.result?.draw as {
      pairs: Array<{ applicationId: string; expertId: string }>;
      input: unknown;
    };
    if (!recorded?.input) throw notFound({ zh: '抽取记录', en: 'Draw record' });
    const again = assignExperts(recorded.input);
    const key = (p: { applicationId: string; expertId: string }) => `${p.applicationId}/${p.expertId}`;
    return {
      seed: again.seed,
      inputHash: again.inputHash,
      solverVersion: again.solverVersion,
      recordedInputHash: r.input_hash,
      matches:
        again.inputHash === r.input_hash &&
        JSON.stringify(again.pairs.map(key)) === JSON.stringify(recorded.pairs.map(key)),
      pairs: again.pairs,
    };
  }

  async results(id: string, funding: FundingRule = {}) {
    const r = await this.roundRow(id);
    const apps: Array<{
      id: string;
      title: string;
      topic_id: string | null;
      submitted_at: Date;
      requested: string;
    }> = await this.ds.query(
      `SELECT DISTINCT a.id, a.content->>'title' AS title, a.topic_id, a.submitted_at, (a.content->>'requestedFen') AS requested
           FROM applications a JOIN review_assignments ra ON ra.application_id = a.id WHERE ra.round_id = $1`,
      [id],
    );
    const scores: Array<{ application_id: string; expert_id: string; weighted_score: string }> =
      await this.ds.query(
        `SELECT application_id, expert_id, weighted_score FROM review_assignments WHERE round_id = $1 AND status = 'submitted'`,
        [id],
      );
    const panels: Array<{ application_id: string; outcome: PanelOutcome }> = await this.ds.query(
      `SELECT application_id, outcome FROM review_panels WHERE round_id = $1`,
      [id],
    );
    const results = roundResults(
      apps.map((a) => ({
        id: a.id,
        title: a.title,
        topicId: a.topic_id,
        submittedAt: a.submitted_at.toISOString(),
        requestedFen: Number(a.requested ?? 0),
      })),
      scores.map((s) => ({
        applicationId: s.application_id,
        expertId: s.expert_id,
        score: Number(s.weighted_score),
      })),
      {
        disagreementThreshold: r.policy.disagreementThreshold,
        panels: new Map(panels.map((p) => [p.application_id, p.outcome])),
        funding,
      },
    );
    return { roundId: id, status: r.status, results };
  }

  /** The ranking as a workbook for the bureau's meeting. */
  async rankingWorkbook(id: string): Promise<Buffer> {
    const { results } = await this.results(id);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('评审排序 Ranking');
    ws.columns = [
      { header: '排名 Rank', key: 'rank', width: 10 },
      { header: '项目名称 Title', key: 'title', width: 40 },
      { header: '评分 Score', key: 'score', width: 12 },
      { header: '平均分 Mean', key: 'mean', width: 12 },
      { header: '中位数 Median', key: 'median', width: 12 },
      { header: '校准分 Calibrated', key: 'calibrated', width: 14 },
      { header: '专家数 Experts', key: 'n', width: 10 },
      { header: '分歧 Disagreement', key: 'disagreement', width: 12 },
      { header: '会评 Panel', key: 'panel', width: 30 },
      { header: '百分位 Percentile', key: 'percentile', width: 12 },
      { header: '并列依据 Tie-break', key: 'tie', width: 20 },
    ];
    for (const r of results)
      ws.addRow({
        rank: r.rank,
        title: r.title,
        score: round2(r.rankingScore),
        mean: round2(r.summary.mean),
        median: round2(r.summary.median),
        calibrated: r.calibrated === null ? null : round2(r.calibrated),
        n: r.summary.n,
        disagreement: r.disagreement.disagreement ? '是' : '否',
        panel: r.panel?.explanation.zh ?? '',
        percentile: round2(r.percentile),
        tie: r.tieBrokenBy?.label.zh ?? '',
      });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** 会评 / 答辩 for an application the experts disagreed on. */
  async recordPanel(id: string, applicationId: string, input: PanelDecisionInput, actor: Actor) {
    const { results } = await this.results(id);
    const target = results.find((r) => r.applicationId === applicationId);
    if (!target) throw notFound({ zh: '本轮评审的申报', en: 'Application in this round' });
    if (!target.disagreement.disagreement)
      throw new DomainError('invalid_state', {
        zh: '专家评分无明显分歧，无需会评',
        en: 'The experts did not disagree; no panel is needed',
      });
    const outcome =
      input.mode === 'consensus'
        ? panelOutcome({ mode: 'consensus', consensusScore: input.consensusScore! })
        : panelOutcome({ mode: 'vote', votes: input.votes! });
    const at = new Date();
    const { applied } = await appendWithChange(
      this.ds,
      {
        type: 'review.panel_decided',
        subjectType: 'review_round',
        subjectId: id,
        actorId: actor.id,
        payload: { applicationId, mode: input.mode, outcome },
        workflowId: workflowIds.reviewRound(id),
        step: `panel:${applicationId}`,
        occurredAt: at,
      },
      (tx) =>
        tx.query(
          `INSERT INTO review_panels (round_id, application_id, mode, members, held_at, outcome, minutes, decided_by, decided_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            id,
            applicationId,
            input.mode,
            JSON.stringify(input.members),
            input.heldAt,
            JSON.stringify(outcome),
            input.minutes,
            actor.id,
            at,
          ],
        ),
    );
    if (!applied)
      throw new DomainError('conflict', {
        zh: '该项目的会评结果已记录',
        en: 'The panel outcome is already recorded',
      });
    return (await this.results(id)).results.find((r) => r.applicationId === applicationId)!;
  }

  // ---- the expert's side ---------------------------------------------------------------------

  async mine(actor: Actor) {
    const expertId = await this.expertIdOf(actor);
    const rows: Array<AssignmentRow & { title: string }> = await this.ds.query(
      `SELECT ra.*, a.content->>'title' AS title FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
        WHERE ra.expert_id = $1 ORDER BY ra.respond_by, ra.id`,
      [expertId],
    );
    return rows.map((a) => ({ ...this.assignmentView(a), applicationTitle: a.title }));
  }

  async respond(
    assignmentId: string,
    input: { decision: 'accept' | 'decline'; reason?: string },
    actor: Actor,
  ) {
    const a = await this.ownAssignment(assignmentId, actor);
    await this.updateInvitation(
      a,
      () => assertCanRespond(a.status, a.respond_by.toISOString(), Date.now()),
      (h) =>
        h.executeUpdate(respondInvitationUpdate, {
          args: [{ actorId: actor.id, decision: input.decision, reason: input.reason }],
        }),
    );
    return this.assignmentOf(assignmentId);
  }

  /** Opening the application: blind where the program says so; the first opening is recorded. */
  async open(assignmentId: string, actor: Actor) {
    const a = await this.ownAssignment(assignmentId, actor);
    if (!['invited', 'accepted', 'submitted'].includes(a.status)) throw forbidden();
    const [app] = await this.ds.query(
      `SELECT a.id, a.content, a.call_id, a.submitted_at, i.name AS institution, u.display_name AS applicant
         FROM applications a LEFT JOIN institutions i ON i.id = a.institution_id JOIN users u ON u.id = a.applicant_id
        WHERE a.id = $1`,
      [a.application_id],
    );
    const template = await reviewTemplateOf(this.ds, app.call_id);
    if (!a.opened_at)
      await this.ds.query(
        `UPDATE review_assignments SET opened_at = now() WHERE id = $1 AND opened_at IS NULL`,
        [assignmentId],
      );
    const blind = template.rubric.blind;
    return {
      assignment: this.assignmentView(a),
      blind,
      application: {
        id: app.id,
        content: contentForExpert(app.content, blind),
        applicant: blind ? null : app.applicant,
        institution: blind ? null : app.institution,
      },
      rubric: template.rubric,
    };
  }

  async recuse(assignmentId: string, input: { reason: string }, actor: Actor) {
    const a = await this.ownAssignment(assignmentId, actor);
    await this.updateInvitation(
      a,
      () => assertCanRecuse(a.status),
      (h) => h.executeUpdate(recuseUpdate, { args: [{ actorId: actor.id, reason: input.reason }] }),
    );
    return this.assignmentOf(assignmentId);
  }

  /** A draft is the expert's own notes: kept, checked only for what is filled in. */
  async saveDraft(assignmentId: string, body: unknown, actor: Actor) {
    const a = await this.ownAssignment(assignmentId, actor);
    if (a.status !== 'accepted')
      throw new DomainError('invalid_state', {
        zh: `该评审任务${REVIEW_ASSIGNMENT_LABELS[a.status].zh}，不能保存草稿`,
        en: `The assignment is ${REVIEW_ASSIGNMENT_LABELS[a.status].en.toLowerCase()}; no draft can be saved`,
      });
    const rubric = await this.rubricOf(a);
    const draft = parseOrThrow(scoreSheetSchema(rubric, { draft: true }), body, '评分');
    await this.ds.query(`UPDATE review_assignments SET sheet = $2 WHERE id = $1`, [
      assignmentId,
      JSON.stringify(draft),
    ]);
    return this.assignmentOf(assignmentId);
  }

  async submitScore(assignmentId: string, body: unknown, actor: Actor) {
    const a = await this.ownAssignment(assignmentId, actor);
    const rubric = await this.rubricOf(a);
    const sheet = parseScoreSheet(rubric, body);
    const score = weightedScore(rubric, sheetScores(sheet));
    await this.updateInvitation(
      a,
      () => assertCanScore(a.status, a.score_by?.toISOString() ?? null, Date.now()),
      (h) =>
        h.executeUpdate(submitScoreUpdate, { args: [{ actorId: actor.id, sheet, weightedScore: score }] }),
    );
    return this.assignmentOf(assignmentId);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private invitation(assignmentId: string) {
    return this.temporal.workflow.getHandle(workflowIds.reviewInvitation(assignmentId));
  }

  /**
   * Sends an update to the invitation's workflow. Just after a draw the round may still be
   * starting it, so a missing workflow of a fresh invitation is waited for briefly; a finished
   * one answers with the rule its final state breaks.
   */
  private async updateInvitation(
    a: AssignmentRow,
    rule: () => void,
    send: (h: WorkflowHandle) => Promise<unknown>,
  ) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(this.invitation(a.id));
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        if (a.status !== 'invited' || attempt >= 50) {
          rule();
          throw new DomainError('invalid_state', {
            zh: '该评审任务已结束，不能执行此操作',
            en: 'This assignment has ended; the action is no longer possible',
          });
        }
        await new Promise((res) => setTimeout(res, 100));
      }
    }
  }

  private async rubricOf(a: AssignmentRow) {
    const [{ call_id }] = await this.ds.query(`SELECT call_id FROM review_rounds WHERE id = $1`, [
      a.round_id,
    ]);
    return (await reviewTemplateOf(this.ds, call_id)).rubric;
  }

  private async expertIdOf(actor: Actor): Promise<string> {
    const [e] = await this.ds.query(`SELECT id FROM experts WHERE user_id = $1`, [actor.id]);
    if (!e) throw forbidden();
    return e.id;
  }

  /** The expert's own assignment; anyone else's is reported as missing. */
  private async ownAssignment(assignmentId: string, actor: Actor): Promise<AssignmentRow> {
    if (!hasRole(actor, 'expert')) throw forbidden();
    const expertId = await this.expertIdOf(actor);
    const [a] = await this.ds.query(`SELECT * FROM review_assignments WHERE id = $1`, [assignmentId]);
    if (!a || a.expert_id !== expertId) throw notFound(INVITATION);
    return a;
  }

  private async assignmentOf(id: string) {
    const [a] = await this.ds.query(`SELECT * FROM review_assignments WHERE id = $1`, [id]);
    return this.assignmentView(a);
  }

  private assignmentView(a: AssignmentRow) {
    return {
      id: a.id,
      roundId: a.round_id,
      applicationId: a.application_id,
      expertId: a.expert_id,
      status: a.status,
      statusLabel: REVIEW_ASSIGNMENT_LABELS[a.status],
      draw: a.draw,
      affinity: Number(a.affinity),
      replaces: a.replaces,
      respondBy: a.respond_by.toISOString(),
      respondByLocal: formatShanghai(a.respond_by),
      scoreBy: a.score_by ? a.score_by.toISOString() : null,
      scoreByLocal: a.score_by ? formatShanghai(a.score_by) : null,
      openedAt: a.opened_at ? a.opened_at.toISOString() : null,
      reason: a.reason,
      sheet: a.sheet,
      weightedScore: a.weighted_score === null ? null : Number(a.weighted_score),
      submittedAt: a.submitted_at ? a.submitted_at.toISOString() : null,
    };
  }

  private async roundRow(id: string): Promise<RoundRow> {
    const [r] = await this.ds.query(`SELECT * FROM review_rounds WHERE id = $1`, [id]);
    if (!r) throw notFound(ROUND);
    return r;
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
