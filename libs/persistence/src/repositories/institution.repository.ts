import { DataSource, EntityManager, In } from 'typeorm';
import type { Page, PageQuery } from '@kjflow/domain';
import { InstitutionEntity } from '../entities/institution.entity';
import { containsPattern, keysetPage } from '../pagination';

/** The institutions (依托单位) registered in the system. */
export class InstitutionRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(InstitutionEntity);
  }

  /** Those of `ids` that exist (in no particular order). */
  byIds(ids: readonly string[]): Promise<InstitutionEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rows.findBy({ id: In([...ids]) });
  }

  /** By name (text anywhere in it, taken literally), in name order. */
  page(filter: { q?: string }, page: PageQuery): Promise<Page<InstitutionEntity>> {
    const q = this.rows.createQueryBuilder('i');
    if (filter.q) q.andWhere('i.name ILIKE :q', { q: containsPattern(filter.q) });
    return keysetPage(
      q,
      { columns: ['i.name', 'i.id'], direction: 'ASC', cursorOf: (i) => [i.name, i.id] },
      page,
    );
  }
}
