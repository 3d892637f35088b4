import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor,
  ApprovalDecisionInput,
  approvalDecisionSchema,
  AUDIT_ROLES,
  CorrectionInput,
  correctionSchema,
  CreateGuideInput,
  createGuideSchema,
  PatchGuideInput,
  patchGuideSchema,
  STAFF_ROLES,
  pageQuerySchema,
  PageQuery,
  pageSchema,
} from '@kjflow/domain';
import { ifMatchHeaderSchema, parseIfMatch } from '../common/etag';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import {
  guideViewSchema,
  publicChallengeSchema,
  publicGuideSchema,
  templateDetailSchema,
  templateViewSchema,
} from './guides.schemas';
import { GuideDraftingCommandService } from './guide-drafting-command.service';
import { GuidePublicationCommandService } from './guide-publication-command.service';
import { GuidesQueryService } from './guides-query.service';
import { PublicGuidesQueryService } from './public-guides-query.service';
import { TemplatesCommandService } from './templates-command.service';
import { TemplatesService } from './templates.service';

const TAGS = ['guides 指南/榜单'];

@Controller()
export class GuidesController {
  constructor(
    private readonly drafting: GuideDraftingCommandService,
    private readonly publication: GuidePublicationCommandService,
    private readonly guides: GuidesQueryService,
    private readonly publicGuides: PublicGuidesQueryService,
    private readonly templates: TemplatesService,
    private readonly templateCommands: TemplatesCommandService,
  ) {}

  @Post('program-templates')
  @Endpoint({
    summary: '保存计划模板（新版本）Save a program template; an existing code gets a new version',
    tags: ['program templates 计划模板'],
    roles: ['admin'],
    body: z
      .looseObject({})
      .describe('A ProgramTemplate (validated in full; every problem is reported with its path)'),
    response: templateDetailSchema,
    status: 201,
    command: true,
  })
  createTemplate(@Body() body: unknown, @CurrentUser() actor: Actor) {
    return this.templateCommands.create(body, actor);
  }

  @Get('program-templates')
  @Endpoint({
    summary: '计划模板（当前版本）Program templates, current versions, by code',
    tags: ['program templates 计划模板'],
    query: pageQuerySchema,
    response: pageSchema(templateViewSchema),
  })
  listTemplates(@Query() page: PageQuery) {
    return this.templates.list(page);
  }

  @Get('program-templates/:code')
  @Endpoint({
    summary: '计划模板及其版本 A template with its versions',
    tags: ['program templates 计划模板'],
    params: z.object({ code: z.string().min(1).max(64) }),
    response: templateDetailSchema,
  })
  template(@Param() { code }: { code: string }) {
    return this.templates.get(code);
  }

  @Post('guides')
  @Endpoint({
    summary: '起草指南 Draft a guide or challenge list for a program template (pins its current version)',
    tags: TAGS,
    roles: STAFF_ROLES,
    body: createGuideSchema,
    response: guideViewSchema,
    status: 201,
    command: true,
  })
  create(@Body() body: CreateGuideInput, @CurrentUser() actor: Actor) {
    return this.drafting.create(body, actor);
  }

  @Get('guides')
  @Endpoint({
    summary: '指南（含草稿）Guides, drafts included',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: pageQuerySchema,
    response: pageSchema(guideViewSchema),
  })
  list(@Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.guides.list(page, actor);
  }

  @Get('guides/:id')
  @Endpoint({
    summary: '指南详情 A guide',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    response: guideViewSchema,
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.guides.get(id, actor);
  }

  @Patch('guides/:id')
  @Endpoint({
    summary: '修改指南草稿 Edit a draft or returned guide (If-Match: draftVersion)',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: patchGuideSchema,
    response: guideViewSchema,
    headers: { request: ifMatchHeaderSchema },
    command: true,
  })
  edit(
    @Param() { id }: IdParam,
    @Body() body: PatchGuideInput,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: Actor,
  ) {
    return this.drafting.edit(id, body, actor, parseIfMatch(ifMatch));
  }

  @Post('guides/:id/submit')
  @Endpoint({
    summary: '提交内部审核 Submit for internal approval',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    response: guideViewSchema,
    status: 200,
    command: true,
  })
  submit(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.drafting.submit(id, actor);
  }

  @Post('guides/:id/approval')
  @Endpoint({
    summary: '审核 Approve the current step (the last approval publishes) or return with comments',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: approvalDecisionSchema,
    response: guideViewSchema,
    status: 200,
    command: true,
  })
  decide(@Param() { id }: IdParam, @Body() body: ApprovalDecisionInput, @CurrentUser() actor: Actor) {
    return this.publication.decide(id, body, actor);
  }

  @Post('guides/:id/corrections')
  @Endpoint({
    summary: '发布更正 Publish a correction as a new version, with a change note',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: correctionSchema,
    response: guideViewSchema,
    status: 200,
    command: true,
  })
  correct(@Param() { id }: IdParam, @Body() body: CorrectionInput, @CurrentUser() actor: Actor) {
    return this.publication.correct(id, body, actor);
  }

  @Post('guides/:id/withdrawal')
  @Endpoint({
    summary: '撤回指南 Withdraw a published guide before its window opens',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: z.object({ reason: z.string().trim().min(5).max(2000) }),
    response: guideViewSchema,
    status: 200,
    command: true,
  })
  withdraw(@Param() { id }: IdParam, @Body() body: { reason: string }, @CurrentUser() actor: Actor) {
    return this.publication.withdraw(id, body.reason, actor);
  }

  @Get('public/guides')
  @Endpoint({
    summary: '公开：已发布的指南 Published guides (no login)',
    tags: ['public 公开'],
    public: true,
    query: pageQuerySchema,
    response: pageSchema(publicGuideSchema),
  })
  publicList(@Query() page: PageQuery) {
    return this.publicGuides.page(page);
  }

  @Get('public/guides/:id')
  @Endpoint({
    summary: '公开：指南及版本历史 A published guide with its version history (no login)',
    tags: ['public 公开'],
    public: true,
    params: idParamSchema,
    response: publicGuideSchema,
  })
  publicGuide(@Param() { id }: IdParam) {
    return this.publicGuides.get(id);
  }

  @Get('public/challenges')
  @Endpoint({
    summary: '公开：榜单 The published challenge list, newest guide first (no login)',
    tags: ['public 公开'],
    public: true,
    query: pageQuerySchema,
    response: pageSchema(publicChallengeSchema),
  })
  publicChallenges(@Query() page: PageQuery) {
    return this.publicGuides.challenges(page);
  }
}
