import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMidtermStep,
  mayReadMidterm,
  maySeePanelIdentities,
  MidtermPanelView,
  notFound,
  MidtermDecisionInput,
  midtermDecisionsOf,
  midtermStepsAt,
  MidtermFacts,
  MidtermPhase,
  MidtermSubmissionInput,
  MidtermView,
  rectificationOverdue,
} from '@kjflow/domain';
import { MidtermPanelRepository, MidtermRepository } from '@kjflow/persistence';
import { panelOrganisationsOverLimit } from './panel-organisation-limit';
import { panelMemberView } from './panel-members';
import { ProjectsQueryService } from './projects-query.service';

type MidtermRow = NonNullable<Awaited<ReturnType<MidtermRepository['find']>>>;

/** 中期检查 of a project as its readers see it, read from the records. */
@Injectable()
export class MidtermQueryService {
  private readonly midterms: MidtermRepository;
  private readonly panels: MidtermPanelRepository;

  constructor(
    private readonly ds: DataSource,
    private readonly projects: ProjectsQueryService,
  ) {
    this.midterms = new MidtermRepository(ds);
    this.panels = new MidtermPanelRepository(ds);
  }

  /**
   * The check as its reader may see it: the project's readers, and the experts on its panel (the
   * mid-term materials only: the project's other records stay closed to them).
   */
  async get(id: string, actor: Actor): Promise<MidtermView> {
    const p = await this.projects.one(id);
    if (!p || !mayReadMidterm(actor, p, await this.panels.readerUserIds(id)))
      throw notFound({ zh: '项目', en: 'Project' });
    if (!p.midtermAt)
      assertMidtermStep({ status: p.status, midtermAt: null, midterm: null }, 'submit', actor.id);
    const m = await this.midterms.find(id);
    const sub = m?.submission as MidtermSubmissionInput | undefined | null;
    const review = m?.review as {
      opinion: string;
      recommendation: MidtermDecisionInput['decision'];
      by?: 'panel';
    } | null;
    return {
      projectId: id,
      opensAt: p.midtermAt!,
      phase: (m?.phase as MidtermPhase) ?? null,
      round: m?.round ?? 1,
      submission:
        m && sub && m.submittedBy && m.submittedAt
          ? {
              ...sub,
              spentFen: Number(m.spentFen),
              submittedBy: m.submittedBy,
              submittedAt: m.submittedAt.toISOString(),
            }
          : null,
      confirmation:
        m?.confirmation && m.confirmedBy && m.confirmedAt
          ? { opinion: m.confirmation, confirmedBy: m.confirmedBy, confirmedAt: m.confirmedAt.toISOString() }
          : null,
      review:
        m && review && m.reviewedAt
          ? {
              opinion: review.opinion,
              recommendation: review.recommendation,
              reviewedBy: m.reviewedBy,
              reviewedAt: m.reviewedAt.toISOString(),
              by: review.by === 'panel' ? 'panel' : 'officer',
            }
          : null,
      decision:
        m?.decision && m.decidedBy && m.decidedAt
          ? {
              decision: m.decision as MidtermDecisionInput['decision'],
              reasons: m.reasons ?? '',
              changeNote: m.changeNote,
              decidedBy: m.decidedBy,
              decidedAt: m.decidedAt.toISOString(),
            }
          : null,
      panel: await this.panelView(id, m?.round ?? 1, actor),
      fixBy: m?.fixBy ? m.fixBy.toISOString() : null,
      overdue: rectificationOverdue(m ? factsOf(m) : null, Date.now()),
      steps: midtermStepsAt((m?.phase as MidtermPhase) ?? null),
      decisions: midtermDecisionsOf(m?.round ?? 1),
    };
  }

  /** The panel of the check's current round; members' identities for staff and auditors only. */
  private async panelView(projectId: string, round: number, actor: Actor): Promise<MidtermPanelView | null> {
    const panel = await this.panels.current(projectId);
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
      recommendation: panel.recommendation as MidtermPanelView['recommendation'],
      explanation: panel.consolidation?.explanation ?? null,
      meanScore: panel.meanScore === null ? null : Number(panel.meanScore),
      members: members.map((m) => ({
        ...panelMemberView(m, identities),
        recommendation: m.recommendation as MidtermPanelView['recommendation'],
      })),
      organisationsOverLimit: await panelOrganisationsOverLimit(this.ds, panel, members, identities),
    };
  }

  /** The check's facts as the domain rules read them (null before it opened). */
  async facts(projectId: string): Promise<MidtermFacts | null> {
    const m = await this.midterms.find(projectId);
    return m ? factsOf(m) : null;
  }
}

function factsOf(m: MidtermRow): MidtermFacts {
  return {
    phase: m.phase as MidtermPhase,
    round: m.round,
    reviewedBy: m.reviewedBy,
    fixBy: m.fixBy ? m.fixBy.toISOString() : null,
    decision: m.decision as MidtermFacts['decision'],
  };
}
