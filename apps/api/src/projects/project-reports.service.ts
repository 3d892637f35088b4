import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertCanConfirmReport,
  assertCanDecideReport,
  assertCanSubmitReport,
  assertCitableAttachments,
  assertMayActOnReport,
  isReportOverdue,
  ProgressReportInput,
  ProjectReportView,
  ProjectView,
  ReportAct,
  ReportDecisionInput,
  reportOf,
  workflowIds,
  Page,
  PageQuery,
  pageInMemory,
} from '@kjflow/domain';
import { AttachmentRepository, ProjectReportRepository, ProjectReportRow } from '@kjflow/persistence';
import {
  confirmProjectReportUpdate,
  decideProjectReportUpdate,
  submitProjectReportUpdate,
} from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { ProjectsQueryService } from './projects-query.service';

/** 进展报告: read by the project's readers; each step is a command to `project-<id>`. */
@Injectable()
export class ProjectReportsService {
  private readonly reports: ProjectReportRepository;
  private readonly attachments: AttachmentRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
  ) {
    this.reports = new ProjectReportRepository(ds);
    this.attachments = new AttachmentRepository(ds);
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

  /** The report cites only files of its project or the project's application (422 naming each other id). */
  submit(id: string, seq: number, content: ProgressReportInput, actor: Actor) {
    return this.command(
      id,
      seq,
      actor,
      'submit',
      assertCanSubmitReport,
      (h) => h.executeUpdate(submitProjectReportUpdate, { args: [{ actorId: actor.id, seq, content }] }),
      async () => {
        const citable = await this.attachments.citable(id, content.attachmentIds);
        assertCitableAttachments(
          content.attachmentIds,
          citable.map((a) => a.id),
        );
      },
    );
  }

  confirm(id: string, seq: number, actor: Actor) {
    return this.command(id, seq, actor, 'confirm', assertCanConfirmReport, (h) =>
      h.executeUpdate(confirmProjectReportUpdate, { args: [{ actorId: actor.id, seq }] }),
    );
  }

  decide(id: string, seq: number, input: ReportDecisionInput, actor: Actor) {
    return this.command(id, seq, actor, 'decide', assertCanDecideReport, (h) =>
      h.executeUpdate(decideProjectReportUpdate, {
        args: [{ actorId: actor.id, seq, decision: input.decision, comment: input.comment }],
      }),
    );
  }

  /** Who may act is checked here; whether the report is in the state for it, by the workflow. */
  private async command(
    id: string,
    seq: number,
    actor: Actor,
    act: ReportAct,
    rule: (projectStatus: ProjectView['status'], seq: number, status: ProjectReportRow['status']) => void,
    send: Parameters<typeof sendCommand>[2],
    checkInput: () => Promise<void> = async () => undefined,
  ): Promise<ProjectReportView> {
    const p = await this.projects.get(id, actor);
    assertMayActOnReport(actor, p, act);
    const row = reportOf(await this.reports.ofProject(id), seq);
    await checkInput();
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(id)),
      () => rule(p.status, seq, row.status),
      send,
    );
    return this.get(id, seq, actor);
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
