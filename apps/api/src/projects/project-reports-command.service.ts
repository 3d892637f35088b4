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
  parseReportContent,
  ProgressReportInput,
  ServiceLogInput,
  ProjectReportView,
  ProjectView,
  ReportAct,
  ReportDecisionInput,
  workflowIds,
} from '@kjflow/domain';
import { AttachmentRepository, ProjectReportRow } from '@kjflow/persistence';
import {
  confirmProjectReportUpdate,
  decideProjectReportUpdate,
  submitProjectReportUpdate,
} from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { ProjectsQueryService } from './projects-query.service';
import { ProjectReportsQueryService } from './project-reports-query.service';

/** 进展报告: each step is a command to `project-<id>`. */
@Injectable()
export class ProjectReportsCommandService {
  private readonly attachments: AttachmentRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
    private readonly query: ProjectReportsQueryService,
  ) {
    this.attachments = new AttachmentRepository(ds);
  }

  /** The report cites only files of its project or the project's application (422 naming each other id). */
  submit(id: string, seq: number, body: Record<string, unknown>, actor: Actor) {
    let content: ProgressReportInput | ServiceLogInput;
    return this.command(
      id,
      seq,
      actor,
      'submit',
      assertCanSubmitReport,
      (h) =>
        h.executeUpdate(submitProjectReportUpdate, {
          args: [{ actorId: actor.id, seq, content }],
        }),
      async (p) => {
        // The program's report kind decides the schema: 进展报告, or 服务日志 for commissioners.
        content = parseReportContent(p.reportKind, body);
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
    checkInput: (p: ProjectView) => Promise<void> = async () => undefined,
  ): Promise<ProjectReportView> {
    const p = await this.projects.get(id, actor);
    assertMayActOnReport(actor, p, act);
    const row = await this.query.row(id, seq);
    await checkInput(p);
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(id)),
      () => rule(p.status, seq, row.status),
      send,
    );
    return this.query.get(id, seq, actor);
  }
}
