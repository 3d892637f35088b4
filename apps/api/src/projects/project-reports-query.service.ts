import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  isReportOverdue,
  ProjectReportView,
  reportOf,
  Page,
  PageQuery,
  pageInMemory,
} from '@kjflow/domain';
import { ProjectReportRepository, ProjectReportRow } from '@kjflow/persistence';
import { ProjectsQueryService } from './projects-query.service';

/** 进展报告, read by the project's readers: the schedule with every version and review. */
@Injectable()
export class ProjectReportsQueryService {
  private readonly reports: ProjectReportRepository;

  constructor(
    ds: DataSource,
    private readonly projects: ProjectsQueryService,
  ) {
    this.reports = new ProjectReportRepository(ds);
  }

  /**
   * The project's scheduled reports in order, with their versions and reviews. A schedule holds at
   * most MAX_SCHEDULED_REPORTS, so it is read whole and paged by report number.
   */
  async list(id: string, page: PageQuery, actor: Actor): Promise<Page<ProjectReportView>> {
    await this.projects.get(id, actor);
    const [rows, versions] = await Promise.all([this.reports.ofProject(id), this.reports.versions(id)]);
    const now = Date.now();
    return pageInMemory(
      rows.map((r) => this.view(id, r, versions, now)),
      page,
      {
        cursorOf: (r) => [r.seq],
        fits: (cursor) => cursor.length === 1 && typeof cursor[0] === 'number',
        after: (r, [seq]) => r.seq > (seq as number),
      },
    );
  }

  async get(id: string, seq: number, actor: Actor): Promise<ProjectReportView> {
    await this.projects.get(id, actor);
    const row = reportOf(await this.reports.ofProject(id), seq);
    return this.view(id, row, await this.reports.versions(id, seq), Date.now());
  }

  /** The report's row (404 for a number outside the schedule). */
  async row(id: string, seq: number): Promise<ProjectReportRow> {
    return reportOf(await this.reports.ofProject(id), seq);
  }

  private view(
    projectId: string,
    r: ProjectReportRow,
    versions: Awaited<ReturnType<ProjectReportRepository['versions']>>,
    now: number,
  ): ProjectReportView {
    const dueAt = r.dueAt.toISOString();
    return {
      projectId,
      seq: r.seq,
      dueAt,
      status: r.status,
      overdue: isReportOverdue(r.status, dueAt, now),
      versions: versions
        .filter((v) => v.seq === r.seq)
        .map((v) => ({
          version: v.version,
          content: v.content,
          submittedBy: v.submittedBy,
          submittedAt: v.submittedAt.toISOString(),
          reviews: v.reviews.map((x) => ({ ...x, at: x.at.toISOString() })),
        })),
    };
  }
}
