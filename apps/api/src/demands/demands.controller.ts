import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  Actor,
  AUDIT_ROLES,
  CreateCampaignInput,
  createCampaignSchema,
  CreateDemandInput,
  createDemandSchema,
  CreateTopicInput,
  createTopicSchema,
  demandStatusSchema,
  PatchDemandInput,
  patchDemandSchema,
  ScreeningDecisionInput,
  screeningDecisionSchema,
  STAFF_ROLES,
  topicKindSchema,
  topicViewSchema,
  pageQuerySchema,
  PageQuery,
  pageSchema,
} from '@kjflow/domain';
import { etag, ifMatchHeaderSchema, parseIfMatch } from '../common/etag';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import {
  campaignViewSchema,
  demandDetailSchema,
  demandViewSchema,
  similarDemandSchema,
} from './demands.schemas';
import { CampaignsCommandService } from './campaigns-command.service';
import { CampaignsQueryService } from './campaigns-query.service';
import { DemandDraftingCommandService } from './demand-drafting-command.service';
import { DemandScreeningCommandService } from './demand-screening-command.service';
import { DemandTraceQueryService } from './demand-trace-query.service';
import { DemandsQueryService } from './demands-query.service';
import { TopicsCommandService } from './topics-command.service';
import { TopicsQueryService } from './topics-query.service';

/** Enterprises, institutions, industry departments and county bureaus submit through their accounts. */
const SUBMITTERS = ['applicant', 'institution_admin'] as const;
const TAGS = ['demand collection 需求征集'];

@Controller()
export class DemandsController {
  constructor(
    private readonly campaignCommands: CampaignsCommandService,
    private readonly campaignQueries: CampaignsQueryService,
    private readonly drafting: DemandDraftingCommandService,
    private readonly screening: DemandScreeningCommandService,
    private readonly demands: DemandsQueryService,
    private readonly traces: DemandTraceQueryService,
    private readonly topicCommands: TopicsCommandService,
    private readonly topicQueries: TopicsQueryService,
  ) {}

  @Post('demand-campaigns')
  @Endpoint({
    summary: '发起需求征集 Open a demand collection campaign (window, key fields, counties)',
    tags: TAGS,
    roles: STAFF_ROLES,
    body: createCampaignSchema,
    response: campaignViewSchema,
    status: 201,
    command: true,
  })
  createCampaign(@Body() body: CreateCampaignInput, @CurrentUser() actor: Actor) {
    return this.campaignCommands.create(body, actor);
  }

  @Get('demand-campaigns')
  @Endpoint({
    summary: '需求征集列表 Campaigns, latest window first',
    tags: TAGS,
    query: pageQuerySchema,
    response: pageSchema(campaignViewSchema),
  })
  campaigns(@Query() page: PageQuery) {
    return this.campaignQueries.page(page);
  }

  @Get('demand-campaigns/:id')
  @Endpoint({
    summary: '需求征集详情 A campaign',
    tags: TAGS,
    params: idParamSchema,
    response: campaignViewSchema,
  })
  campaign(@Param() { id }: IdParam) {
    return this.campaignQueries.get(id);
  }

  @Get('demand-campaigns/:id/demands')
  @Endpoint({
    summary: '征集到的需求 Demands of a campaign',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    query: z.object({ status: demandStatusSchema.optional() }).extend(pageQuerySchema.shape),
    response: pageSchema(demandViewSchema),
  })
  ofCampaign(
    @Param() { id }: IdParam,
    @Query() { status, ...page }: { status?: z.infer<typeof demandStatusSchema> } & PageQuery,
    @CurrentUser() actor: Actor,
  ) {
    return this.demands.ofCampaign(id, status, page, actor);
  }

  @Post('demands')
  @Endpoint({
    summary: '填报需求（草稿）Start a demand draft (title and key field required)',
    tags: TAGS,
    roles: [...SUBMITTERS],
    body: createDemandSchema,
    response: demandDetailSchema,
    status: 201,
    command: true,
  })
  async create(
    @Body() body: CreateDemandInput,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const view = await this.drafting.create(body, actor);
    void res.header('ETag', etag(view.version));
    return view;
  }

  @Get('demands/mine')
  @Endpoint({
    summary: '我的需求 My demands',
    tags: TAGS,
    roles: [...SUBMITTERS],
    query: pageQuerySchema,
    response: pageSchema(demandViewSchema),
  })
  mine(@CurrentUser() actor: Actor, @Query() page: PageQuery) {
    return this.demands.mine(actor, page);
  }

