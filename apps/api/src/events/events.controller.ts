import { Controller, Get, Headers, Logger, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  Actor,
  AUDIT_ROLES,
  DomainError,
  domainEventViewSchema,
  pageQuerySchema,
  pageSchema,
  subjectTypeSchema,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { CurrentUser } from '../common/request-user';
import { EventFeed } from './event-feed';
import { runEventStream } from './event-stream';
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

const EVENT_ID = /^\d{1,18}$/;
const eventIdMessage = {
  zh: '事件编号必须是事件的序号（非负整数）',
  en: 'An event id is the event’s sequence (a non-negative integer)',
};

export const eventStreamQuerySchema = z.object({
  lastEventId: z
    .string()
    .regex(EVENT_ID)
    .optional()
    .describe('Resume after this event (as the Last-Event-ID header does; the header wins)'),
});
export const eventsQuerySchema = pageQuerySchema.extend(eventsFilterSchema.shape);

@Controller('events')
export class EventsController {
  private readonly log = new Logger('EventStream');

  constructor(
    private readonly events: EventsService,
    private readonly feed: EventFeed,
  ) {}

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

  @Get('stream')
  @Endpoint({
    summary:
      '事件流 Server-sent events of the domain events the caller may see (staff and auditors: all; others: their own actions), ' +
      'each with its sequence as the event id; resume with Last-Event-ID; a heartbeat comment while idle',
    tags: ['events'],
    query: eventStreamQuerySchema,
    headers: {
      request: z.object({ 'last-event-id': z.string().regex(EVENT_ID).optional() }),
    },
    download: {
      mediaTypes: ['text/event-stream'],
      description:
        'One `id:` + `data:` (the event as in GET /events) per event; new events as they are committed',
    },
  })
  async stream(
    @Query() query: z.output<typeof eventStreamQuerySchema>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentUser() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const resumeFrom = lastEventId ?? query.lastEventId;
    if (resumeFrom !== undefined && !EVENT_ID.test(resumeFrom))
      throw new DomainError('validation_failed', eventIdMessage, [
        { path: 'Last-Event-ID', message: eventIdMessage },
      ]);
    await this.feed.ensureStarted();
    // Without an id, the stream starts with the next event committed.
    const cursor = resumeFrom !== undefined ? BigInt(resumeFrom) : this.feed.horizon;
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const heartbeatMs = Number(process.env.KJ_SSE_HEARTBEAT_MS || 15_000);
    runEventStream(this.feed, reply.raw, actor, cursor, heartbeatMs).catch((err) => {
      this.log.warn(`event stream ended: ${(err as Error).message}`);
    });
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
