import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  AUDIT_ROLES,
  domainEventViewSchema,
  pageQuerySchema,
  pageSchema,
  subjectTypeSchema,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { sendXlsx, XLSX_MEDIA_TYPE } from '../common/xlsx';
import { EVENTS_EXPORT_MAX, EventsFilterQuery, EventsQuery, EventsService } from './events.service';

/** The audit trail's filters, all optional and combined with AND; the time range is [from, to). */
export const eventsFilterSchema = z.object({
  subjectType: subjectTypeSchema.optional(),
  subjectId: z.string().min(1).max(100).optional(),
  type: z.string().min(1).max(100).optional().describe('The event type, e.g. application.submitted'),
  actorId: z.uuid().optional().describe('The user who acted'),
  from: z.iso.datetime({ offset: true }).optional().describe('Occurred at or after (ISO 8601 with offset)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Occurred before (ISO 8601 with offset)'),
});

export const eventsQuerySchema = pageQuerySchema.extend(eventsFilterSchema.shape);

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

  @Get('export.xlsx')
  @Endpoint({
    summary: `审计记录导出 The audit trail as a spreadsheet, with the list's filters, oldest first (at most ${EVENTS_EXPORT_MAX} rows)`,
    tags: ['events'],
    roles: AUDIT_ROLES,
    query: eventsFilterSchema,
    download: {
      mediaTypes: [XLSX_MEDIA_TYPE],
      description: 'One row per event: sequence, time (Asia/Shanghai), type, subject, actor, payload',
    },
  })
  async export(@Query() query: EventsFilterQuery, @Res() res: FastifyReply) {
    return sendXlsx(res, 'events.xlsx', await this.events.exportXlsx(query));
  }
}
