import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  Actor,
  AUDIT_ROLES,
  createReviewRoundSchema,
  CreateReviewRoundInput,
  invitationResponseSchema,
  panelDecisionSchema,
  PanelDecisionInput,
  PageQuery,
  pageQuerySchema,
  pageSchema,
  recusalRequirementSchema,
  RecusalRequirement,
  recusalSchema,
  STAFF_ROLES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { ReviewCommandService } from './review-command.service';
import { ReviewQueryService } from './review-query.service';
import {
  myReviewAssignmentSchema,
  officerReviewAssignmentViewSchema,
  openedApplicationSchema,
  reviewAssignmentViewSchema,
  reviewReplaySchema,
  reviewResultSchema,
  reviewResultsSchema,
  reviewRoundViewSchema,
  scoreSheetBodySchema,
} from './review.schemas';

const TAGS = ['review'];
/** The funding line: a score threshold, a number of places and/or a budget, applied in rank order. */
const fundingQuerySchema = z.object({
  fundingLine: z.coerce.number().min(0).max(100).optional(),
  fundedCount: z.coerce.number().int().min(0).optional(),
  budgetFen: z.coerce.number().int().min(0).optional(),
});
const panelParams = z.object({ id: z.uuid(), applicationId: z.uuid() });
const invitationParams = z.object({ id: z.uuid(), assignmentId: z.uuid() });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@Controller()
export class ReviewsController {
  constructor(
    private readonly commands: ReviewCommandService,
    private readonly queries: ReviewQueryService,
  ) {}

  @Post('calls/:id/review-rounds')
  @Endpoint({
    summary:
      '组织评审 Start a review round: draw the experts (random, optimal or randomized), invite them; an infeasible request names the applications lacking experts',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: createReviewRoundSchema,
    response: reviewRoundViewSchema,
    status: 201,
    command: true,
  })
  create(@Param() { id }: IdParam, @Body() body: CreateReviewRoundInput, @CurrentUser() actor: Actor) {
    return this.commands.createRound(id, body, actor);
  }

  @Get('review-rounds/:id')
  @Endpoint({
    summary:
      '评审轮次 The round: its draw record (seed, input hash, solver), every invitation, and the panels over the limit of experts per organisation',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    response: reviewRoundViewSchema,
  })
  round(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.queries.round(id, actor);
  }

  @Get('review-rounds/:id/replay')
  @Endpoint({
    summary:
      '复核抽取 Replay the recorded draw with its input and seed; `matches` says whether it is the same',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    response: reviewReplaySchema,
  })
  replay(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.queries.replay(id, actor);
  }

  @Get('review-rounds/:id/results')
  @Endpoint({
    summary:
      '评审结果 Scores per application (trimmed mean, calibrated beside it), disagreements, panels and the ranking with its tie-breaks',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    query: fundingQuerySchema,
    response: reviewResultsSchema,
  })
  results(
    @Param() { id }: IdParam,
    @Query() query: z.infer<typeof fundingQuerySchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.queries.resultsFor(id, query, actor);
  }

