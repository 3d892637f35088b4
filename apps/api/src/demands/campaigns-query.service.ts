import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound, Page, PageQuery } from '@kjflow/domain';
import { DemandCampaignEntity, DemandCampaignRepository, mapPage } from '@kjflow/persistence';
import { CampaignView } from './demands.schemas';
import { campaignView } from './demand-views';

const CAMPAIGN = { zh: '需求征集', en: 'Demand campaign' };

/** Demand campaigns, latest window first: read by every signed-in user (they say what to submit). */
@Injectable()
export class CampaignsQueryService {
  private readonly campaigns: DemandCampaignRepository;

  constructor(ds: DataSource) {
    this.campaigns = new DemandCampaignRepository(ds);
  }

  async page(page: PageQuery): Promise<Page<CampaignView>> {
    return mapPage(await this.campaigns.page(page), campaignView);
  }

  async get(id: string): Promise<CampaignView> {
    return campaignView(await this.entity(id));
  }

  async entity(id: string): Promise<DemandCampaignEntity> {
    const row = await this.campaigns.byId(id);
    if (!row) throw notFound(CAMPAIGN);
    return row;
  }
}
