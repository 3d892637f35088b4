import { DataSource, EntityManager } from 'typeorm';
import { MisconductCaseEntity } from '../entities';

/** The read model of misconduct cases; the case's workflow owns each row's changes. */
export class MisconductCaseRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(MisconductCaseEntity);
  }

  byId(id: string): Promise<MisconductCaseEntity | null> {
    return this.rows.findOneBy({ id });
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
