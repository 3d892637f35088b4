import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor,
  MidtermDecisionInput,
  midtermDecisionInputSchema,
  midtermConfirmationSchema,
  MidtermReviewInput,
  midtermReviewSchema,
  MidtermSubmissionInput,
  midtermSubmissionSchema,
  midtermViewSchema,
  STAFF_ROLES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { MidtermCommandService } from './midterm-command.service';
import { MidtermQueryService } from './midterm-query.service';

const TAGS = ['projects'];
const NO_MIDTERM = 'The project’s program template has no mid-term check (rule_refused)';

/** 中期检查 (issue 15 §4): a sub-resource of /projects/:id. */
@Controller()
export class MidtermController {
  constructor(
    private readonly midterm: MidtermCommandService,
    private readonly reads: MidtermQueryService,
  ) {}

  @Get('projects/:id/midterm')
  @Endpoint({
    summary:
      '中期检查 A project’s mid-term check: the statement, the confirmation, the review and the decision with its reasons (every party)',
    tags: TAGS,
    params: idParamSchema,
    response: midtermViewSchema,
    errors: { 422: NO_MIDTERM },
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.reads.get(id, actor);
  }

  @Post('projects/:id/midterm/submission')
  @Endpoint({
    summary:
      '中期自评 The PI submits the self-assessment and spending statement (by budget category, fen); again after a rectification',
    tags: TAGS,
    roles: ['applicant'],
    params: idParamSchema,
    body: midtermSubmissionSchema,
    status: 200,
    response: midtermViewSchema,
    command: true,
    errors: { 409: 'Not open yet, or not at this step', 422: NO_MIDTERM },
  })
  submit(@Param() { id }: IdParam, @Body() body: MidtermSubmissionInput, @CurrentUser() actor: Actor) {
    return this.midterm.submit(id, body, actor);
  }

  @Post('projects/:id/midterm/confirmation')
  @Endpoint({
    summary: '单位确认 The host institution confirms the statement',
    tags: TAGS,
    roles: ['institution_admin'],
    params: idParamSchema,
    body: midtermConfirmationSchema,
    status: 200,
    response: midtermViewSchema,
    command: true,
    errors: { 409: 'Not at this step', 422: NO_MIDTERM },
  })
  confirm(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof midtermConfirmationSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.midterm.confirm(id, body, actor);
  }

  @Post('projects/:id/midterm/review')
  @Endpoint({
    summary: '中期审查 An officer records the review of the confirmed statement',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: midtermReviewSchema,
    status: 200,
    response: midtermViewSchema,
    command: true,
    errors: { 409: 'Not at this step', 422: NO_MIDTERM },
  })
  review(@Param() { id }: IdParam, @Body() body: MidtermReviewInput, @CurrentUser() actor: Actor) {
    return this.midterm.review(id, body, actor);
  }

  @Post('projects/:id/midterm/decision')
  @Endpoint({
    summary:
      '中期检查决定 Continue (releases the mid-term installment), rectify (deadline, then a re-check), adjust, terminate (unspent funds recovered) or revoke (all funds recovered, credit records); terminate and revoke not by the reviewer',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: midtermDecisionInputSchema,
    status: 200,
    response: midtermViewSchema,
    command: true,
    errors: {
      409: 'Not reviewed yet, or already decided',
      422: 'Four eyes (the reviewer may not terminate or revoke); a re-check may not rectify again; no mid-term check',
    },
  })
  decide(@Param() { id }: IdParam, @Body() body: MidtermDecisionInput, @CurrentUser() actor: Actor) {
    return this.midterm.decide(id, body, actor);
  }
}
