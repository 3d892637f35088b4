import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { Actor, callViewSchema, CreateCallInput, createCallSchema, STAFF_ROLES } from '@kjflow/domain';
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
  @Endpoint({ summary: '申报批次列表 List calls', tags: ['calls'], response: z.array(callViewSchema) })
  list() {
    return this.calls.list();
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
