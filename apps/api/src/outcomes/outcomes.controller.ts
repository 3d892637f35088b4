import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  Actor,
  AUDIT_ROLES,
  countySchema,
  keyFieldSchema,
  OUTCOME_STATUSES,
  OutcomeDecisionInput,
  outcomeDecisionInputSchema,
  OutcomeInput,
  outcomeInputSchema,
  outcomeTypeSchema,
  outcomeViewSchema,
  pageQuerySchema,
  pageSchema,
  planIndicatorViewSchema,
  PLANS,
  rollupQuerySchema,
  rollupViewSchema,
  STAFF_ROLES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { sendXlsx, XLSX_MEDIA_TYPE } from '../common/xlsx';
import { OutcomeRollupQueryService } from './outcome-rollup-query.service';
import { OutcomesCommandService } from './outcomes-command.service';
import { OutcomesQueryService } from './outcomes-query.service';

const TAGS = ['outcomes'];
const HOLDERS = ['applicant', 'institution_admin'] as const;
const listQuerySchema = pageQuerySchema.extend({
  projectId: z.uuid().optional(),
  status: z.enum(OUTCOME_STATUSES).optional(),
  type: outcomeTypeSchema.optional(),
  keyField: keyFieldSchema.optional(),
  county: countySchema.optional(),
  programCode: z.string().trim().min(2).max(64).optional().describe('The program template code'),
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('Year of the outcome’s date'),
});
const sheetQuerySchema = z.object({ plan: z.enum(PLANS).optional() });

/** 成果 (issue 16 §3): outcomes of projects, their verification, and the roll-ups against the plan. */
@Controller()
export class OutcomesController {
  constructor(
    private readonly commands: OutcomesCommandService,
    private readonly outcomes: OutcomesQueryService,
    private readonly rollups: OutcomeRollupQueryService,
  ) {}

  @Post('projects/:id/outcomes')
  @Endpoint({
    summary:
      '登记成果 Register an outcome of the project with its evidence (its PI or host institution); key field and county are the project’s unless the evidence says otherwise (placementNote)',
    tags: TAGS,
    roles: [...HOLDERS],
    params: idParamSchema,
    body: outcomeInputSchema,
    response: outcomeViewSchema,
    status: 201,
    command: true,
    errors: { 404: 'No such project, or not yours' },
  })
  register(@Param() { id }: IdParam, @Body() body: OutcomeInput, @CurrentUser() actor: Actor) {
    return this.commands.register(id, body, actor);
  }

  @Get('projects/:id/outcomes')
  @Endpoint({
    summary: '项目成果 The project’s outcomes, newest first (staff, auditors, the PI, the host institution)',
    tags: TAGS,
    params: idParamSchema,
    query: pageQuerySchema,
    response: pageSchema(outcomeViewSchema),
    errors: { 404: 'No such project, or not yours' },
  })
  ofProject(
    @Param() { id }: IdParam,
    @Query() page: z.output<typeof pageQuerySchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.outcomes.ofProject(id, page, actor);
  }

  @Get('outcomes')
  @Endpoint({
    summary:
      '成果库 Every outcome, by project, status, type, key field, county, program or year (staff and auditors)',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: listQuerySchema,
    response: pageSchema(outcomeViewSchema),
  })
  list(@Query() { limit, next, ...filter }: z.output<typeof listQuerySchema>, @CurrentUser() actor: Actor) {
    return this.outcomes.page(filter, { limit, next }, actor);
  }

  @Get('outcomes/rollup')
  @Endpoint({
    summary:
      '成果统计 Verified outcomes against the plan’s indicators, by indicator, key field, county, program or year, each number with the projects behind it; and by outcome type (staff and auditors)',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: rollupQuerySchema,
    response: rollupViewSchema,
  })
  rollup(@Query() q: z.output<typeof rollupQuerySchema>, @CurrentUser() actor: Actor) {
    return this.rollups.rollup(q.by, q.plan, actor);
  }

  @Get('outcomes/rollup.xlsx')
  @Endpoint({
    summary: '成果统计表 The roll-ups as an .xlsx workbook, one sheet per split and one of outcome types',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: sheetQuerySchema,
    download: { mediaTypes: [XLSX_MEDIA_TYPE], description: 'The same numbers as GET /outcomes/rollup' },
  })
  async sheet(
    @Query() q: z.output<typeof sheetQuerySchema>,
    @CurrentUser() actor: Actor,
    @Res() res: FastifyReply,
  ) {
    return sendXlsx(res, 'outcomes-rollup.xlsx', await this.rollups.xlsx(q.plan, actor));
  }

  @Get('outcomes/:id')
  @Endpoint({
    summary: '成果 One outcome (staff, auditors, the PI, the host institution)',
    tags: TAGS,
    params: idParamSchema,
    response: outcomeViewSchema,
    errors: { 404: 'No such outcome, or not yours' },
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.outcomes.get(id, actor);
  }

  @Post('outcomes/:id/resubmission')
  @Endpoint({
    summary: '重新提交 Submit a returned outcome again, corrected (its PI or host institution)',
    tags: TAGS,
    roles: [...HOLDERS],
    params: idParamSchema,
    body: outcomeInputSchema,
    response: outcomeViewSchema,
    status: 200,
    command: true,
    errors: { 404: 'No such outcome, or not yours', 409: 'Not returned for revision' },
  })
  resubmit(@Param() { id }: IdParam, @Body() body: OutcomeInput, @CurrentUser() actor: Actor) {
    return this.commands.resubmit(id, body, actor);
  }

  @Post('outcomes/:id/verification')
  @Endpoint({
    summary:
      '核实成果 Verify an outcome, return it with comments, or reject it with reasons (staff); only verified outcomes count',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: outcomeDecisionInputSchema,
    response: outcomeViewSchema,
    status: 200,
    command: true,
    errors: { 404: 'No such outcome', 409: 'Not awaiting verification' },
  })
  verify(@Param() { id }: IdParam, @Body() body: OutcomeDecisionInput, @CurrentUser() actor: Actor) {
    return this.commands.verify(id, body, actor);
  }

  @Get('plan-indicators')
  @Endpoint({
    summary:
      '规划指标 The plan’s indicators (seed 004 表2 with 2020 base and 2025 target; the 2022 targets of seed 002), each with its source line and the outcome types that count for it (public)',
    tags: TAGS,
    public: true,
    response: z.object({ items: z.array(planIndicatorViewSchema) }),
  })
  async planIndicators() {
    return { items: await this.outcomes.planIndicators() };
  }
}
