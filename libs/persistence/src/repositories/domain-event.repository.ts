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

  /**
   * The events with `after` < sequence ≤ `upTo`, oldest first, at most `limit` (the event stream
   * reads below its safe horizon only: see eventHorizonProbe).
   */
  range(after: string, upTo: string, limit: number): Promise<DomainEventEntity[]> {
    return this.rows
      .createQueryBuilder('e')
      .where('e.sequence > :after AND e.sequence <= :upTo', { after, upTo })
      .orderBy('e.sequence', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * What bounds the event stream's safe horizon. Sequences are taken in append transactions that
   * commit in any order, so a reader past sequence s could miss a smaller one committed later.
   * Read in this order: `lastSequence` (the last one taken), then the snapshot: each append holds
   * its transaction id before it takes a sequence, so every sequence ≤ lastSequence belongs to a
   * transaction below `xmax`; once the oldest running transaction (`xmin`) has passed that `xmax`,
   * every event up to lastSequence is visible or never will be.
   */
  async eventHorizonProbe(): Promise<{ lastSequence: bigint; xmin: bigint; xmax: bigint }> {
    const [seq]: Array<{ last: string; called: boolean }> = await this.db.query(
      `SELECT last_value::text AS last, is_called AS called FROM domain_events_sequence_seq`,
    );
    const [snap]: Array<{ xmin: string; xmax: string }> = await this.db.query(
      `SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax FROM pg_current_snapshot() s`,
    );
    return {
      lastSequence: seq.called ? BigInt(seq.last) : 0n,
      xmin: BigInt(snap.xmin),
      xmax: BigInt(snap.xmax),
    };
  }

  /** Every event of one subject, oldest first (a status history is read from these). */
  ofSubject(subjectType: SubjectType, subjectId: string): Promise<DomainEventEntity[]> {
    return this.rows.find({ where: { subjectType, subjectId }, order: { sequence: 'ASC' } });
  }
}
