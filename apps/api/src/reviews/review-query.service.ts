import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import ExcelJS from 'exceljs';
import {
  Actor,
  assertInvitationOfRound,
  assertMayReadReview,
  AssignmentInputData,
  assertOwnAssignment,
  contentForExpert,
  DEFAULT_REVIEW,
  forbidden,
  formatShanghai,
  FundingRule,
  mayOpenAssignment,
  notFound,
  organisationsOverLimit,
  PageQuery,
  RECUSAL_LABELS,
  REVIEW_ASSIGNMENT_LABELS,
  roundResults,
  workflowIds,
} from '@kjflow/domain';
import {
  assignExpertsOffThread,
  ExpertRepository,
  ReviewAssignmentRepository,
  ReviewAssignmentEntity,
  ReviewRoundRepository,
  ReviewRoundEntity,
  ReadOnce,
  reviewTemplateOf,
  UserRepository,
} from '@kjflow/persistence';

const ROUND = { zh: '评审轮次', en: 'Review round' };
type Rubric = Awaited<ReturnType<typeof reviewTemplateOf>>['rubric'];

/**
 * Reading review rounds: the round with its draw record, invitations and the panels over the
 * limit of experts per organisation, the replayed draw, the results and ranking (officers and
 * auditors); an expert's own invitations and the application an invitation is about. Nothing
 * here writes.
 */
@Injectable()
export class ReviewQueryService {
  private readonly rounds: ReviewRoundRepository;
  private readonly assignments: ReviewAssignmentRepository;
  private readonly experts: ExpertRepository;
  private readonly users: UserRepository;
  /**
   * Rubrics by round: a round's call and the template version it pins never change, so each is
   * read once per process, not on every score (two queries of ~8 per answer; bench/README).
   */
  private readonly rubrics = new ReadOnce<Rubric>();

  constructor(private readonly ds: DataSource) {
    this.rounds = new ReviewRoundRepository(ds);
    this.assignments = new ReviewAssignmentRepository(ds);
    this.experts = new ExpertRepository(ds);
    this.users = new UserRepository(ds);
  }

  async round(id: string, actor: Actor) {
    assertMayReadReview(actor);
    const r = await this.roundRow(id);
    const rows = await this.assignments.ofRound(id);
    const { panel } = await reviewTemplateOf(this.ds, r.callId);
    return {
      id: r.id,
      callId: r.callId,
      strategy: r.strategy,
      expertsPerApplication: r.expertsPerApplication,
      maxProbability: r.probabilityCap === null ? null : Number(r.probabilityCap),
      maxPerExpert: r.policy.maxPerExpert ?? null,
      seed: Number(r.seed),
      inputHash: r.inputHash,
      solverVersion: r.solverVersion,
      policy: r.policy,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      // Pairs the conflict-of-interest engine excluded, each with its reasons.
      conflicts: await this.rounds.conflicts(id),
      shortfalls: await this.rounds.shortfalls(workflowIds.reviewRound(id)),
      organisationsOverLimit: overLimit(
        rows,
        // As the assignment engine reads it (its panel rules default an absent one to 1).
        panel.maxPerOrganisation ?? DEFAULT_REVIEW.panel.maxPerOrganisation,
      ),
      assignments: rows.map((a) => ({
        ...assignmentView(a),
        recusedBy: a.recusedBy ? { id: a.recusedBy, name: a.recusedByName ?? '' } : null,
        expertName: a.expertName,
        applicationTitle: a.title,
      })),
    };
  }

  /**
   * Re-runs the recorded draw with the solver version it recorded: the same input and seed must
   * give the same invitations (another version may pick another of the equally good ones).
   */
  async replay(id: string, actor: Actor) {
    assertMayReadReview(actor);
    const r = await this.roundRow(id);
    const recorded = (await this.rounds.drawRecord(id)) as {
      pairs: Array<{ applicationId: string; expertId: string }>;
      // The draw's own input as recorded (assignExperts validates it again).
      input: AssignmentInputData;
    } | null;
    if (!recorded?.input) throw notFound({ zh: '抽取记录', en: 'Draw record' });
    // In a thread: a provincial draw solves for ~15 s, which would hold every other request.
    const again = await assignExpertsOffThread(recorded.input, r.solverVersion ?? undefined);
    const key = (p: { applicationId: string; expertId: string }) => `${p.applicationId}/${p.expertId}`;
    return {
      seed: again.seed,
      inputHash: again.inputHash,
      solverVersion: again.solverVersion,
      recordedInputHash: r.inputHash,
      matches:
        again.inputHash === r.inputHash &&
        JSON.stringify(again.pairs.map(key)) === JSON.stringify(recorded.pairs.map(key)),
      pairs: again.pairs,
    };
  }

  /** The results and ranking (also read by the awards, which check their own access). */
  async results(id: string, funding: FundingRule = {}) {
    const r = await this.roundRow(id);
    const [apps, scores, panels] = await Promise.all([
      this.rounds.applications(id),
      this.rounds.scores(id),
      this.rounds.panels(id),
    ]);
    const results = roundResults(
      apps.map((a) => ({
        id: a.id,
        title: a.title,
        topicId: a.topic_id,
        submittedAt: a.submitted_at.toISOString(),
        requestedFen: Number(a.requested ?? 0),
      })),
      scores,
      {
        disagreementThreshold: r.policy.disagreementThreshold,
        panels: new Map(panels.map((p) => [p.applicationId, p.outcome])),
        funding,
      },
    );
    return { roundId: id, status: r.status, results };
  }

