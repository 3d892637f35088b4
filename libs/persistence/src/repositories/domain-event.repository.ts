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
   * Read in this order: `lastSequence` (the last one taken), then the transactions of this
   * database that hold a transaction id (each holds the lock on its own id from the moment it gets
   * one). An append gets its id (its first write) before it takes a sequence, so every sequence
   * ≤ lastSequence belongs to a transaction that has ended or is in `running`; once all of
   * `running` have ended, every event up to lastSequence is visible or never will be.
   * (Not pg_current_snapshot(): its xmax is the last completed id + 1, so a transaction that
   * got its id after that is in neither xip nor below xmax.)
   */
  async eventHorizonProbe(): Promise<{ lastSequence: bigint; running: string[] }> {
    const [seq]: Array<{ last: string; called: boolean }> = await this.db.query(
      `SELECT last_value::text AS last, is_called AS called FROM domain_events_sequence_seq`,
    );
    const rows: Array<{ xid: string }> = await this.db.query(
      `SELECT l.transactionid::text AS xid FROM pg_locks l JOIN pg_stat_activity a USING (pid)
        WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted
          AND a.datname = current_database()`,
    );
    return { lastSequence: seq.called ? BigInt(seq.last) : 0n, running: rows.map((r) => r.xid) };
  }

  /** Every event of one subject, oldest first (a status history is read from these). */
  ofSubject(subjectType: SubjectType, subjectId: string): Promise<DomainEventEntity[]> {
    return this.rows.find({ where: { subjectType, subjectId }, order: { sequence: 'ASC' } });
  }
}
