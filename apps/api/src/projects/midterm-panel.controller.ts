import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor,
  invitationResponseSchema,
  MidtermPanelConveneInput,
  MidtermPanelOpinionInput,
  midtermPanelConveneSchema,
  midtermPanelOpinionSchema,
  midtermViewSchema,
  myMidtermPanelSeatSchema,
  PageQuery,
  pageQuerySchema,
  pageSchema,
  panelRecusalSchema,
  RecusalRequirement,
  STAFF_ROLES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { MidtermCommandService } from './midterm-command.service';
import { MidtermPanelService } from './midterm-panel.service';
import { MidtermQueryService } from './midterm-query.service';
import { panelMemberParams, requirePanelRecusalEndpoint } from './panel-recusal.endpoint';

const TAGS = ['projects'];
/**
 * 中期检查专家组 (issue 15 §4): the officer convenes a panel on a confirmed statement; the drawn
 * experts answer under /panel-reviews (as they answer review invitations under /reviews).
 */
@Controller()
export class MidtermPanelController {
  constructor(
    private readonly midterm: MidtermCommandService,
    private readonly panel: MidtermPanelService,
    private readonly query: MidtermQueryService,
  ) {}

  @Post('projects/:id/midterm/panel')
  @Endpoint({
    summary:
      '召集专家组 Convene an expert panel on the confirmed statement instead of reviewing directly: drawn at random from the pool of the project’s key field (or the part of the pool given) with its conflicts excluded (PI, host institution, team, partners), size and finance seat from the program template; its consolidated recommendation becomes the review',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: midtermPanelConveneSchema,
    status: 200,
    response: midtermViewSchema,
    command: true,
    errors: {
      400: 'Not enough qualified experts for the panel (the engine names the shortfall)',
      409: 'Not at the confirmed step',
      422: 'The program template has no mid-term check',
    },
  })
  convene(@Param() { id }: IdParam, @Body() body: MidtermPanelConveneInput, @CurrentUser() actor: Actor) {
    return this.midterm.convene(id, body, actor);
  }

  @Post('projects/:id/midterm/panel/members/:memberId/recusal')
  @requirePanelRecusalEndpoint({ zh: '中期检查', en: 'mid-term check' }, midtermViewSchema)
  async requireRecusal(
    @Param() { id, memberId }: z.infer<typeof panelMemberParams>,
    @Body() body: RecusalRequirement,
    @CurrentUser() actor: Actor,
  ) {
    await this.panel.requireRecusal(id, 'midterm', memberId, body, actor);
    return this.query.get(id, actor);
  }
}

/**
 * The experts' side of a project's panel: its seats, whether the panel sits for the mid-term
 * check or the acceptance (the seat's `stage`).
 */
@Controller('panel-reviews')
export class PanelReviewsController {
  constructor(private readonly panel: MidtermPanelService) {}

  @Get('mine')
  @Endpoint({
    summary:
      '我的项目专家组邀请 My project panel invitations, mid-term or acceptance (`stage`; read the materials at GET /projects/:id/midterm or /projects/:id/acceptance)',
    tags: TAGS,
    roles: ['expert'],
    query: pageQuerySchema,
    response: pageSchema(myMidtermPanelSeatSchema),
  })
  mine(@Query() query: PageQuery, @CurrentUser() actor: Actor) {
    return this.panel.mine(query, actor);
  }

  @Post(':id/response')
  @Endpoint({
    summary:
      '答复邀请 Accept, or decline with a reason (a replacement is drawn), before the panel’s deadline',
    tags: TAGS,
    roles: ['expert'],
    params: idParamSchema,
    body: invitationResponseSchema,
    status: 200,
    response: myMidtermPanelSeatSchema,
    command: true,
    errors: { 409: 'Already answered, the panel closed or its deadline passed' },
  })
  respond(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof invitationResponseSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.panel.answer(id, body.decision, { reason: body.reason ?? null }, actor);
  }

  @Post(':id/recusal')
  @Endpoint({
    summary: '申请回避 Declare a conflict of interest; a replacement is drawn',
    tags: TAGS,
    roles: ['expert'],
    params: idParamSchema,
    body: panelRecusalSchema,
    status: 200,
    response: myMidtermPanelSeatSchema,
    command: true,
    errors: { 409: 'The opinion is given, the panel closed or its deadline passed' },
  })
  recuse(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof panelRecusalSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.panel.answer(id, 'recuse', { reason: body.reason }, actor);
  }

  @Post(':id/opinion')
  @Endpoint({
    summary:
      '提交专家意见 Give the opinion: the outcome recommended for the seat’s stage (a mid-term decision, or an acceptance verdict with the findings on material and spending), a score (0–100) and the written opinion (after accepting, once)',
    tags: TAGS,
    roles: ['expert'],
    params: idParamSchema,
    body: midtermPanelOpinionSchema,
    status: 200,
    response: myMidtermPanelSeatSchema,
    command: true,
    errors: {
      400: 'A recommendation of another stage',
      409: 'Not accepted yet, already given, the panel closed or its deadline passed',
    },
  })
  opinion(@Param() { id }: IdParam, @Body() body: MidtermPanelOpinionInput, @CurrentUser() actor: Actor) {
    return this.panel.answer(id, 'opinion', { opinion: body }, actor);
  }
}
