import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DomainEventView, formatShanghai, Page, SubjectType } from '@kjflow/domain';
import { DomainEventEntity, DomainEventRepository, mapPage } from '@kjflow/persistence';
import type { eventsQuerySchema } from './events.controller';

export type EventsQuery = z.output<typeof eventsQuerySchema>;

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

  async list({ subjectType, subjectId, ...page }: EventsQuery): Promise<Page<DomainEventView>> {
    return mapPage(await this.repo.page({ subjectType, subjectId }, page), viewOf);
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
