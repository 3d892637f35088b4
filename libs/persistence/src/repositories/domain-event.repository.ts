import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQuery, SubjectType } from '@kjflow/domain';
import { DomainEventEntity } from '../entities/domain-event.entity';
import { keysetPage } from '../pagination';

/**
 * Which events of the audit trail: all, or those matching every given field (an event type, a
 * subject type and/or one subject, an actor, occurred in [from, to)).
 */
export interface DomainEventFilter {
  subjectType?: SubjectType;
  subjectId?: string;
  type?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
}

/**
 * Reads of the audit trail (domain_events). It is written only with a change, by appendWithChange
 * (event-store.ts), and never updated: so this class only reads.
 */
export class DomainEventRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(DomainEventEntity);
  }

  /** A page of the trail, oldest first (keyset on `sequence`, which orders the whole system). */
  page(filter: DomainEventFilter, page: PageQuery): Promise<Page<DomainEventEntity>> {
    return keysetPage(
      this.filtered(filter),
      { columns: ['e.sequence'], direction: 'ASC', cursorOf: (e) => [e.sequence] },
      page,
    );
  }

  /** The first `limit` events of a filter, oldest first (an export reads these in one go). */
  list(filter: DomainEventFilter, limit: number): Promise<DomainEventEntity[]> {
    return this.filtered(filter).orderBy('e.sequence', 'ASC').limit(limit).getMany();
  }

  private filtered(filter: DomainEventFilter) {
    const q = this.rows.createQueryBuilder('e');
    if (filter.subjectType) q.andWhere('e.subject_type = :t', { t: filter.subjectType });
    if (filter.subjectId) q.andWhere('e.subject_id = :s', { s: filter.subjectId });
    if (filter.type) q.andWhere('e.type = :type', { type: filter.type });
    if (filter.actorId) q.andWhere('e.actor_id = :actor', { actor: filter.actorId });
    if (filter.from) q.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) q.andWhere('e.occurred_at < :to', { to: filter.to });
    return q;
  }

  /** Every event of one subject, oldest first (a status history is read from these). */
  ofSubject(subjectType: SubjectType, subjectId: string): Promise<DomainEventEntity[]> {
    return this.rows.find({ where: { subjectType, subjectId }, order: { sequence: 'ASC' } });
  }
}
