import { DataSource, EntityManager } from 'typeorm';
import type { CallStatus, Page, PageQuery } from '@kjflow/domain';
import { atMillis, keysetPage } from '../pagination';
import { DemandCampaignEntity } from '../entities';

/** Demand collection campaigns; each one's workflow (`demand-campaign-<id>`) owns its status. */
export class DemandCampaignRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(DemandCampaignEntity);
  }

  /** A page of campaigns, latest window first. */
  page(page: PageQuery): Promise<Page<DemandCampaignEntity>> {
    return keysetPage(
      this.rows.createQueryBuilder('c'),
      {
        columns: [atMillis('c.window_end'), 'c.id'],
        direction: 'DESC',
        cursorOf: (c) => [c.windowEnd.toISOString(), c.id],
      },
      page,
    );
  }

  byId(id: string): Promise<DemandCampaignEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** Inside the activity's transaction. */
  async insert(row: Omit<DemandCampaignEntity, 'createdAt' | 'updatedAt'>): Promise<void> {
    await this.rows.insert(row);
  }

  /** Inside the activity's transaction: the window opened or closed. */
  async setStatus(id: string, status: CallStatus): Promise<void> {
    await this.rows.update({ id }, { status });
  }
}
