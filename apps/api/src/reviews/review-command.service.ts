import { Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowHandle,
  WorkflowNotFoundError,
} from '@temporalio/client';
import {
  Actor,
  assertCallClosedFor,
  assertCanRecuse,
  assertCanRespond,
  assertCanSaveDraft,
  assertCanScore,
  assertMayManageReview,
  assertMayRequireRecusal,
  assertPanelNeeded,
  assertRoundCapFits,
  assertRoundHasApplications,
  AssignmentInputData,
  CreateReviewRoundInput,
  DEFAULT_REVIEW,
  DomainError,
  invitationWithoutWorkflow,
  notFound,
  PanelDecisionInput,
  panelOutcome,
  RecusalRequirement,
  parseOrThrow,
  parseScoreSheet,
  roundCapRefusal,
  scoreSheetSchema,
  sheetScores,
  startsDuringWindow,
  weightedScore,
  workflowIds,
} from '@kjflow/domain';
import {
  assignExpertsOffThread,
  loadAssignmentInput,
  ReviewAssignmentEntity,
  reviewTemplateOf,
} from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import {
  createReviewRoundUpdate,
  recordPanelUpdate,
  recuseUpdate,
  respondInvitationUpdate,
  saveScoreDraftUpdate,
  submitScoreUpdate,
} from '@kjflow/workflows';
import type { ReviewRoundInput } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CallsService } from '../calls/calls.service';
import { ReviewQueryService } from './review-query.service';
import { commandId } from '../common/command-context';
import { settings } from '../settings';

/** Waits (ms) for a fresh invitation's workflow to start, before answering "retry shortly" (503). */
const INVITATION_WAITS = [100, 200, 400, 800, 1600, 1600];

/**
 * Review commands: the officer starts a round (its workflow records it and draws the experts),
 * requires an expert to step aside (要求回避) and records panels; experts answer, recuse, keep drafts and score through their invitation's
 * workflow. Each answers with the state the command left.
 */
