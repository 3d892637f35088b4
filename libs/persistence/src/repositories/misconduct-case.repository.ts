import { DataSource, EntityManager } from 'typeorm';
import type { Page, PageQuery } from '@kjflow/domain';
import { MisconductCaseEntity } from '../entities';
import { atMillis, keyset } from '../pagination';
import { subjectNameSql } from './credit.repository';

/** A case as the bureau's list shows it: the row with its subject's name. */
export type MisconductCaseListRow = MisconductCaseEntity & { subjectName: string | null };

/** The read model of misconduct cases; the case's workflow owns each row's changes. */
export class MisconductCaseRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(MisconductCaseEntity);
  }

  byId(id: string): Promise<MisconductCaseEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** The name of a case's subject (null when none is known, or no such case). */
  async subjectName(id: string): Promise<string | null> {
    const [row]: Array<{ name: string | null }> = await this.db.query(
      `SELECT ${subjectNameSql('c')} AS name FROM misconduct_cases c WHERE c.id = $1`,
      [id],
    );
    return row?.name ?? null;
  }

  /** A page of every case, newest report first, of one status when given, with the subjects' names. */
  page(filter: { status?: string }, page: PageQuery): Promise<Page<MisconductCaseListRow>> {
    const q = this.rows.createQueryBuilder('c').addSelect(subjectNameSql('c'), 'subject_name');
    if (filter.status) q.andWhere('c.status = :status', { status: filter.status });
    return keyset(
      q,
      {
        columns: [atMillis('c.created_at'), 'c.id'],
        direction: 'DESC',
        cursorOf: (c: MisconductCaseListRow) => [c.createdAt.toISOString(), c.id],
      },
      page,
      async (query) => {
        const { raw, entities } = await query.getRawAndEntities<{
          c_id: string;
          subject_name: string | null;
        }>();
        const names = new Map(raw.map((r) => [r.c_id, r.subject_name]));
        return entities.map((e) => ({ ...e, subjectName: names.get(e.id) ?? null }));
      },
    );
  }

  /** Inside the activity's transaction: the reported case. */
  async insert(
    row: Omit<
      MisconductCaseEntity,
      'finding' | 'review' | 'investigationDeadline' | 'appealDeadline' | 'appealCalendar' | 'creditRecordId'
    >,
  ): Promise<void> {
    await this.rows.insert(row);
  }

  /** Inside the activity's transaction: the columns a step changes. */
  async update(id: string, change: Partial<Omit<MisconductCaseEntity, 'id'>>): Promise<void> {
    await this.rows.update({ id }, change);
  }
}
