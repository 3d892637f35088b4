import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor,
  appealSchema,
  AUDIT_ROLES,
  caseDecisionSchema,
  extensionSchema,
  findingSchema,
  ReportCaseInput,
  reportCaseSchema,
  reviewSchema,
  STAFF_ROLES,
  pageQuerySchema,
  pageSchema,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { CasesCommandService } from './cases-command.service';
import { CasesQueryService } from './cases-query.service';
import { caseListItemSchema, caseListQuerySchema, caseViewSchema } from './credit.schemas';

const listQuerySchema = caseListQuerySchema.extend(pageQuerySchema.shape);

const TAGS = ['misconduct cases 失信案件'];

@Controller('misconduct-cases')
export class CasesController {
  constructor(
    private readonly commands: CasesCommandService,
    private readonly cases: CasesQueryService,
  ) {}

  @Post()
  @Endpoint({
    summary: '受理举报 Register a misconduct report',
    tags: TAGS,
    roles: STAFF_ROLES,
    body: reportCaseSchema,
    response: caseViewSchema,
    status: 201,
    command: true,
  })
  report(@Body() body: ReportCaseInput, @CurrentUser() actor: Actor) {
    return this.commands.report(body, actor);
  }

  @Get()
  @Endpoint({
    summary: '案件列表 Every case, newest report first, by status (staff and auditors)',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: listQuerySchema,
    response: pageSchema(caseListItemSchema),
  })
  list(@Query() { limit, next, ...filter }: z.output<typeof listQuerySchema>, @CurrentUser() actor: Actor) {
    return this.cases.page(filter, { limit, next }, actor);
  }

  @Get(':id')
  @Endpoint({
    summary: '案件详情 A case (staff, auditors, and its subject)',
    tags: TAGS,
    errors: { 403: 'Only staff, auditors and the subject of the case read it' },
    params: idParamSchema,
    response: caseViewSchema,
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.cases.get(id, actor);
  }

  @Post(':id/decision')
  @Endpoint({
    summary: '立案或不予立案 Accept for investigation or dismiss (reason)',
    tags: TAGS,
    // Anyone logged in may ask; the case decides (invisible to all but staff, auditors and its subject).
    errors: { 403: 'Not a party to the case, or not the role this step needs' },
    params: idParamSchema,
    body: caseDecisionSchema,
    response: caseViewSchema,
    status: 200,
    command: true,
  })
  decide(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof caseDecisionSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.commands.act(id, 'decide', body, actor);
  }

  @Post(':id/extension')
  @Endpoint({
    summary: '延长调查期限 Extend the investigation once',
    tags: TAGS,
    // Anyone logged in may ask; the case decides (invisible to all but staff, auditors and its subject).
    errors: { 403: 'Not a party to the case, or not the role this step needs' },
    params: idParamSchema,
    body: extensionSchema,
    response: caseViewSchema,
    status: 200,
    command: true,
  })
  extend(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof extensionSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.commands.act(id, 'extend', body, actor);
  }

  @Post(':id/finding')
  @Endpoint({
    summary: '作出处理决定 Record the finding and sanctions; the appeal window opens',
    tags: TAGS,
    // Anyone logged in may ask; the case decides (invisible to all but staff, auditors and its subject).
    errors: { 403: 'Not a party to the case, or not the role this step needs' },
    params: idParamSchema,
    body: findingSchema,
    response: caseViewSchema,
    status: 200,
    command: true,
  })
  finding(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof findingSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.commands.act(id, 'finding', body, actor);
  }

  @Post(':id/appeal')
  @Endpoint({
    summary: '申诉 Appeal within the window (the subject)',
    tags: TAGS,
    // Anyone logged in may ask; the case decides (invisible to all but staff, auditors and its subject).
    errors: { 403: 'Not a party to the case, or not the role this step needs' },
    params: idParamSchema,
    body: appealSchema,
    response: caseViewSchema,
    status: 200,
    command: true,
  })
  appeal(@Param() { id }: IdParam, @Body() body: z.infer<typeof appealSchema>, @CurrentUser() actor: Actor) {
    return this.commands.act(id, 'appeal', body, actor);
  }

  @Post(':id/review')
  @Endpoint({
    summary: '复查结论 Review outcome: upheld, changed (new severity) or overturned',
    tags: TAGS,
    // Anyone logged in may ask; the case decides (invisible to all but staff, auditors and its subject).
    errors: { 403: 'Not a party to the case, or not the role this step needs' },
    params: idParamSchema,
    body: reviewSchema,
    response: caseViewSchema,
    status: 200,
    command: true,
  })
  review(@Param() { id }: IdParam, @Body() body: z.infer<typeof reviewSchema>, @CurrentUser() actor: Actor) {
    return this.commands.act(id, 'review', body, actor);
  }
}
