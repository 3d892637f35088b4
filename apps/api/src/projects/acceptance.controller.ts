import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  acceptanceCheckSchema,
  acceptanceConclusionSchema,
  acceptanceConfirmationSchema,
  AcceptanceDecisionInput,
  acceptanceDecisionInputSchema,
  AcceptanceDossierInput,
  acceptanceDossierSchema,
  acceptanceObjectionAnswerSchema,
  acceptanceObjectionSchema,
  acceptanceReviewSchema,
  acceptanceViewSchema,
  Actor,
  midtermPanelConveneSchema,
  MidtermPanelConveneInput,
  RecusalRequirement,
  STAFF_ROLES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { AcceptanceService } from './acceptance.service';
import { MidtermPanelService } from './midterm-panel.service';
import { panelMemberParams, requirePanelRecusalEndpoint } from './panel-recusal.endpoint';

const TAGS = ['projects'];
const objectionParams = z.object({ id: z.uuid(), objectionId: z.uuid() });
const NOT_AT_STEP = 'Acceptance has not opened, or is not at this step';

/** 验收 / 结题 (issue 16 §1): sub-resources of /projects/:id, and the public conclusions. */
@Controller()
export class AcceptanceController {
  constructor(
    private readonly acceptance: AcceptanceService,
    private readonly panel: MidtermPanelService,
  ) {}

