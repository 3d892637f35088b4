import { Controller, Get, Query } from '@nestjs/common';
import { Actor, inboxPageSchema, PageQuery, pageQuerySchema } from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { CurrentUser } from '../common/request-user';
import { InboxQueryService } from './inbox-query.service';

@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxQueryService) {}

  @Get()
  @Endpoint({
    summary:
      '我的待办 What waits on me: each item with its deadline (soonest first, none last), whether it is overdue, the request that acts on it and the portal route; counts per kind; every role (an auditor’s is empty)',
    tags: ['inbox'],
    query: pageQuerySchema,
    response: inboxPageSchema,
  })
  list(@Query() query: PageQuery, @CurrentUser() actor: Actor) {
    return this.inbox.inbox(actor, query);
  }
}
