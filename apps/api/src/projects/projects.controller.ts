import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor,
  AUDIT_ROLES,
  projectViewSchema,
  RegisterProjectInput,
  registerProjectSchema,
  STAFF_ROLES,
  pageQuerySchema,
  pageSchema,
  PROJECT_STATUSES,
  keyFieldSchema,
  modeSchema,
  portfolioRollupQuerySchema,
  portfolioRollupViewSchema,
} from '@kjflow/domain';
import { IdParam, idParamSchema } from '../common/params';
import { Endpoint } from '../common/endpoint.decorator';
import { CurrentUser } from '../common/request-user';
import { ProjectsCommandService } from './projects-command.service';
import { ProjectsQueryService } from './projects-query.service';

const TAGS = ['projects'];
const listQuerySchema = pageQuerySchema.extend({
  piId: z.uuid().optional(),
  institutionId: z.uuid().optional(),
  programCode: z.string().trim().min(2).max(64).optional().describe('The program template code'),
  mode: modeSchema.optional(),
  county: z.string().trim().min(2).max(20).optional(),
  keyField: keyFieldSchema.optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe(
      'Past the end and still active with no acceptance opened, a progress report overdue, a rectification past its deadline, or the acceptance overdue',
    ),
});

@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly commands: ProjectsCommandService,
    private readonly projects: ProjectsQueryService,
  ) {}

  @Post()
  @Endpoint({
    summary:
      '登记既有项目 Register a project from the bureau’s earlier records (so 限项 and duplicate checks see it)',
    tags: TAGS,
    roles: STAFF_ROLES,
    body: registerProjectSchema,
    response: projectViewSchema,
    status: 201,
    command: true,
  })
  register(@Body() body: RegisterProjectInput, @CurrentUser() actor: Actor) {
    return this.commands.register(body, actor);
  }

  @Get()
  @Endpoint({
    summary:
      '项目库 The portfolio: projects by PI, institution, program, mode, county, key field, status or overdue (staff and auditors)',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: listQuerySchema,
    response: pageSchema(projectViewSchema),
  })
  list(@Query() { limit, next, ...filter }: z.output<typeof listQuerySchema>, @CurrentUser() actor: Actor) {
    return this.projects.page(filter, { limit, next }, actor);
  }

  @Get('rollup')
  @Endpoint({
    summary:
      '项目分布 The portfolio counted by key field or county, each split by status, of one mode or program when given (staff and auditors)',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: portfolioRollupQuerySchema,
    response: portfolioRollupViewSchema,
  })
  rollup(@Query() q: z.output<typeof portfolioRollupQuerySchema>, @CurrentUser() actor: Actor) {
    return this.projects.rollup(q.by, { mode: q.mode, programCode: q.programCode }, actor);
  }

  @Get('mine')
  @Endpoint({
    summary: '我的项目 My projects: a PI’s own, or the host institution’s (institution admins)',
    tags: TAGS,
    roles: ['applicant', 'institution_admin'],
    query: pageQuerySchema,
    response: pageSchema(projectViewSchema),
  })
  mine(@Query() page: z.output<typeof pageQuerySchema>, @CurrentUser() actor: Actor) {
    return this.projects.mine(actor, page);
  }

  @Get(':id')
  @Endpoint({
    summary:
      '项目 One project: status, term, schedule, overdue reports (staff, auditors, the PI, the host institution)',
    tags: TAGS,
    params: idParamSchema,
    response: projectViewSchema,
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.projects.get(id, actor);
  }
}
