import { DataSource, EntityManager } from 'typeorm';
import type { Page, PageQuery } from '@kjflow/domain';
import { ProgramTemplateEntity } from '../entities';
import { keysetPage } from '../pagination';
import { ReadOnce } from '../read-once';

/** Template versions by id (ids are UUIDs, so one map serves every database of the process). */
const VERSIONS = new ReadOnce<ProgramTemplateEntity>();

/** Program templates: one row per version of a code, never edited (guides pin the version). */
export class ProgramTemplateRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(ProgramTemplateEntity);
  }

  /** A page of the current (highest) version of every code, by code. */
  pageOfCurrent(page: PageQuery): Promise<Page<ProgramTemplateEntity>> {
    // A version is current when its code has no higher one; the code then identifies the row.
    const query = this.rows
      .createQueryBuilder('t')
      .where(
        'NOT EXISTS (SELECT 1 FROM program_templates n WHERE n.code = t.code AND n.version > t.version)',
      );
    return keysetPage(query, { columns: ['t.code'], direction: 'ASC', cursorOf: (t) => [t.code] }, page);
  }

  /** Every version of a code, newest first. */
  versions(code: string): Promise<ProgramTemplateEntity[]> {
    return this.rows.find({ where: { code }, order: { version: 'DESC' } });
  }

  current(code: string): Promise<ProgramTemplateEntity | null> {
    return this.rows.findOne({ where: { code }, order: { version: 'DESC' } });
  }

  /**
   * A version by id, read once per process: its row is never changed (a save is a new version),
   * and every submission, formal check and review reads its call's (issue 17).
   */
  byId(id: string): Promise<ProgramTemplateEntity | null> {
    return VERSIONS.get(id, () => this.rows.findOneBy({ id }));
  }

  /**
   * Inside a transaction: the next version number of a code, holding the code's lock until the
   * transaction ends (the unique (code, version) constraint backs this up).
   */
  async nextVersion(code: string): Promise<number> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`template:${code}`]);
    const row = await this.rows
      .createQueryBuilder('t')
      .select('coalesce(max(t.version), 0)', 'version')
      .where('t.code = :code', { code })
      .getRawOne<{ version: number }>();
    return Number(row?.version ?? 0) + 1;
  }

  /** Inside the activity's transaction. */
  async insert(row: Omit<ProgramTemplateEntity, 'createdAt'>): Promise<void> {
    await this.rows.insert(row);
  }
}
