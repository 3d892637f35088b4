import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { AUDIT_ROLES, domainEventViewSchema, subjectTypeSchema } from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { EventsQuery, EventsService } from './events.service';

export const eventsQuerySchema = z.object({
  subjectType: subjectTypeSchema.optional(),
  subjectId: z.string().min(1).max(100).optional(),
  after: z.coerce.bigint().nonnegative().optional().describe('Return events with a larger sequence (paging)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @Endpoint({
    summary: '审计记录 The audit trail (domain events), oldest first; filter by subject, page with `after`',
    tags: ['events'],
    roles: AUDIT_ROLES,
    query: eventsQuerySchema,
    response: z.object({ items: z.array(domainEventViewSchema), next: z.string().nullable() }),
  })
  list(@Query() query: EventsQuery) {
    return this.events.list(query);
  }
}
