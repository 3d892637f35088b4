import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayReadProjects,
  dispatchView,
  isActiveProject,
  mayReadProject,
  myProjectsFilter,
  notFound,
  Page,
  PageQuery,
  PortfolioDimension,
  PortfolioRollupView,
  portfolioRollupView,
  ProjectView,
  shanghaiDate,
} from '@kjflow/domain';
import { mapPage, ProjectEntity, ProjectFilter, ProjectRepository } from '@kjflow/persistence';

const PROJECT = { zh: '项目', en: 'Project' };

/**
 * Reading projects: the portfolio (staff and auditors), a PI's or host institution's own, and one
 * project for those who may read it; each with its overdue progress reports.
 */
@Injectable()
export class ProjectsQueryService {
  private readonly projects: ProjectRepository;

  constructor(ds: DataSource) {
    this.projects = new ProjectRepository(ds);
  }

  async page(filter: ProjectFilter, page: PageQuery, actor: Actor): Promise<Page<ProjectView>> {
    assertMayReadProjects(actor);
    return this.pageOf(filter, page);
  }

  /** 项目分布: the portfolio counted per key field or county and status (GROUP BY in the repository). */
  async rollup(
    by: PortfolioDimension,
    filter: Pick<ProjectFilter, 'mode' | 'programCode'>,
    actor: Actor,
  ): Promise<PortfolioRollupView> {
    assertMayReadProjects(actor);
    return portfolioRollupView(by, await this.projects.rollup(by, filter));
  }

  /** A PI's projects, or the host institution's (the domain says whose, or refuses). */
  mine(actor: Actor, page: PageQuery): Promise<Page<ProjectView>> {
    return this.pageOf(myProjectsFilter(actor), page);
  }

  /** One project, to the people who may read it (others: 404, as if it did not exist). */
  async get(id: string, actor: Actor): Promise<ProjectView> {
    const p = await this.one(id);
    if (!p || !mayReadProject(actor, p)) throw notFound(PROJECT);
    return p;
  }

  /** One project, or null (a command's answer: the command service has checked who may act). */
  async one(id: string): Promise<ProjectView | null> {
    return (await this.pageOf({ id }, { limit: 1 })).items[0] ?? null;
  }

  /** Newest start first, each with its progress reports past due. */
  private async pageOf(filter: ProjectFilter, page: PageQuery): Promise<Page<ProjectView>> {
    const now = new Date();
    const rows = await this.projects.page(filter, page, now);
    const ids = rows.items.map((r) => r.id);
    const [overdue, rectifying, acceptance, terms] = await Promise.all([
      this.projects.overdueReports(ids, now),
      this.projects.overdueRectifications(ids, now),
      this.projects.acceptanceOverdue(ids, now),
      this.projects.programTerms(ids),
    ]);
    const today = shanghaiDate(now);
    return mapPage(rows, (r) => {
      const t = terms.get(r.id);
      return {
        ...projectView(r, today, overdue.get(r.id) ?? 0, rectifying.has(r.id), acceptance.get(r.id)),
        dispatch: t?.dispatch ? dispatchView(t.dispatch) : null,
        reportKind: t?.reportKind ?? 'progress',
      };
    });
  }
}

/**
 * A project as the API shows it: `today` (Beijing date), its progress reports past due, a
 * rectification past its deadline and its acceptance's deadlines decide whether it is overdue.
 */
function projectView(
  r: ProjectEntity,
  today: string,
  overdueReports: number,
  rectificationOverdue: boolean,
  /** The acceptance's overdue flag once it has opened (absent: none opened). */
  acceptanceOverdue: boolean | undefined,
): Omit<ProjectView, 'dispatch' | 'reportKind'> {
  // Past its end: overdue only without an acceptance open (then the acceptance's deadlines decide).
  const pastEnd = acceptanceOverdue === undefined && isActiveProject(r.status) && r.endsOn < today;
  return {
    id: r.id,
    programCode: r.programCode,
    title: r.title,
    summary: r.summary,
    piId: r.piId,
    institutionId: r.institutionId,
    status: r.status,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    acceptedOn: r.acceptedOn,
    overdue: pastEnd || overdueReports > 0 || rectificationOverdue || acceptanceOverdue === true,
    source: r.source,
    agreementId: r.agreementId,
    mode: r.mode,
    county: r.county,
    keyField: r.keyField,
    midtermAt: r.midtermAt ? r.midtermAt.toISOString() : null,
    overdueReports,
    unapprovedChange: r.unapprovedChange,
    riskProfile: (r.riskProfile as ProjectView['riskProfile']) ?? null,
  };
}
