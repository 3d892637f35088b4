import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  Actor,
  applicationContentViewSchema,
  applicationDetailSchema,
  applicationStatusSchema,
  applicationSummarySchema,
  AUDIT_ROLES,
  batchDecisionSchema,
  checklistItemSchema,
  checklistSchema,
  errorBodySchema,
  CreateApplicationInput,
  EndorsementDecisionInput,
  endorsementDecisionSchema,
  createApplicationSchema,
  FormalCheckDecisionInput,
  formalCheckDecisionSchema,
  PageQuery,
  pageQuerySchema,
  pageSchema,
  PatchApplicationInput,
  patchApplicationSchema,
  STAFF_ROLES,
  withdrawalSchema,
} from '@kjflow/domain';
import { etag, ifMatchHeaderSchema, parseIfMatch } from '../common/etag';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { ApplicationsCommandService } from './applications-command.service';
import { ApplicationsQueryService } from './applications-query.service';

const TAGS = ['applications'];
const submitSchema = z.object({
  integrityPledge: z
    .boolean()
    .optional()
    .describe('The PI signs the research-integrity pledge with this submission (if not signed before)'),
});
const passedListSchema = z.object({
  callId: z.uuid(),
  callTitle: z.string(),
  publishedAt: z.string(),
  applications: z.array(z.object({ id: z.uuid(), title: z.string(), institution: z.string().nullable() })),
});
@Controller()
export class ApplicationsController {
  constructor(
    private readonly commands: ApplicationsCommandService,
    private readonly queries: ApplicationsQueryService,
  ) {}

  @Post('applications')
  @Endpoint({
    summary: '新建申报书草稿 Start an application draft for a call',
    tags: TAGS,
    roles: ['applicant'],
    body: createApplicationSchema,
    response: applicationDetailSchema,
    status: 201,
    command: true,
  })
  async create(
    @Body() body: CreateApplicationInput,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const view = await this.commands.create(body, actor);
    void res.header('ETag', etag(view.version));
    return view;
  }

  @Get('applications/mine')
  @Endpoint({
    summary: '我的申报书 My applications',
    tags: TAGS,
    roles: ['applicant'],
    query: pageQuerySchema,
    response: pageSchema(applicationSummarySchema),
  })
  mine(@CurrentUser() actor: Actor, @Query() page: PageQuery) {
    return this.queries.mine(actor, page);
  }

  @Get('applications/institution')
  @Endpoint({
    summary:
      '本单位申报书 Applications of my institution (as host, e.g. awaiting endorsement) or the bids on its challenges (as issuer)',
    tags: TAGS,
    roles: ['institution_admin'],
    // The filters first, then the paging (the order in which an unknown parameter's refusal lists them).
    query: z
      .object({
        status: applicationStatusSchema.optional(),
        as: z.enum(['host', 'issuer']).default('host'),
      })
      .extend(pageQuerySchema.shape),
    response: pageSchema(applicationSummarySchema),
  })
  ofInstitution(
    @CurrentUser() actor: Actor,
    @Query() q: PageQuery & { status?: z.infer<typeof applicationStatusSchema>; as: 'host' | 'issuer' },
  ) {
    const { status, as, ...page } = q;
    return this.queries.ofInstitution(actor, page, status, as);
  }

  @Get('applications/:id/versions')
  @Endpoint({
    summary: '提交版本 The submitted versions, as submitted, in order of submission',
    tags: TAGS,
    params: idParamSchema,
    query: pageQuerySchema,
    response: pageSchema(
      z.object({
        submission: z.number().int(),
        submittedAt: z.string(),
        content: applicationContentViewSchema,
      }),
    ),
  })
  versions(@Param() { id }: IdParam, @Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.queries.versions(id, actor, page);
  }

