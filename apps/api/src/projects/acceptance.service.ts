import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WorkflowHandle } from '@temporalio/client';
import {
  acceptanceName,
  acceptanceVerdictLabel,
  AcceptanceConclusion,
  AcceptancePanelView,
  mayReadMidterm,
  maySeePanelIdentities,
  MidtermPanelConveneInput,
  AcceptanceDecisionInput,
  AcceptanceDossierInput,
  acceptanceOverdue,
  AcceptancePhase,
  AcceptanceStep,
  AcceptanceVerdict,
  AcceptanceView,
  Actor,
  acceptanceStepsAt,
  allowedVerdicts,
  assertAcceptanceActor,
  assertAcceptanceObjectionOpen,
  assertAcceptanceStep,
  assertDossierAttachments,
  assertDossierIndicators,
  dossierCompletion,
  dossierAttachments,
  dossierSpentFen,
  notFound,
  ProjectKind,
  suggestedVerdict,
  workflowIds,
} from '@kjflow/domain';
import {
  AcceptanceRepository,
  AcceptanceRow,
  AttachmentRepository,
  MidtermPanelRepository,
} from '@kjflow/persistence';
import {
  answerAcceptanceObjectionUpdate,
  checkAcceptanceUpdate,
  confirmAcceptanceUpdate,
  decideAcceptanceUpdate,
  objectAcceptanceUpdate,
  conveneAcceptancePanelUpdate,
  reviewAcceptanceUpdate,
  submitAcceptanceUpdate,
} from '@kjflow/workflows';
import { panelOrganisationsOverLimit } from './panel-organisation-limit';
import { panelMemberView } from './panel-members';
import { ProjectsQueryService } from './projects-query.service';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { commandId } from '../common/command-context';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** 验收 of a project: commands through `project-<id>`, reads from the records. */
@Injectable()
export class AcceptanceService {
  private readonly acceptances: AcceptanceRepository;
  private readonly attachments: AttachmentRepository;
  private readonly panels: MidtermPanelRepository;

  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
  ) {
    this.acceptances = new AcceptanceRepository(ds);
    this.attachments = new AttachmentRepository(ds);
    this.panels = new MidtermPanelRepository(ds);
  }

  /** The acceptance as every party of the project reads it (404 to others). */
  /**
   * The acceptance as its readers see it: the project's readers, and the experts on its panel (the
   * acceptance materials only: the project's other records stay closed to them).
   */
  async get(id: string, actor: Actor): Promise<AcceptanceView> {
    const p = await this.projects.one(id);
    if (!p || !mayReadMidterm(actor, p, await this.panels.readerUserIds(id, 'acceptance')))
      throw notFound({ zh: '项目', en: 'Project' });
    const a = await this.acceptances.find(id);
    const objections = a ? await this.acceptances.objections(id) : [];
    const kind = (await this.acceptances.terms(id)).projectKind ?? 'research';
    return {
      ...this.view(id, a, objections, p.unapprovedChange ? 1 : 0, kind),
      panel: await this.panelView(id, a?.round ?? 1, actor),
    };
  }

  /** The panel of the current round; members' identities for staff and auditors only. */
  private async panelView(
    projectId: string,
    round: number,
    actor: Actor,
  ): Promise<AcceptancePanelView | null> {
    const panel = await this.panels.current(projectId, 'acceptance');
    if (!panel || panel.round !== round) return null;
    const identities = maySeePanelIdentities(actor);
    const members = await this.panels.members(panel.id);
    return {
      id: panel.id,
      round: panel.round,
      convenedBy: panel.convenedBy,
      convenedAt: panel.convenedAt.toISOString(),
      deadline: panel.deadline.toISOString(),
      seed: Number(panel.seed),
      status: panel.status,
      recommendation: panel.recommendation as AcceptanceVerdict | null,
      findings: panel.findings,
      explanation: panel.consolidation?.explanation ?? null,
      meanScore: panel.meanScore === null ? null : Number(panel.meanScore),
      members: members.map((m) => ({
        ...panelMemberView(m, identities),
        recommendation: m.recommendation as AcceptanceVerdict | null,
        falseMaterial: m.falseMaterial,
        spendingIssues: m.spendingIssues,
      })),
      organisationsOverLimit: await panelOrganisationsOverLimit(this.ds, panel, members, identities),
    };
  }

  private view(
    id: string,
    a: AcceptanceRow | null,
    objections: Awaited<ReturnType<AcceptanceRepository['objections']>>,
    unapprovedChanges: number,
    kind: ProjectKind,
  ): Omit<AcceptanceView, 'panel'> {
    const completion = a?.completion != null ? Number(a.completion) : null;
    const late = a?.late ?? false;
    const facts = {
      completion: completion ?? 0,
      unapprovedChanges,
      falseMaterial: a?.review?.falseMaterial ?? false,
      spendingIssues: a?.review?.spendingIssues ?? false,
      late,
    };
    const deciding = a?.phase === 'reviewed';
    const s = a?.settlement as {
      paidFen: number;
      spentFen: number;
      surplusFen: number;
      surplusKept: boolean;
      surplusReason: string | null;
      recovery: { id: string } | null;
    } | null;
    const totals = (a?.dossier as { serviceTotals?: AcceptanceView['serviceTotals'] } | null)?.serviceTotals;
    return {
      projectId: id,
      kind,
      name: acceptanceName(kind),
      verdictLabel: a?.verdict
        ? acceptanceVerdictLabel(a.verdict as AcceptanceVerdict, a.excellent, kind)
        : null,
      serviceTotals: kind === 'dispatch' ? (totals ?? null) : null,
      phase: (a?.phase as AcceptancePhase) ?? null,
      steps: acceptanceStepsAt((a?.phase as AcceptancePhase) ?? null),
      round: a?.round ?? 1,
      applyBy: iso(a?.apply_by ?? null),
      failsAt: iso(a?.fails_at ?? null),
      overdue: acceptanceOverdue(
        a && { phase: a.phase as AcceptancePhase, applyBy: a.apply_by.toISOString(), fixBy: iso(a.fix_by) },
        Date.now(),
      ),
      completion,
      suggestedVerdict: deciding ? suggestedVerdict(facts, a.round, kind) : null,
      allowedVerdicts: deciding ? allowedVerdicts(facts, a.round, kind) : [],
      dossier: a?.dossier ?? null,
      spentFen: a?.spent_fen != null ? Number(a.spent_fen) : null,
      late,
      submittedBy: a?.submitted_by ?? null,
      submittedAt: iso(a?.submitted_at ?? null),
      confirmation:
        a?.confirmation && a.confirmed_by && a.confirmed_at
          ? {
              opinion: a.confirmation,
              confirmedBy: a.confirmed_by,
              confirmedAt: a.confirmed_at.toISOString(),
            }
          : null,
      check:
        a?.formal_check && a.checked_by && a.checked_at
          ? {
              complete: a.formal_check.complete,
              findings: a.formal_check.findings,
              late,
              unapprovedChanges: a.formal_check.unapprovedChanges,
              checkedBy: a.checked_by,
              checkedAt: a.checked_at.toISOString(),
            }
          : null,
      review:
        a?.review && a.reviewed_at
          ? {
              opinion: a.review.opinion,
              recommendation: a.review.recommendation as AcceptanceVerdict,
              falseMaterial: a.review.falseMaterial,
              spendingIssues: a.review.spendingIssues,
              by: a.review.by === 'panel' ? 'panel' : 'officer',
              reviewedBy: a.reviewed_by,
              reviewedAt: a.reviewed_at.toISOString(),
            }
          : null,
      fixBy: iso(a?.fix_by ?? null),
      verdict: (a?.verdict as AcceptanceVerdict) ?? null,
      excellent: a?.excellent ?? false,
      reasons: a?.reasons ?? null,
      automatic: (a?.automatic as AcceptanceView['automatic']) ?? null,
      decidedBy: a?.decided_by ?? null,
      decidedAt: iso(a?.decided_at ?? null),
      objectionsUntil: iso(a?.objections_until ?? null),
      objections: objections.map((o) => ({
        id: o.id,
        name: o.name,
        reasons: o.reasons,
        filedAt: o.filed_at.toISOString(),
        outcome: o.outcome as 'dismissed' | 'upheld' | null,
        reply: o.reply,
        answeredAt: iso(o.answered_at),
      })),
      settlement: s
        ? {
            paidFen: s.paidFen,
            spentFen: s.spentFen,
            surplusFen: s.surplusFen,
            surplusKept: s.surplusKept,
            surplusReason: s.surplusReason,
            recoveryOrderId: s.recovery?.id ?? null,
          }
        : null,
    };
  }

  /** Where the records say acceptance stands (the rule explains a refusal once the run has ended). */
  private async stepFacts(id: string) {
    const a = await this.acceptances.find(id);
    return {
      phase: (a?.phase as AcceptancePhase) ?? null,
      objectionsUntil: iso(a?.objections_until ?? null),
    };
  }

  /** One step: read access (404), the step's party (403), then the project's workflow decides. */
  private async step(
    id: string,
    actor: Actor,
    step: Exclude<AcceptanceStep, 'object'>,
    send: (h: WorkflowHandle) => Promise<unknown>,
    checkInput: () => Promise<void> = async () => undefined,
  ): Promise<AcceptanceView> {
    const p = await this.projects.get(id, actor);
    assertAcceptanceActor(actor, p, step);
    await checkInput();
    const facts = await this.stepFacts(id);
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(id)),
      () => assertAcceptanceStep(facts, step, Date.now()),
      send,
    );
    return this.get(id, actor);
  }

  /**
   * The dossier reports every agreement indicator at its target and cites only the project's files
   * (422 naming each other one); completion (on the agreement's indicators) and spending from it.
   */
  async submit(id: string, dossier: AcceptanceDossierInput, actor: Actor) {
    const agreed = await this.acceptances.agreedIndicators(id);
    return this.step(
      id,
      actor,
      'submit',
      (h) =>
        h.executeUpdate(submitAcceptanceUpdate, {
          args: [
            {
              actorId: actor.id,
              dossier: dossier as unknown as Record<string, unknown>,
              completion: dossierCompletion(agreed, dossier.indicators),
              spentFen: dossierSpentFen(dossier),
              auditReportId: dossier.auditReportId,
            },
          ],
        }),
      async () => {
        assertDossierIndicators(agreed, dossier.indicators);
        const cited = dossierAttachments(dossier).map((a) => a.id);
        const citable = await this.attachments.citable(id, cited);
        assertDossierAttachments(
          dossier,
          citable.map((a) => a.id),
        );
      },
    );
  }

  confirm(id: string, input: { opinion: string }, actor: Actor) {
    return this.step(id, actor, 'confirm', (h) =>
      h.executeUpdate(confirmAcceptanceUpdate, { args: [{ actorId: actor.id, opinion: input.opinion }] }),
    );
  }

  check(id: string, input: { complete: boolean; findings: string }, actor: Actor) {
    return this.step(id, actor, 'check', (h) =>
      h.executeUpdate(checkAcceptanceUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
  }

  review(
    id: string,
    input: {
      opinion: string;
      recommendation: AcceptanceVerdict;
      falseMaterial: boolean;
      spendingIssues: boolean;
    },
    actor: Actor,
  ) {
    return this.step(id, actor, 'review', (h) =>
      h.executeUpdate(reviewAcceptanceUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
  }

  /**
   * 召集验收专家组: drawn by the engine from the pool (the project's key field, or the part
   * given), ≥ 5 and odd with a finance expert, the issuer's representative for a challenge; the
   * seed is chosen here (uint32) and recorded with the panel.
   */
  convene(id: string, input: MidtermPanelConveneInput, actor: Actor) {
    const seed = randomInt(0, 0xffffffff);
    return this.step(id, actor, 'convene', (h) =>
      h.executeUpdate(conveneAcceptancePanelUpdate, {
        args: [{ actorId: actor.id, seed, pool: input.pool ?? null }],
      }),
    );
  }

  decide(id: string, input: AcceptanceDecisionInput, actor: Actor) {
    return this.step(id, actor, 'decide', (h) =>
      h.executeUpdate(decideAcceptanceUpdate, {
        args: [
          { actorId: actor.id, verdict: input.verdict, reasons: input.reasons, excellent: input.excellent },
        ],
      }),
    );
  }

  answer(
    id: string,
    objectionId: string,
    input: { outcome: 'dismissed' | 'upheld'; reply: string },
    actor: Actor,
  ) {
    return this.step(
      id,
      actor,
      'answer_objection',
      (h) =>
        h.executeUpdate(answerAcceptanceObjectionUpdate, {
          args: [{ actorId: actor.id, objectionId, ...input }],
        }),
      async () =>
        assertAcceptanceObjectionOpen(
          (await this.acceptances.objections(id)).map((o) => ({ id: o.id, status: o.outcome ?? 'open' })),
          objectionId,
        ),
    );
  }

  /**
   * 异议: any signed-in user, named, while the conclusion is published and its window open. The
   * objector may not read the project's file: the answer is the receipt of the objection.
   */
  async object(
    id: string,
    input: { name: string; reasons: string },
    actor: Actor,
  ): Promise<{ id: string; projectId: string; filedAt: string }> {
    if (!(await this.projects.one(id))) throw notFound({ zh: '项目', en: 'Project' });
    const facts = await this.stepFacts(id);
    assertAcceptanceStep(facts, 'object', Date.now());
    const objectionId = commandId();
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(id)),
      () => assertAcceptanceStep(facts, 'object', Date.now()),
      (h) =>
        h.executeUpdate(objectAcceptanceUpdate, {
          args: [{ objectionId, actorId: actor.id, name: input.name, reasons: input.reasons }],
        }),
    );
    const o = (await this.acceptances.objections(id)).find((x) => x.id === objectionId)!;
    return { id: o.id, projectId: id, filedAt: o.filed_at.toISOString() };
  }

  /** 验收结论公示: the published conclusions, newest first (no login). */
  async conclusions(limit: number): Promise<{ items: AcceptanceConclusion[] }> {
    const rows = await this.acceptances.published(limit);
    return {
      items: rows.map((r) => ({
        projectId: r.project_id,
        title: r.title,
        institution: r.institution,
        kind: r.project_kind ?? 'research',
        verdict: r.verdict as AcceptanceVerdict,
        verdictLabel: acceptanceVerdictLabel(r.verdict as AcceptanceVerdict, r.excellent, r.project_kind).zh,
        excellent: r.excellent,
        reasons: r.reasons,
        final: r.phase === 'final',
        publishedAt: r.decided_at.toISOString(),
        objectionsUntil: r.objections_until.toISOString(),
      })),
    };
  }
}
