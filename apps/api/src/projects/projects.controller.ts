import { Body, Controller, Get, Post, Query } from '@nestjs/common';
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
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { CurrentUser } from '../common/request-user';
import { ProjectsService } from './projects.service';

const TAGS = ['projects'];
const listQuerySchema = pageQuerySchema.extend({
  piId: z.uuid().optional(),
  institutionId: z.uuid().optional(),
});

@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

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
    return this.projects.register(body, actor);
  }

  @Get()
  @Endpoint({
    summary: '项目 Projects, by PI or institution',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: listQuerySchema,
    response: pageSchema(projectViewSchema),
  })
  list(@Query() { limit, next, ...filter }: z.output<typeof listQuerySchema>) {
    return this.projects.page(filter, { limit, next });
  }
}
