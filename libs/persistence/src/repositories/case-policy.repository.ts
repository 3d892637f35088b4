import { DataSource, EntityManager } from 'typeorm';
import { CasePolicyEntity } from '../entities';

/** The versions of the misconduct-case timings; the latest is in force for new cases. */
export class CasePolicyRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(CasePolicyEntity);
  }

  current(): Promise<CasePolicyEntity | null> {
    return this.rows.findOne({ where: {}, order: { version: 'DESC' } });
  }

  byId(id: string): Promise<CasePolicyEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** Inside a transaction: the next version number, holding the policy's lock until it ends. */
  async nextVersion(): Promise<number> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['case-policy']);
    const row = await this.rows
      .createQueryBuilder('p')
      .select('coalesce(max(p.version), 0)', 'version')
      .getRawOne<{ version: number }>();
    return Number(row?.version ?? 0) + 1;
  }

  /** Inside the activity's transaction. */
  async insert(row: Omit<CasePolicyEntity, 'createdAt'>): Promise<void> {
    await this.rows.insert(row);
  }
}
