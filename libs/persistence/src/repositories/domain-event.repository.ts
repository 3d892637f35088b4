import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQuery, SubjectType } from '@kjflow/domain';
import { DomainEventEntity } from '../entities/domain-event.entity';
import { keysetPage } from '../pagination';

/** Which events of the audit trail: all, or those of a subject type and/or one subject. */
export interface DomainEventFilter {
  subjectType?: SubjectType;
  subjectId?: string;
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
    const q = this.rows.createQueryBuilder('e');
    if (filter.subjectType) q.andWhere('e.subject_type = :t', { t: filter.subjectType });
    if (filter.subjectId) q.andWhere('e.subject_id = :s', { s: filter.subjectId });
    return keysetPage(q, { columns: ['e.sequence'], direction: 'ASC', cursorOf: (e) => [e.sequence] }, page);
  }

  /** Every event of one subject, oldest first (a status history is read from these). */
  ofSubject(subjectType: SubjectType, subjectId: string): Promise<DomainEventEntity[]> {
    return this.rows.find({ where: { subjectType, subjectId }, order: { sequence: 'ASC' } });
  }
}