  @Get('review-rounds/:id/ranking.xlsx')
  @Endpoint({
    summary: '导出排序 The ranking as an .xlsx workbook',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    download: { mediaTypes: [XLSX], description: 'The ranking workbook (评审排序)' },
  })
  async ranking(@Param() { id }: IdParam, @Res() res: FastifyReply, @CurrentUser() actor: Actor) {
    const file = await this.queries.rankingWorkbook(id, actor);
    return res
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="review-ranking-${id}.xlsx"`)
      .send(file);
  }

  @Post('review-rounds/:id/panels/:applicationId')
  @Endpoint({
    summary: '会评结果 Record the panel (会评 / 答辩) on an application the experts disagreed on',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: panelParams,
    body: panelDecisionSchema,
    response: reviewResultSchema,
    status: 201,
    command: true,
  })
  panel(
    @Param() { id, applicationId }: z.infer<typeof panelParams>,
    @Body() body: PanelDecisionInput,
    @CurrentUser() actor: Actor,
  ) {
    return this.commands.recordPanel(id, applicationId, body, actor);
  }

  @Post('review-rounds/:id/invitations/:assignmentId/recusal')
  @Endpoint({
    summary:
      '要求回避 Require the invited expert to step aside (e.g. a conflict, or a panel over the limit of experts per organisation, found after the draw), with the reason: while the invitation holds its seat without a score; it ends `recused` with the officer as actor, the expert is told, no credit record, and a replacement is drawn under the rules',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: invitationParams,
    body: recusalRequirementSchema,
    response: officerReviewAssignmentViewSchema,
    status: 200,
    command: true,
    errors: {
      404: 'No such invitation in this review round',
      409: 'The invitation no longer holds a seat without a score (scored, declined, expired, recused or missed), or the same Idempotency-Key is still being answered',
    },
  })
  requireRecusal(
    @Param() { id, assignmentId }: z.infer<typeof invitationParams>,
    @Body() body: RecusalRequirement,
    @CurrentUser() actor: Actor,
  ) {
    return this.commands.requireRecusal(id, assignmentId, body, actor);
  }

  @Get('reviews/mine')
  @Endpoint({
    summary: '我的评审任务 My review invitations and assignments',
    tags: TAGS,
    roles: ['expert'],
    query: pageQuerySchema,
    response: pageSchema(myReviewAssignmentSchema),
  })
  mine(@Query() query: PageQuery, @CurrentUser() actor: Actor) {
    return this.queries.mine(query, actor);
  }

  @Post('reviews/:id/response')
  @Endpoint({
    summary: '答复邀请 Accept or decline the invitation before its deadline',
    tags: TAGS,
    roles: ['expert'],
    params: idParamSchema,
    body: invitationResponseSchema,
    response: reviewAssignmentViewSchema,
    status: 200,
    command: true,
  })
  respond(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof invitationResponseSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.commands.respond(id, body, actor);
  }

  @Get('reviews/:id/application')
  @Endpoint({
    summary: '打开申报书 Open the assigned application (blind where the program says so) with the rubric',
    tags: TAGS,
    roles: ['expert'],
    params: idParamSchema,
    response: openedApplicationSchema,
  })
  open(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.queries.open(id, actor);
  }

  @Post('reviews/:id/recusal')
  @Endpoint({
    summary: '申请回避 Recuse (e.g. a conflict found on opening); a replacement is drawn',
    tags: TAGS,
    roles: ['expert'],
    params: idParamSchema,
    body: recusalSchema,
    response: reviewAssignmentViewSchema,
    status: 200,
    command: true,
  })
  recuse(@Param() { id }: IdParam, @Body() body: z.infer<typeof recusalSchema>, @CurrentUser() actor: Actor) {
    return this.commands.recuse(id, body, actor);
  }

  @Put('reviews/:id/draft')
  @Endpoint({
    summary: '保存评分草稿 Save a draft score sheet',
    tags: TAGS,
    roles: ['expert'],
    params: idParamSchema,
    body: scoreSheetBodySchema,
    response: reviewAssignmentViewSchema,
    command: true,
  })
  draft(@Param() { id }: IdParam, @Body() body: unknown, @CurrentUser() actor: Actor) {
    return this.commands.saveDraft(id, body, actor);
  }

  @Post('reviews/:id/score')
  @Endpoint({
    summary: '提交评分 Submit the score sheet against the rubric, before the scoring deadline',
    tags: TAGS,
    roles: ['expert'],
    params: idParamSchema,
    body: scoreSheetBodySchema,
    response: reviewAssignmentViewSchema,
    status: 200,
    command: true,
  })
  score(@Param() { id }: IdParam, @Body() body: unknown, @CurrentUser() actor: Actor) {
    return this.commands.submitScore(id, body, actor);
  }
}
