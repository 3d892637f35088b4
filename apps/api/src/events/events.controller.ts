import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  AUDIT_ROLES,
  domainEventViewSchema,
  pageQuerySchema,
  pageSchema,
  subjectTypeSchema,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { EventsQuery, EventsService } from './events.service';

export const eventsQuerySchema = pageQuerySchema.extend({
  subjectType: subjectTypeSchema.optional(),
  subjectId: z.string().min(1).max(100).optional(),
});

@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @Endpoint({
    summary: '审计记录 The audit trail (domain events), oldest first; filter by subject, page with `next`',
    tags: ['events'],
    roles: AUDIT_ROLES,
    query: eventsQuerySchema,
    response: pageSchema(domainEventViewSchema),
  })
  list(@Query() query: EventsQuery) {
    return this.events.list(query);
  }
}
