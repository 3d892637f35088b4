import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DomainEventView, formatShanghai, Page, SubjectType } from '@kjflow/domain';
import { DomainEventEntity, DomainEventFilter, DomainEventRepository, mapPage } from '@kjflow/persistence';
import { workbook } from '../common/xlsx';
import type { eventsFilterSchema, eventsQuerySchema } from './events.controller';

export type EventsQuery = z.output<typeof eventsQuerySchema>;
export type EventsFilterQuery = z.output<typeof eventsFilterSchema>;

/** An export's row cap: a spreadsheet past this is narrowed with the filters instead. */
export const EVENTS_EXPORT_MAX = 10_000;

function filterOf(q: EventsFilterQuery): DomainEventFilter {
  return {
    subjectType: q.subjectType,
    subjectId: q.subjectId,
    type: q.type,
    actorId: q.actorId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
}

export function viewOf(e: DomainEventEntity): DomainEventView {
  return {
    id: e.id,
    sequence: e.sequence,
    type: e.type,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    actorId: e.actorId,
    occurredAt: e.occurredAt.toISOString(),
    occurredAtLocal: formatShanghai(e.occurredAt),
    payload: e.payload,
  };
}

@Injectable()
export class EventsService {
  private readonly repo: DomainEventRepository;

  constructor(ds: DataSource) {
    this.repo = new DomainEventRepository(ds);
  }

  async list({ limit, next, ...filter }: EventsQuery): Promise<Page<DomainEventView>> {
    return mapPage(await this.repo.page(filterOf(filter), { limit, next }), viewOf);
  }

  /** The filtered trail as an .xlsx workbook (bilingual headers; times in Asia/Shanghai). */
  async exportXlsx(query: EventsFilterQuery): Promise<Buffer> {
    const events = await this.repo.list(filterOf(query), EVENTS_EXPORT_MAX);
    return workbook([
      {
        name: '审计记录 Events',
        columns: [
          { header: '序号 Sequence', key: 'sequence', width: 10 },
          { header: '时间 Time (Asia/Shanghai)', key: 'at', width: 20 },
          { header: '事件 Type', key: 'type', width: 32 },
          { header: '对象类型 Subject type', key: 'subjectType', width: 18 },
          { header: '对象 Subject', key: 'subjectId', width: 38 },
          { header: '操作人 Actor', key: 'actorId', width: 38 },
          { header: '内容 Payload', key: 'payload', width: 60 },
        ],
        rows: events.map((e) => ({
          sequence: e.sequence,
          at: formatShanghai(e.occurredAt),
          type: e.type,
          subjectType: e.subjectType,
          subjectId: e.subjectId,
          actorId: e.actorId ?? '',
          payload: JSON.stringify(e.payload),
        })),
      },
    ]);
  }

  /** Status history read from the audit trail: one source, no second copy to drift. */
  async statusHistory(subjectType: SubjectType, subjectId: string) {
    const events = await this.repo.ofSubject(subjectType, subjectId);
    return events
      .filter((e) => typeof e.payload.status === 'string')
      .map((e) => ({
        status: e.payload.status as string,
        event: e.type,
        actorId: e.actorId,
        reason: (e.payload.reason as string | null | undefined) ?? null,
        at: e.occurredAt.toISOString(),
        atLocal: formatShanghai(e.occurredAt),
      }));
  }
}
