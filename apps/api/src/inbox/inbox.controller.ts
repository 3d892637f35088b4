import { Controller, Get, Query } from '@nestjs/common';
import {
  Actor,
  InboxKind,
  inboxKindSchema,
  inboxPageSchema,
  PageQuery,
  pageQuerySchema,
} from '@kjflow/domain';
import { z } from 'zod';
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
    // The filter first, then the paging (the order in which an unknown parameter's refusal lists them).
    query: z
      .object({
        kind: inboxKindSchema
          .optional()
          .describe('Only the items of this kind (the portal’s tabs); the counts still cover every kind'),
      })
      .extend(pageQuerySchema.shape),
    response: inboxPageSchema,
  })
  list(@Query() { kind, ...page }: PageQuery & { kind?: InboxKind }, @CurrentUser() actor: Actor) {
    return this.inbox.inbox(actor, page, kind);
  }
}