  @Get('projects/:id/acceptance')
  @Endpoint({
    summary:
      '验收 A project’s acceptance: deadlines (overdue), the dossier, confirmation, formal check, review, the verdict the RULES allow, the published verdict, objections and the settlement (every party)',
    tags: TAGS,
    params: idParamSchema,
    response: acceptanceViewSchema,
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.acceptance.get(id, actor);
  }

  @Post('projects/:id/acceptance/dossier')
  @Endpoint({
    summary:
      '验收申请 The PI submits the dossier: summary, indicators planned vs achieved with evidence, final accounts (fen; an audit report above the template’s threshold), test reports; again when returned or rectified',
    tags: TAGS,
    roles: ['applicant'],
    params: idParamSchema,
    body: acceptanceDossierSchema,
    status: 200,
    response: acceptanceViewSchema,
    command: true,
    errors: {
      409: NOT_AT_STEP,
      422: 'An audit report is required above the threshold; an attachment is not the project’s',
    },
  })
  submit(@Param() { id }: IdParam, @Body() body: AcceptanceDossierInput, @CurrentUser() actor: Actor) {
    return this.acceptance.submit(id, body, actor);
  }

  @Post('projects/:id/acceptance/confirmation')
  @Endpoint({
    summary: '单位审核 The host institution confirms the dossier',
    tags: TAGS,
    roles: ['institution_admin'],
    params: idParamSchema,
    body: acceptanceConfirmationSchema,
    status: 200,
    response: acceptanceViewSchema,
    command: true,
    errors: { 409: NOT_AT_STEP },
  })
  confirm(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof acceptanceConfirmationSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.acceptance.confirm(id, body, actor);
  }

  @Post('projects/:id/acceptance/check')
  @Endpoint({
    summary:
      '形式审查 The officer’s formal check: complete (on to the review) or returned to the PI; lateness and unapproved changes are flagged from the record',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: acceptanceCheckSchema,
    status: 200,
    response: acceptanceViewSchema,
    command: true,
    errors: { 409: NOT_AT_STEP },
  })
  check(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof acceptanceCheckSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.acceptance.check(id, body, actor);
  }

  @Post('projects/:id/acceptance/review')
  @Endpoint({
    summary: '验收评审 The review’s findings and recommended verdict (false material, spending issues)',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: acceptanceReviewSchema,
    status: 200,
    response: acceptanceViewSchema,
    command: true,
    errors: { 409: NOT_AT_STEP },
  })
  review(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof acceptanceReviewSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.acceptance.review(id, body, actor);
  }

  @Post('projects/:id/acceptance/panel')
  @Endpoint({
    summary:
      '召集验收专家组 Convene the acceptance panel on the checked dossier: drawn at random from the pool of the project’s key field (or the part given) with its conflicts excluded, at least 5 and odd, with a finance expert and, for a challenge, the issuer’s representative (RULES §10); its consolidated verdict and findings become the review. Members answer at /panel-reviews/:id/… (or /panel-reviews/:id/…)',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: midtermPanelConveneSchema,
    status: 200,
    response: acceptanceViewSchema,
    command: true,
    errors: {
      400: 'Not enough qualified experts for the panel (the engine names the shortfall)',
      409: NOT_AT_STEP,
    },
  })
  convene(@Param() { id }: IdParam, @Body() body: MidtermPanelConveneInput, @CurrentUser() actor: Actor) {
    return this.acceptance.convene(id, body, actor);
  }

  @Post('projects/:id/acceptance/panel/members/:memberId/recusal')
  @requirePanelRecusalEndpoint({ zh: '验收', en: 'acceptance' }, acceptanceViewSchema)
  async requireRecusal(
    @Param() { id, memberId }: z.infer<typeof panelMemberParams>,
    @Body() body: RecusalRequirement,
    @CurrentUser() actor: Actor,
  ) {
    await this.panel.requireRecusal(id, 'acceptance', memberId, body, actor);
    return this.acceptance.get(id, actor);
  }

  @Post('projects/:id/acceptance/decision')
  @Endpoint({
    summary:
      '验收结论 Pass (optionally excellent), conditional (one rectification), fail or closure, as the RULES thresholds allow; pass, fail and closure are published with their objection window. For a dispatch (科技特派员年度考核) the grades are 优秀 (pass, excellent), 合格 (pass) and 不合格 (fail): no conditional or closure, and no 优秀 under a conditional ground',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: acceptanceDecisionInputSchema,
    status: 200,
    response: acceptanceViewSchema,
    command: true,
    errors: {
      409: NOT_AT_STEP,
      422: 'The verdict is not allowed by the thresholds (completion, unapproved changes, false material), or a re-check may not be conditional',
    },
  })
  decide(@Param() { id }: IdParam, @Body() body: AcceptanceDecisionInput, @CurrentUser() actor: Actor) {
    return this.acceptance.decide(id, body, actor);
  }

  @Post('projects/:id/acceptance/objections')
  @Endpoint({
    summary:
      '提出异议 Object to a published conclusion within its window: named, with reasons (any signed-in user); late objections are refused',
    tags: TAGS,
    params: idParamSchema,
    body: acceptanceObjectionSchema,
    status: 201,
    response: z.object({ id: z.uuid(), projectId: z.uuid(), filedAt: z.string() }),
    command: true,
    errors: { 409: 'No conclusion published, or its objection window has closed' },
  })
  object(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof acceptanceObjectionSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.acceptance.object(id, body, actor);
  }

  @Post('projects/:id/acceptance/objections/:objectionId/answer')
  @Endpoint({
    summary:
      '异议答复 The officer answers an objection: dismissed (the verdict stands) or upheld (the verdict is withdrawn and decided again); the verdict is final once every objection is answered and the window has passed',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: objectionParams,
    body: acceptanceObjectionAnswerSchema,
    status: 200,
    response: acceptanceViewSchema,
    command: true,
    errors: { 409: 'Already answered, or no conclusion published' },
  })
  answer(
    @Param() { id, objectionId }: z.infer<typeof objectionParams>,
    @Body() body: z.infer<typeof acceptanceObjectionAnswerSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.acceptance.answer(id, objectionId, body, actor);
  }

  @Get('public/acceptance-conclusions')
  @Endpoint({
    summary:
      '验收结论公示 Published acceptance conclusions with their objection windows, newest first (no login)',
    tags: TAGS,
    public: true,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: z.object({ items: z.array(acceptanceConclusionSchema) }),
  })
  conclusions(@Query() { limit }: { limit: number }) {
    return this.acceptance.conclusions(limit);
  }
}