  @Get('applications/:id/versions/diff')
  @Endpoint({
    summary: '版本比较 What changed between two submitted versions, field by field',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    query: z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() }),
    response: z.object({
      from: z.number().int(),
      to: z.number().int(),
      changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
    }),
  })
  diff(@Param() { id }: IdParam, @Query() q: { from: number; to: number }, @CurrentUser() actor: Actor) {
    return this.queries.diff(id, q.from, q.to, actor);
  }

  @Post('applications/:id/endorsement')
  @Endpoint({
    summary:
      '单位推荐 Endorse to the bureau (before the deadline) or return with comments (host institution admin)',
    tags: TAGS,
    roles: ['institution_admin'],
    params: idParamSchema,
    body: endorsementDecisionSchema,
    response: applicationDetailSchema,
    status: 200,
    command: true,
  })
  endorse(@Param() { id }: IdParam, @Body() body: EndorsementDecisionInput, @CurrentUser() actor: Actor) {
    return this.commands.endorse(id, body, actor);
  }

  @Get('applications/:id')
  @Endpoint({
    summary: '申报书详情及状态历史 An application with its status history',
    tags: TAGS,
    params: idParamSchema,
    response: applicationDetailSchema,
    headers: { response: { ETag: 'The version, for If-Match on PATCH' } },
  })
  async get(
    @Param() { id }: IdParam,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const view = await this.queries.get(id, actor);
    void res.header('ETag', etag(view.version));
    return view;
  }

  @Patch('applications/:id')
  @Endpoint({
    summary: '修改草稿 Edit a draft or returned application (If-Match for optimistic concurrency)',
    tags: TAGS,
    roles: ['applicant'],
    params: idParamSchema,
    body: patchApplicationSchema,
    response: applicationDetailSchema,
    headers: { request: ifMatchHeaderSchema, response: { ETag: 'The new version' } },
    command: true,
  })
  async edit(
    @Param() { id }: IdParam,
    @Body() body: PatchApplicationInput,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const view = await this.commands.edit(id, body, actor, parseIfMatch(ifMatch));
    void res.header('ETag', etag(view.version));
    return view;
  }

  @Post('applications/:id/submit')
  @Endpoint({
    summary:
      '提交申报书 Submit (or resubmit) while the window is open; the server clock decides; the answer carries the formal-check rules as warnings',
    tags: TAGS,
    roles: ['applicant'],
    params: idParamSchema,
    body: submitSchema,
    response: applicationDetailSchema.extend({ checklist: z.array(checklistItemSchema) }),
    status: 200,
    command: true,
  })
  submit(@Param() { id }: IdParam, @Body() body: z.infer<typeof submitSchema>, @CurrentUser() actor: Actor) {
    return this.commands.submit(id, body, actor);
  }

  @Post('applications/:id/withdrawal')
  @Endpoint({
    summary: '撤回申报 Withdraw the application (until the formal-check decision)',
    tags: TAGS,
    roles: ['applicant'],
    params: idParamSchema,
    body: withdrawalSchema,
    response: applicationDetailSchema,
    status: 200,
    command: true,
  })
  withdraw(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof withdrawalSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.commands.withdraw(id, body, actor);
  }

  @Post('applications/:id/integrity-pledge')
  @Endpoint({
    summary:
      '签署科研诚信承诺 Sign the research-integrity pledge: the PI for themself, the host institution’s admin for the institution (endorsing signs it too)',
    tags: TAGS,
    roles: ['applicant', 'institution_admin'],
    params: idParamSchema,
    response: applicationDetailSchema.shape.pledges,
    status: 200,
    command: true,
  })
  signPledge(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.commands.signPledge(id, actor);
  }

  @Post('applications/:id/formal-check')
  @Endpoint({
    summary: '形式审查决定 Formal-check decision: pass, return (with reason) or reject (with reason)',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: formalCheckDecisionSchema,
    response: applicationDetailSchema,
    status: 200,
    command: true,
  })
  decide(@Param() { id }: IdParam, @Body() body: FormalCheckDecisionInput, @CurrentUser() actor: Actor) {
    return this.commands.decideFormalCheck(id, body, actor);
  }

  @Get('applications/:id/checklist')
  @Endpoint({
    summary:
      '形式审查清单 Run the automatic formal-check rules now (credit, 限项, budget, completeness); reads only (the result decided on is kept with the decision)',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    response: checklistSchema,
  })
  checklist(@Param() { id }: IdParam) {
    return this.queries.checklist(id);
  }

  @Post('calls/:id/formal-check/decisions')
  @Endpoint({
    summary: '批量形式审查 Decide many applications of a call; one result per item',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: batchDecisionSchema,
    response: z.object({
      results: z.array(
        z.object({
          applicationId: z.uuid(),
          ok: z.boolean(),
          status: applicationStatusSchema.nullable(),
          error: errorBodySchema.shape.error.nullable(),
        }),
      ),
    }),
    status: 200,
    command: true,
  })
  decideBatch(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof batchDecisionSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.commands.decideBatch(id, body.decisions, actor);
  }

  @Post('calls/:id/passed-list')
  @Endpoint({
    summary: '公布形式审查通过名单 Publish the list of applications that passed the formal check',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    response: passedListSchema,
    status: 200,
    command: true,
  })
  publishPassed(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.commands.publishPassedList(id, actor);
  }

  @Get('public/calls/:id/passed-list')
  @Endpoint({
    summary: '公开：形式审查通过名单 Applications that passed the formal check (no login, once published)',
    tags: ['public 公开'],
    public: true,
    params: idParamSchema,
    response: passedListSchema,
  })
  publicPassed(@Param() { id }: IdParam) {
    return this.queries.publicPassedList(id);
  }

  @Get('calls/:id/applications')
  @Endpoint({
    summary: '批次下的申报书 Applications of a call',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    query: z.object({ status: applicationStatusSchema.optional() }).extend(pageQuerySchema.shape),
    response: pageSchema(applicationSummarySchema),
  })
  ofCall(
    @Param() { id }: IdParam,
    @Query() query: PageQuery & { status?: z.infer<typeof applicationStatusSchema> },
  ) {
    const { status, ...page } = query;
    return this.queries.ofCall(id, page, status);
  }
}
