import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DomainEventView, formatShanghai, SubjectType } from '@kjflow/domain';
import { DomainEventEntity } from '@kjflow/persistence';
import type { eventsQuerySchema } from './events.controller';

export type EventsQuery = z.infer<typeof eventsQuerySchema>;

@Injectable()
export class EventsService {
  constructor(private readonly ds: DataSource) {}

  async list(query: EventsQuery): Promise<{ items: DomainEventView[]; next: string | null }> {
    const q = this.ds
      .getRepository(DomainEventEntity)
      .createQueryBuilder('e')
      .orderBy('e.sequence', 'ASC')
      .take(query.limit);
    if (query.subjectType) q.andWhere('e.subject_type = :t', { t: query.subjectType });
    if (query.subjectId) q.andWhere('e.subject_id = :s', { s: query.subjectId });
    if (query.after !== undefined) q.andWhere('e.sequence > :after', { after: query.after.toString() });
    const rows = await q.getMany();
    return {
      items: rows.map((e) => ({
        id: e.id,
        sequence: e.sequence,
        type: e.type,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        actorId: e.actorId,
        occurredAt: e.occurredAt.toISOString(),
        occurredAtLocal: formatShanghai(e.occurredAt),
        payload: e.payload,
      })),
      next: rows.length === query.limit ? rows[rows.length - 1].sequence : null,
    };
  }

  /** Status history read from the audit trail: one source, no second copy to drift. */
  async statusHistory(subjectType: SubjectType, subjectId: string) {
    const events = await this.ds.getRepository(DomainEventEntity).find({
      where: { subjectType, subjectId },
      order: { sequence: 'ASC' },
    });
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
