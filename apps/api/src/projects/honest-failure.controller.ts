import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor,
  ExpertConfirmationInput,
  expertConfirmationSchema,
  honestFailureConfirmationSchema,
  HonestFailureRequestInput,
  honestFailureRequestSchema,
  honestFailureViewSchema,
  projectViewSchema,
  RiskProfileInput,
  riskProfileInputSchema,
  STAFF_ROLES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { HonestFailureCommandService } from './honest-failure-command.service';
import { HonestFailureQueryService } from './honest-failure-query.service';

const TAGS = ['projects'];
const RULES =
  'Not eligible (each rule named on its field: flagged exploratory or high-risk or a challenge or horse-race team, no misconduct finding, reports on time, funds per plan); original records not the project’s';

/** 容错 (issue 16 §2, RULES §12.5): a sub-resource of /projects/:id. */
@Controller('projects/:id')
export class HonestFailureController {
  constructor(
    private readonly honest: HonestFailureCommandService,
    private readonly reads: HonestFailureQueryService,
  ) {}

  @Get('honest-failure')
  @Endpoint({
    summary:
      '容错申请 The project’s honest-failure request: the PI’s records and statement, the institution’s opinion, the experts’ confirmation (every party)',
    tags: TAGS,
    params: idParamSchema,
    response: honestFailureViewSchema,
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.reads.get(id, actor);
  }

  @Post('honest-failure')
  @Endpoint({
    summary:
      '申请容错 The PI asks with original records (project attachments) and a diligence statement; the rules are checked on the project’s own records',
    tags: TAGS,
    roles: ['applicant'],
    params: idParamSchema,
    body: honestFailureRequestSchema,
    status: 200,
    response: honestFailureViewSchema,
    command: true,
    errors: { 409: 'A request is in progress, or the project has ended', 422: RULES },
  })
  request(@Param() { id }: IdParam, @Body() body: HonestFailureRequestInput, @CurrentUser() actor: Actor) {
    return this.honest.request(id, body, actor);
  }

  @Post('honest-failure/confirmation')
  @Endpoint({
    summary:
      '依托单位意见 The host institution confirms the request with its opinion (not confirmed: the request is refused)',
    tags: TAGS,
    roles: ['institution_admin'],
    params: idParamSchema,
    body: honestFailureConfirmationSchema,
    status: 200,
    response: honestFailureViewSchema,
    command: true,
    errors: { 409: 'No request at this step' },
  })
  confirm(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof honestFailureConfirmationSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.honest.confirm(id, body, actor);
  }

  @Post('honest-failure/expert-confirmation')
  @Endpoint({
    summary:
      '专家论证意见 An officer records the experts’ confirmation: confirmed closes the project (结题) with an honest_failure record (no penalty) and returns the unspent funds; not confirmed refuses with the experts’ reasons',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: expertConfirmationSchema,
    status: 200,
    response: honestFailureViewSchema,
    command: true,
    errors: {
      409: 'Not confirmed by the institution yet, or the project has ended',
      422: 'Experts: fewer than 3, an even number, not in the pool, or with a conflict of interest; or no longer eligible',
    },
  })
  decide(@Param() { id }: IdParam, @Body() body: ExpertConfirmationInput, @CurrentUser() actor: Actor) {
    return this.honest.decide(id, body, actor);
  }

  @Put('risk-profile')
  @Endpoint({
    summary:
      '风险标记 Staff flag the project exploratory or high-risk (the 容错 rules read it), with the reason; null clears it',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: riskProfileInputSchema,
    status: 200,
    response: projectViewSchema,
    command: true,
    errors: { 409: 'The project has ended' },
  })
  setRiskProfile(@Param() { id }: IdParam, @Body() body: RiskProfileInput, @CurrentUser() actor: Actor) {
    return this.honest.setRiskProfile(id, body, actor);
  }
}
