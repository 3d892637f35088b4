import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  Actor,
  CallListQuery,
  callListQuerySchema,
  callViewSchema,
  CreateCallInput,
  createCallSchema,
  pageSchema,
  STAFF_ROLES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { CallsService } from './calls.service';

@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post()
  @Endpoint({
    summary: '创建申报批次 Create a call; its workflow opens and closes the window on timers',
    tags: ['calls'],
    roles: STAFF_ROLES,
    body: createCallSchema,
    response: callViewSchema,
    status: 201,
    command: true,
  })
  create(@Body() body: CreateCallInput, @CurrentUser() actor: Actor) {
    return this.calls.create(body, actor);
  }

  @Get()
  @Endpoint({
    summary: '申报批次列表 List calls, latest deadline first; by status and by text in the title',
    tags: ['calls'],
    query: callListQuerySchema,
    response: pageSchema(callViewSchema),
  })
  list(@Query() { limit, next, ...filter }: CallListQuery) {
    return this.calls.list(filter, { limit, next });
  }

  @Get(':id')
  @Endpoint({
    summary: '申报批次详情 A call',
    tags: ['calls'],
    params: idParamSchema,
    response: callViewSchema,
  })
  get(@Param() { id }: IdParam) {
    return this.calls.get(id);
  }
}
