import { DataSource, EntityManager, In } from 'typeorm';
import { CreditRecordEntity, CreditRepairRequestEntity, DomainEventEntity } from '../entities';
import type { Page, PageQuery } from '@kjflow/domain';
import { atMillis, keysetPage } from '../pagination';

/**
 * The name of a credit subject (alias `alias`'s subject_type and subject_id): a person's display
 * name, an expert's name in the pool, an institution's or agency's name; null when none is known.
 */
export const subjectNameSql = (alias: string) => `CASE ${alias}.subject_type
    WHEN 'person' THEN (SELECT display_name FROM users WHERE id = ${alias}.subject_id)
    WHEN 'expert' THEN (SELECT name FROM experts WHERE id = ${alias}.subject_id)
    ELSE (SELECT name FROM institutions WHERE id = ${alias}.subject_id) END`;

export interface CreditSubjectRef {
  type: string;
  id: string;
}

/** The credit ledger (append-only records) and its repair requests. */
export class CreditRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get records() {
    return this.db.getRepository(CreditRecordEntity);
  }

  private get requests() {
    return this.db.getRepository(CreditRepairRequestEntity);
  }

  /** A subject's records in the order they take effect. */
  ofSubject(subject: CreditSubjectRef): Promise<CreditRecordEntity[]> {
    return this.records.find({
      where: { subjectType: subject.type, subjectId: subject.id },
      order: { effectiveFrom: 'ASC', recordedAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * The records of several subjects (a team: its PI, members and institution) in one query, each
   * subject's in the order they take effect, by `type:id`.
   */
  async ofEachSubject(subjects: readonly CreditSubjectRef[]): Promise<Map<string, CreditRecordEntity[]>> {
    const bySubject = new Map(subjects.map((s) => [`${s.type}:${s.id}`, [] as CreditRecordEntity[]]));
    if (subjects.length === 0) return bySubject;
    const rows = await this.records.find({
      where: subjects.map((s) => ({ subjectType: s.type, subjectId: s.id })),
      order: { effectiveFrom: 'ASC', recordedAt: 'ASC', id: 'ASC' },
    });
    for (const r of rows) bySubject.get(`${r.subjectType}:${r.subjectId}`)?.push(r);
    return bySubject;
  }

  /** The records of many subjects of one type in one query (e.g. the experts of a draw). */
  ofSubjects(type: string, ids: readonly string[]): Promise<CreditRecordEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.records.find({ where: { subjectType: type, subjectId: In([...ids]) } });
  }

  record(id: string): Promise<CreditRecordEntity | null> {
    return this.records.findOneBy({ id });
  }

  /** A page of a subject's records, in the order they take effect. */
  pageOfSubject(subject: CreditSubjectRef, page: PageQuery): Promise<Page<CreditRecordEntity>> {
    const q = this.records
      .createQueryBuilder('r')
      .where('r.subject_type = :type AND r.subject_id = :id', { type: subject.type, id: subject.id });
    return keysetPage(
      q,
      {
        columns: ['r.effective_from', atMillis('r.recorded_at'), 'r.id'],
        direction: 'ASC',
        cursorOf: (r) => [r.effectiveFrom, r.recordedAt.toISOString(), r.id],
      },
      page,
    );
  }

  /**
   * A page of the whole ledger (the bureau's view of every subject), newest record first, of one
   * subject type or kind when given.
   */
  pageOfLedger(
    filter: { subjectType?: string; kind?: string },
    page: PageQuery,
  ): Promise<Page<CreditRecordEntity>> {
    const q = this.records.createQueryBuilder('r');
    if (filter.subjectType) q.andWhere('r.subject_type = :type', { type: filter.subjectType });
    if (filter.kind) q.andWhere('r.kind = :kind', { kind: filter.kind });
    return keysetPage(
      q,
      {
        columns: [atMillis('r.recorded_at'), 'r.id'],
        direction: 'DESC',
        cursorOf: (r) => [r.recordedAt.toISOString(), r.id],
      },
      page,
    );
  }

  /** The names of the subjects of `records` (by record id; null where none is known). */
  async subjectNames(recordIds: readonly string[]): Promise<Map<string, string | null>> {
    if (recordIds.length === 0) return new Map();
    const rows: Array<{ id: string; name: string | null }> = await this.db.query(
      `SELECT r.id, ${subjectNameSql('r')} AS name FROM credit_records r WHERE r.id = ANY($1::uuid[])`,
      [recordIds],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** A page of the decisions marked public, newest first. */
  publicRecords(page: PageQuery): Promise<Page<CreditRecordEntity>> {
    return keysetPage(
      this.records.createQueryBuilder('r').where('r.is_public'),
      {
        columns: [atMillis('r.recorded_at'), 'r.id'],
        direction: 'DESC',
        cursorOf: (r) => [r.recordedAt.toISOString(), r.id],
      },
      page,
    );
  }

  /** Inside the ledger writer's transaction: the id of the event a record follows from. */
  async eventIdOf(key: { workflowId: string; step: string }): Promise<string | null> {
    const row = await this.db
      .getRepository(DomainEventEntity)
      .findOne({ select: { id: true }, where: { workflowId: key.workflowId, step: key.step } });
    return row?.id ?? null;
  }

  /** Inside the ledger writer's transaction (see appendCreditRecord). */
  async insertRecord(row: CreditRecordEntity): Promise<void> {
    await this.records.insert(row);
  }

  repairRequest(id: string): Promise<CreditRepairRequestEntity | null> {
    return this.requests.findOneBy({ id });
  }

  /** Whether a repair request of the record is waiting for a decision. */
  async hasPendingRepair(recordId: string): Promise<boolean> {
    return (await this.requests.countBy({ recordId, status: 'pending' })) > 0;
  }

  /** Of `recordIds`, those with a repair request waiting for a decision. */
  async pendingRepairsOf(recordIds: readonly string[]): Promise<string[]> {
    if (recordIds.length === 0) return [];
    const rows = await this.requests.find({
      select: { recordId: true },
      where: { recordId: In([...recordIds]), status: 'pending' },
    });
    return rows.map((r) => r.recordId);
  }

  /** Inside the activity's transaction: a new pending request. */
  async insertRepairRequest(row: {
    id: string;
    recordId: string;
    reason: string;
    evidenceRefs: string[];
    requestedBy: string;
    createdAt: Date;
  }): Promise<void> {
    await this.requests.insert({ ...row, status: 'pending' });
  }

  /** Inside the activity's transaction: the pending request approved (with its repair record) or rejected. */
  async decideRepairRequest(
    id: string,
    d: {
      status: 'approved' | 'rejected';
      decisionReason: string | null;
      decidedBy: string;
      decidedAt: Date;
      repairRecordId: string | null;
    },
  ): Promise<void> {
    await this.requests.update({ id, status: 'pending' }, d);
  }
}
