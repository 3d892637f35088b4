import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor,
  ChangeDecisionInput,
  changeDecisionSchema,
  ChangeRequestInput,
  changeRequestSchema,
  changeViewSchema,
  pageQuerySchema,
  pageSchema,
  piCandidateQuerySchema,
  piCandidateSchema,
  projectViewSchema,
  STAFF_ROLES,
  UnapprovedChangeInput,
  unapprovedChangeSchema,
} from '@kjflow/domain';
import { IdParam, idParamSchema } from '../common/params';
import { Endpoint } from '../common/endpoint.decorator';
import { CurrentUser } from '../common/request-user';
import { ProjectChangesCommandService } from './project-changes-command.service';
import { ProjectChangesQueryService } from './project-changes-query.service';

const TAGS = ['projects'];
const changeParams = z.object({ id: z.uuid(), changeId: z.uuid() });

@Controller('projects/:id')
export class ProjectChangesController {
  constructor(
    private readonly changes: ProjectChangesCommandService,
    private readonly reads: ProjectChangesQueryService,
  ) {}

  @Post('changes')
  @Endpoint({
    summary:
      '变更申请 The PI asks for a change: budget adjustment, extension, PI, host institution, team, objectives or route, termination (RULES §8)',
    tags: TAGS,
    roles: ['applicant'],
    params: idParamSchema,
    body: changeRequestSchema,
    response: changeViewSchema,
    status: 201,
    command: true,
    errors: {
      403: 'Not the project’s PI',
      409: 'The project is not in execution, or a request of the same kind is pending',
      422: 'Refused by a rule: an extension asked too late, more than once or longer than allowed (naming the dates), a budget adjustment that raises indirect costs or total direct costs, a new PI barred by credit or over the project limit, a new host institution unknown or barred by credit',
    },
  })
  request(@Param() { id }: IdParam, @Body() body: ChangeRequestInput, @CurrentUser() actor: Actor) {
    return this.changes.request(id, body, actor);
  }

  @Get('pi-candidates')
  @Endpoint({
    summary:
      '新负责人候选 The applicants of the project’s host institution by name, but its PI: whom a change of PI may name (the project’s PI)',
    tags: TAGS,
    roles: ['applicant'],
    params: idParamSchema,
    query: piCandidateQuerySchema,
    response: pageSchema(piCandidateSchema),
    errors: { 403: 'Not the project’s PI', 404: 'No such project, or not yours' },
  })
  piCandidates(
    @Param() { id }: IdParam,
    @Query() { limit, next, q }: z.output<typeof piCandidateQuerySchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.reads.piCandidates(id, { q }, { limit, next }, actor);
  }

  @Get('changes')
  @Endpoint({
    summary:
      '变更记录 A project’s change requests, oldest first, with their decisions (readers of the project)',
    tags: TAGS,
    params: idParamSchema,
    query: pageQuerySchema,
    response: pageSchema(changeViewSchema),
  })
  list(
    @Param() { id }: IdParam,
    @Query() page: z.output<typeof pageQuerySchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.reads.page(id, page, actor);
  }

  @Get('changes/:changeId')
  @Endpoint({
    summary:
      '变更申请 One change request with its chain, decisions and the agreement version it made (readers of the project, and the new host of a change of host)',
    tags: TAGS,
    params: changeParams,
    response: changeViewSchema,
  })
  get(@Param() { id, changeId }: z.output<typeof changeParams>, @CurrentUser() actor: Actor) {
    return this.reads.get(id, changeId, actor);
  }

  @Post('changes/:changeId/decision')
  @Endpoint({
    summary:
      '变更审批 The step the request waits for: the host institution consents (for a change of host, the new host too), an officer decides, another officer confirms a major change (four eyes); a new PI or host must still pass the credit and 限项 gates at each approval',
    tags: TAGS,
    roles: ['institution_admin', ...STAFF_ROLES],
    params: changeParams,
    body: changeDecisionSchema,
    response: changeViewSchema,
    status: 200,
    command: true,
    errors: {
      404: 'Not a reader of the project, nor the new host of a change of host',
      409: 'The request is not pending, or waits for another step (named)',
      422: 'Four eyes: the first approver cannot give the second approval; the new PI or host no longer passes the credit or 限项 gate (named, nothing changes)',
    },
  })
  decide(
    @Param() { id, changeId }: z.output<typeof changeParams>,
    @Body() body: ChangeDecisionInput,
    @CurrentUser() actor: Actor,
  ) {
    return this.changes.decide(id, changeId, body, actor);
  }

  @Post('unapproved-changes')
  @Endpoint({
    summary:
      '未经批准的变更 An officer records a change of objectives or route made without approval (acceptance refuses on it, RULES §8)',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: unapprovedChangeSchema,
    response: projectViewSchema,
    status: 200,
    command: true,
    errors: { 409: 'The project is not run here (an earlier record, or finished)' },
  })
  recordUnapproved(
    @Param() { id }: IdParam,
    @Body() body: UnapprovedChangeInput,
    @CurrentUser() actor: Actor,
  ) {
    return this.changes.recordUnapproved(id, body, actor);
  }
}
