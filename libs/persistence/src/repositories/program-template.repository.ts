import { DataSource, EntityManager } from 'typeorm';
import { ProgramTemplateEntity } from '../entities';

/** Program templates: one row per version of a code, never edited (guides pin the version). */
export class ProgramTemplateRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(ProgramTemplateEntity);
  }

  /** The current (highest) version of every code, by code. */
  currentAll(): Promise<ProgramTemplateEntity[]> {
    return this.rows
      .createQueryBuilder('t')
      .distinctOn(['t.code'])
      .orderBy('t.code')
      .addOrderBy('t.version', 'DESC')
      .getMany();
  }

  /** Every version of a code, newest first. */
  versions(code: string): Promise<ProgramTemplateEntity[]> {
    return this.rows.find({ where: { code }, order: { version: 'DESC' } });
  }

  current(code: string): Promise<ProgramTemplateEntity | null> {
    return this.rows.findOne({ where: { code }, order: { version: 'DESC' } });
  }

  byId(id: string): Promise<ProgramTemplateEntity | null> {
    return this.rows.findOneBy({ id });
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
