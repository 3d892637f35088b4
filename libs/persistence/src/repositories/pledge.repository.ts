import { DataSource, EntityManager } from 'typeorm';
import { ApplicationPledgeEntity } from '../entities/application-pledge.entity';

export type PledgeParty = ApplicationPledgeEntity['party'];

/** 科研诚信承诺 of applications: one signature per party, the first one kept. */
export class PledgeRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(ApplicationPledgeEntity);
  }

  /** The signatures of an application, by party (null where not signed). */
  async of(applicationId: string): Promise<Record<PledgeParty, ApplicationPledgeEntity | null>> {
    const rows = await this.rows.findBy({ applicationId });
    const of = (party: PledgeParty) => rows.find((r) => r.party === party) ?? null;
    return { pi: of('pi'), institution: of('institution') };
  }

  /** Inside the activity's transaction; signing again changes nothing. */
  async sign(applicationId: string, party: PledgeParty, signedBy: string, signedAt: Date): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .insert()
      .values({ applicationId, party, signedBy, signedAt })
      .orIgnore()
      .execute();
  }
}