  async resultsFor(id: string, funding: FundingRule, actor: Actor) {
    assertMayReadReview(actor);
    return this.results(id, funding);
  }

  /** The ranking as a workbook for the bureau's meeting. */
  async rankingWorkbook(id: string, actor: Actor): Promise<Buffer> {
    assertMayReadReview(actor);
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

  // ---- the expert's side ---------------------------------------------------------------------

  async mine(page: PageQuery, actor: Actor) {
    const expertId = await this.experts.idOfUser(actor.id);
    if (expertId === null) throw forbidden();
    const rows = await this.assignments.pageOfExpert(expertId, page);
    return {
      items: rows.items.map((a) => ({ ...assignmentView(a), applicationTitle: a.title })),
      next: rows.next,
    };
  }

  /** Opening the application: blind where the program says so. A GET: nothing is recorded. */
  async open(assignmentId: string, actor: Actor) {
    const a = await this.ownAssignment(assignmentId, actor);
    if (!mayOpenAssignment(a.status)) throw forbidden();
    const app = (await this.assignments.application(a.applicationId))!;
    const template = await reviewTemplateOf(this.ds, app.call_id);
    const blind = template.rubric.blind;
    return {
      assignment: assignmentView(a),
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

  /** The expert's own assignment; anyone else's is reported as missing. */
  async ownAssignment(assignmentId: string, actor: Actor): Promise<ReviewAssignmentEntity> {
    const found = await this.assignments.byIdFor(assignmentId, actor.id);
    const expertId = found ? found.viewerExpertId : await this.experts.idOfUser(actor.id);
    assertOwnAssignment(actor, expertId, found && { expertId: found.assignment.expertId });
    return found!.assignment;
  }

  /** An invitation of the round named (an officer's command): one of another round is missing. */
  async invitationOfRound(roundId: string, assignmentId: string): Promise<ReviewAssignmentEntity> {
    const a = await this.assignments.byId(assignmentId);
    assertInvitationOfRound(a, roundId);
    return a!;
  }

  async assignment(id: string) {
    return assignmentView((await this.assignments.byId(id))!);
  }

  /** An invitation as officers see it: a required recusal names the officer who required it. */
  async officerAssignment(id: string) {
    const a = (await this.assignments.byId(id))!;
    const by = a.recusedBy ? await this.users.byId(a.recusedBy) : null;
    return {
      ...assignmentView(a),
      recusedBy: a.recusedBy ? { id: a.recusedBy, name: by?.displayName ?? '' } : null,
    };
  }

  /** The rubric an invitation is scored against (its call's template). */
  async rubricOf(a: ReviewAssignmentEntity): Promise<Rubric> {
    const rubric = await this.rubrics.get(a.roundId, async () => {
      const r = await this.roundRow(a.roundId);
      return (await reviewTemplateOf(this.ds, r.callId)).rubric;
    });
    return rubric!;
  }

  async roundRow(id: string): Promise<ReviewRoundEntity> {
    const r = await this.rounds.byId(id);
    if (!r) throw notFound(ROUND);
    return r;
  }
}

/**
 * The panels with more experts of one organisation than the template's maxPerOrganisation, from
 * the seats held now and each expert's organisation as it stands (organisationsOverLimit), with
 * the names an officer reads and each expert's invitation.
 */
function overLimit(
  rows: Awaited<ReturnType<ReviewAssignmentRepository['ofRound']>>,
  maxPerOrganisation: number,
) {
  const seats = rows.map((a) => ({ ...a, organisationKey: a.expertOrganisationKey }));
  return organisationsOverLimit(seats, maxPerOrganisation).map((o) => ({
    applicationId: o.applicationId,
    applicationTitle: o.experts[0].title,
    organisationKey: o.organisationKey,
    organisationName: o.experts[0].expertOrganisation,
    experts: o.experts.map((a) => ({
      id: a.expertId,
      name: a.expertName,
      assignmentId: a.id,
      status: a.status,
      statusLabel: REVIEW_ASSIGNMENT_LABELS[a.status],
    })),
    seats: o.seats,
    limit: o.limit,
  }));
}

function assignmentView(a: ReviewAssignmentEntity) {
  return {
    id: a.id,
    roundId: a.roundId,
    applicationId: a.applicationId,
    expertId: a.expertId,
    status: a.status,
    statusLabel: REVIEW_ASSIGNMENT_LABELS[a.status],
    draw: a.draw,
    affinity: Number(a.affinity),
    replaces: a.replaces,
    respondBy: a.respondBy.toISOString(),
    respondByLocal: formatShanghai(a.respondBy),
    scoreBy: a.scoreBy ? a.scoreBy.toISOString() : null,
    scoreByLocal: a.scoreBy ? formatShanghai(a.scoreBy) : null,
    openedAt: a.openedAt ? a.openedAt.toISOString() : null,
    reason: a.reason,
    recusal: a.recusal,
    recusalLabel: a.recusal ? RECUSAL_LABELS[a.recusal] : null,
    sheet: a.sheet,
    weightedScore: a.weightedScore === null ? null : Number(a.weightedScore),
    submittedAt: a.submittedAt ? a.submittedAt.toISOString() : null,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