  @Get('demands/:id')
  @Endpoint({
    summary: '需求详情（状态历史、相似需求）A demand with its history and similar demands',
    tags: TAGS,
    params: idParamSchema,
    response: demandDetailSchema,
  })
  async get(
    @Param() { id }: IdParam,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const view = await this.demands.get(id, actor);
    void res.header('ETag', etag(view.version));
    return view;
  }

  @Patch('demands/:id')
  @Endpoint({
    summary: '修改需求草稿 Edit a draft or returned demand (If-Match)',
    tags: TAGS,
    roles: [...SUBMITTERS],
    params: idParamSchema,
    body: patchDemandSchema,
    response: demandDetailSchema,
    headers: { request: ifMatchHeaderSchema, response: { ETag: 'The new version' } },
    command: true,
  })
  async edit(
    @Param() { id }: IdParam,
    @Body() body: PatchDemandInput,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const view = await this.drafting.edit(id, body, actor, parseIfMatch(ifMatch));
    void res.header('ETag', etag(view.version));
    return view;
  }

  @Post('demands/:id/submit')
  @Endpoint({
    summary: '提交需求 Submit inside the window; the answer lists similar demands',
    tags: TAGS,
    roles: [...SUBMITTERS],
    params: idParamSchema,
    response: demandDetailSchema,
    status: 200,
    command: true,
  })
  submit(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.drafting.submit(id, actor);
  }

  @Get('demands/:id/similar')
  @Endpoint({
    summary:
      '相似需求 Possible duplicates: live demands of the campaign alike in title and problem (character bigrams), most similar first',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    query: pageQuerySchema,
    response: pageSchema(similarDemandSchema),
  })
  similar(@Param() { id }: IdParam, @Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.demands.similar(id, page, actor);
  }

  @Post('demands/:id/screening')
  @Endpoint({
    summary: '需求筛选 Screen: accept, reject (reason), return (reason) or merge into another demand',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: screeningDecisionSchema,
    response: demandDetailSchema,
    status: 200,
    command: true,
  })
  screen(@Param() { id }: IdParam, @Body() body: ScreeningDecisionInput, @CurrentUser() actor: Actor) {
    return this.screening.screen(id, body, actor);
  }

  @Get('demands/:id/trace')
  @Endpoint({
    summary: '需求追溯 Trace a demand to the topics and challenges it became',
    tags: TAGS,
    params: idParamSchema,
    response: z.object({
      demand: z.object({ id: z.uuid(), title: z.string(), status: demandStatusSchema }),
      mergedInto: z.object({ id: z.uuid(), title: z.string(), status: demandStatusSchema }).nullable(),
      topics: z.array(
        topicViewSchema.extend({
          calls: z.array(
            z.object({ guideId: z.uuid(), callId: z.uuid(), title: z.string(), status: z.string() }),
          ),
          applications: z.array(z.object({ id: z.uuid(), callId: z.uuid(), status: z.string() })),
        }),
      ),
    }),
  })
  trace(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.traces.trace(id, actor);
  }

  @Post('topics')
  @Endpoint({
    summary: '凝练指南方向或榜单 Condense accepted demands into a guide topic or a challenge',
    tags: TAGS,
    roles: STAFF_ROLES,
    body: createTopicSchema,
    response: topicViewSchema,
    status: 201,
    command: true,
  })
  createTopic(@Body() body: CreateTopicInput, @CurrentUser() actor: Actor) {
    return this.topicCommands.create(body, actor);
  }

  @Get('topics')
  @Endpoint({
    summary: '指南方向与榜单 Topics and challenges',
    tags: TAGS,
    query: z.object({ kind: topicKindSchema.optional() }).extend(pageQuerySchema.shape),
    response: pageSchema(topicViewSchema),
  })
  topics(@Query() { kind, ...page }: { kind?: 'topic' | 'challenge' } & PageQuery) {
    return this.topicQueries.page(kind, page);
  }

  @Get('topics/:id')
  @Endpoint({
    summary: '指南方向或榜单详情 A topic or challenge',
    tags: TAGS,
    params: idParamSchema,
    response: topicViewSchema,
  })
  topic(@Param() { id }: IdParam) {
    return this.topicQueries.get(id);
  }
}