@Injectable()
export class ReviewCommandService {
  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calls: CallsService,
    private readonly query: ReviewQueryService,
  ) {}

  async createRound(callId: string, input: CreateReviewRoundInput, actor: Actor) {
    assertMayManageReview(actor);
    const call = await this.calls.entity(callId);
    const template = await reviewTemplateOf(this.ds, callId);
    // Review rounds start only after the call closes (RULES §14), unless the template says otherwise.
    assertCallClosedFor('expert_review', call, Date.now(), startsDuringWindow(template, 'expert_review'));
    const k = input.expertsPerApplication ?? template.panel.size;
    const seed = input.seed ?? randomInt(0, 0xffffffff);
    const {
      input: problem,
      applications,
      profileLoadCaps,
    } = await loadAssignmentInput(
      this.ds,
      {
        callId,
        strategy: input.strategy,
        k,
        seed,
        maxProbability: input.maxProbability,
        maxPerExpert: input.maxPerExpert,
        pool: input.pool,
      },
      new Date(),
    );
    assertRoundHasApplications(applications);
    assertRoundCapFits({ profileCaps: profileLoadCaps, k, applications, maxPerExpert: input.maxPerExpert });
    await this.assertDrawFeasible(problem, profileLoadCaps, input.maxPerExpert);
    const id = commandId();
    const policy = {
      responseWindow: input.responseWindow,
      scoringWindow: input.scoringWindow ?? template.reviewWindow,
      reminderBefore: input.reminderBefore,
      disagreementThreshold: input.disagreementThreshold ?? DEFAULT_REVIEW.disagreementThreshold,
      pool: input.pool ?? null,
      // Absent from rounds without a cap (and from every round before it existed).
      ...(input.maxPerExpert !== undefined ? { maxPerExpert: input.maxPerExpert } : {}),
    };
    // The round's workflow writes the round and draws; the update answers once the invitations
    // are recorded, so the round returned accepts its commands.
    await this.temporal.workflow.executeUpdateWithStart(createReviewRoundUpdate, {
      startWorkflowOperation: this.roundStart(id, policy),
      args: [
        {
          callId,
          strategy: input.strategy,
          k,
          seed,
          maxProbability: input.maxProbability ?? null,
          policy,
          actorId: actor.id,
        },
      ],
    });
    return this.query.round(id, actor);
  }

  /** 会评 / 答辩 for an application the experts disagreed on: recorded by the round's workflow. */
  async recordPanel(id: string, applicationId: string, input: PanelDecisionInput, actor: Actor) {
    assertMayManageReview(actor);
    const round = await this.query.roundRow(id);
    const before = await this.query.results(id);
    const target = before.results.find((r) => r.applicationId === applicationId);
    if (!target) throw notFound({ zh: '本轮评审的申报', en: 'Application in this round' });
    assertPanelNeeded(target.disagreement.disagreement);
    const outcome =
      input.mode === 'consensus'
        ? panelOutcome({ mode: 'consensus', consensusScore: input.consensusScore! })
        : panelOutcome({ mode: 'vote', votes: input.votes! });
    // The round's workflow may have closed once scored: the panel reopens it (same id).
    await this.temporal.workflow.executeUpdateWithStart(recordPanelUpdate, {
      startWorkflowOperation: this.roundStart(id, round.policy, true),
      args: [
        {
          applicationId,
          mode: input.mode,
          members: input.members,
          heldAt: input.heldAt,
          outcome,
          minutes: input.minutes,
          actorId: actor.id,
        },
      ],
    });
    return (await this.query.results(id)).results.find((r) => r.applicationId === applicationId)!;
  }

  /**
   * 要求回避: an officer requires the invitation's expert to step aside, with the reason, under the
   * rule of the expert's own recusal (a seat held, no score). The invitation's workflow records
   * it with the officer as actor and draws the replacement as after the expert's recusal.
   */
  async requireRecusal(roundId: string, assignmentId: string, input: RecusalRequirement, actor: Actor) {
    assertMayRequireRecusal(actor);
    const a = await this.query.invitationOfRound(roundId, assignmentId);
    await this.updateInvitation(
      a,
      () => assertCanRecuse(a.status),
      (h) =>
        h.executeUpdate(recuseUpdate, {
          args: [{ assignmentId, actorId: actor.id, reason: input.reason, recusal: 'required' }],
        }),
    );
    return this.query.officerAssignment(assignmentId);
  }

  // ---- the expert's side ---------------------------------------------------------------------

  async respond(
    assignmentId: string,
    input: { decision: 'accept' | 'decline'; reason?: string },
    actor: Actor,
  ) {
    const a = await this.query.ownAssignment(assignmentId, actor);
    await this.updateInvitation(
      a,
      () => assertCanRespond(a.status, a.respondBy.toISOString(), Date.now()),
      (h) =>
        h.executeUpdate(respondInvitationUpdate, {
          args: [{ assignmentId, actorId: actor.id, decision: input.decision, reason: input.reason }],
        }),
    );
    return this.query.assignment(assignmentId);
  }

  async recuse(assignmentId: string, input: { reason: string }, actor: Actor) {
    const a = await this.query.ownAssignment(assignmentId, actor);
    await this.updateInvitation(
      a,
      () => assertCanRecuse(a.status),
      (h) =>
        h.executeUpdate(recuseUpdate, { args: [{ assignmentId, actorId: actor.id, reason: input.reason }] }),
    );
    return this.query.assignment(assignmentId);
  }

  /** A draft is the expert's own notes: kept by the invitation's workflow, checked only for what is filled in. */
  async saveDraft(assignmentId: string, body: unknown, actor: Actor) {
    const a = await this.query.ownAssignment(assignmentId, actor);
    assertCanSaveDraft(a.status);
    const rubric = await this.query.rubricOf(a);
    const draft = parseOrThrow(scoreSheetSchema(rubric, { draft: true }), body, '评分');
    await this.updateInvitation(
      a,
      () => assertCanSaveDraft(a.status),
      (h) =>
        h.executeUpdate(saveScoreDraftUpdate, { args: [{ assignmentId, actorId: actor.id, sheet: draft }] }),
    );
    return this.query.assignment(assignmentId);
  }

  async submitScore(assignmentId: string, body: unknown, actor: Actor) {
    const a = await this.query.ownAssignment(assignmentId, actor);
    const rubric = await this.query.rubricOf(a);
    const sheet = parseScoreSheet(rubric, body);
    const score = weightedScore(rubric, sheetScores(sheet));
    await this.updateInvitation(
      a,
      () => assertCanScore(a.status, a.scoreBy?.toISOString() ?? null, Date.now()),
      (h) =>
        h.executeUpdate(submitScoreUpdate, {
          args: [{ assignmentId, actorId: actor.id, sheet, weightedScore: score }],
        }),
    );
    return this.query.assignment(assignmentId);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /**
   * The same engine the workflow runs: an infeasible request is refused now, naming the
   * applications that lack qualified experts, and nothing is written; refused under the round's
   * load cap where the experts' own caps would do, the cap is named first. In a thread: a large
   * round's solve takes seconds that the API's other requests would wait.
   */
  private async assertDrawFeasible(
    problem: AssignmentInputData,
    profileLoadCaps: number[],
    maxPerExpert: number | undefined,
  ): Promise<void> {
    try {
      await assignExpertsOffThread(problem);
    } catch (err) {
      if (maxPerExpert === undefined || !(err instanceof DomainError) || err.code !== 'validation_failed')
        throw err;
      const uncapped = {
        ...problem,
        experts: problem.experts.map((e, i) => ({ ...e, loadCap: profileLoadCaps[i] })),
      };
      const feasible = await assignExpertsOffThread(uncapped).then(
        () => true,
        () => false,
      );
      throw feasible ? roundCapRefusal(err, maxPerExpert) : err;
    }
  }

  /** The round's workflow, by type name; `reopened` serves one command on a closed round. */
  private roundStart(
    id: string,
    policy: { scoringWindow: string; reminderBefore: string },
    reopened = false,
  ) {
    const input: ReviewRoundInput = {
      roundId: id,
      scoringWindow: policy.scoringWindow,
      reminderBefore: policy.reminderBefore,
      ...(reopened ? { reopened } : {}),
    };
    return new WithStartWorkflowOperation('reviewRoundWorkflow', {
      workflowId: workflowIds.reviewRound(id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [input],
    });
  }

  /**
   * Sends an update to the workflow that runs the invitation (its application's review; its own
   * for rounds drawn before that). Just after a draw the round (or one of its slices, for a large
   * round) may still be starting it, so a missing workflow of a fresh
   * invitation is waited for briefly; a finished one answers with the rule its final state breaks.
   * The wait backs off (0.1 s doubling to 1.6 s, about 5 s in all, as before): polling every
   * 0.1 s, the experts of a large round who answer while its slices start their thousands of
   * invitations sent Temporal 50 updates each, slowing the starts they waited for (issue 17).
   */
  private async updateInvitation(
    a: ReviewAssignmentEntity,
    rule: () => void,
    send: (h: WorkflowHandle) => Promise<unknown>,
  ) {
    const workflowId = a.workflowId ?? workflowIds.reviewInvitation(a.id);
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(this.temporal.workflow.getHandle(workflowId));
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        const refusal = invitationWithoutWorkflow(
          a.status,
          attempt >= INVITATION_WAITS.length,
          settings().KJ_RETRY_AFTER_SECONDS,
        );
        if (refusal) {
          // The command's own rule first: a refusal it earns says more than "ended".
          rule();
          throw refusal;
        }
        await new Promise((res) => setTimeout(res, INVITATION_WAITS[attempt]));
      }
    }
  }
}
