import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor,
  reportContentInputSchema,
  projectReportViewSchema,
  ReportDecisionInput,
  reportDecisionSchema,
  PageQuery,
  pageQuerySchema,
  pageSchema,
} from '@kjflow/domain';
import { IdParam, idParamSchema } from '../common/params';
import { Endpoint } from '../common/endpoint.decorator';
import { CurrentUser } from '../common/request-user';
import { ProjectReportsCommandService } from './project-reports-command.service';
import { ProjectReportsQueryService } from './project-reports-query.service';

const TAGS = ['projects'];
const reportParams = z.object({ id: z.uuid(), seq: z.coerce.number().int().min(1).max(120) });
type ReportParams = z.infer<typeof reportParams>;

/** 进展报告 (issue 15 §2): a project's progress reports, sub-resources of /projects/:id. */
@Controller('projects/:id/reports')
export class ProjectReportsController {
  constructor(
    private readonly reports: ProjectReportsCommandService,
    private readonly reads: ProjectReportsQueryService,
  ) {}

  @Get()
  @Endpoint({
    summary:
      '进展报告 The project’s scheduled progress reports, each with its status, due date, versions and reviews (staff, auditors, the PI, the host institution)',
    tags: TAGS,
    params: idParamSchema,
    query: pageQuerySchema,
    response: pageSchema(projectReportViewSchema),
  })
  list(@Param() { id }: IdParam, @Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.reads.list(id, page, actor);
  }

  @Get(':seq')
  @Endpoint({
    summary: '进展报告 One progress report with every version and its reviews',
    tags: TAGS,
    params: reportParams,
    response: projectReportViewSchema,
  })
  get(@Param() { id, seq }: ReportParams, @CurrentUser() actor: Actor) {
    return this.reads.get(id, seq, actor);
  }

  @Post(':seq/submission')
  @Endpoint({
    summary:
      '提交进展报告 The PI submits the report (progress, milestones, indicators, spending by category in fen, problems, outcomes, attachments; or, where the program’s reportKind is service_log, a 服务日志: visits, trainings, technologies, problems solved); a returned report is submitted again as a new version',
    tags: TAGS,
    roles: ['applicant'],
    params: reportParams,
    body: reportContentInputSchema,
    status: 200,
    command: true,
    errors: { 403: 'Only the project’s PI submits its reports' },
    response: projectReportViewSchema,
  })
  submit(
    @Param() { id, seq }: ReportParams,
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: Actor,
  ) {
    return this.reports.submit(id, seq, body, actor);
  }

  @Post(':seq/confirmation')
  @Endpoint({
    summary: '单位确认 The host institution confirms the submitted report',
    tags: TAGS,
    roles: ['institution_admin'],
    params: reportParams,
    status: 200,
    command: true,
    errors: { 403: 'Only the project’s host institution confirms its reports' },
    response: projectReportViewSchema,
  })
  confirm(@Param() { id, seq }: ReportParams, @CurrentUser() actor: Actor) {
    return this.reports.confirm(id, seq, actor);
  }

  @Post(':seq/decision')
  @Endpoint({
    summary:
      '审核进展报告 The bureau accepts the confirmed report (final) or returns it with a comment for a new version',
    tags: TAGS,
    roles: ['officer', 'admin'],
    params: reportParams,
    body: reportDecisionSchema,
    status: 200,
    command: true,
    response: projectReportViewSchema,
  })
  decide(@Param() { id, seq }: ReportParams, @Body() body: ReportDecisionInput, @CurrentUser() actor: Actor) {
    return this.reports.decide(id, seq, body, actor);
  }
}
