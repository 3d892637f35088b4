import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayReadDemands,
  assertMaySubmitDemands,
  canReadDemand,
  DemandStatus,
  notFound,
  Page,
  PageQuery,
  similarDemands,
  similarDemandsPage,
} from '@kjflow/domain';
import { DemandEntity, DemandRepository, DemandRow, mapPage, TopicRepository } from '@kjflow/persistence';
import { EventsService } from '../events/events.service';
import { CampaignsQueryService } from './campaigns-query.service';
import { DemandView } from './demands.schemas';
import { demandView, labelledDemandHistory, similarView } from './demand-views';

const DEMAND = { zh: '需求', en: 'Demand' };

/**
 * Reading demands: one demand with its history, possible duplicates and the topics it became (its
 * submitter, their institution's admin, staff and auditors); a submitter's own; a campaign's.
 */
@Injectable()
export class DemandsQueryService {
  private readonly demands: DemandRepository;
  private readonly topics: TopicRepository;

  constructor(
    ds: DataSource,
    private readonly events: EventsService,
    private readonly campaigns: CampaignsQueryService,
  ) {
    this.demands = new DemandRepository(ds);
    this.topics = new TopicRepository(ds);
  }

  async get(id: string, actor: Actor) {
    const row = await this.readableRow(id, actor);
    return {
      ...demandView(row),
      history: labelledDemandHistory(await this.events.statusHistory('demand', id)),
      similar: await this.similarTo(row),
      topicIds: await this.topics.topicIdsOf([id]),
    };
  }

  /** A page of the possible duplicates, most similar first, for the staff and auditors screening it. */
  async similar(id: string, page: PageQuery, actor: Actor): Promise<Page<ReturnType<typeof similarView>>> {
    assertMayReadDemands(actor);
    const row = await this.readableRow(id, actor);
    if (row.status === 'draft') return { items: [], next: null };
    return mapPage(similarDemandsPage(row, await this.demands.live(row.campaignId), page), similarView);
  }

  async mine(actor: Actor, page: PageQuery): Promise<Page<DemandView>> {
    assertMaySubmitDemands(actor);
    return mapPage(await this.demands.page({ submitterId: actor.id }, page), demandView);
  }

  async ofCampaign(campaignId: string, status: DemandStatus | undefined, page: PageQuery, actor: Actor) {
    assertMayReadDemands(actor);
    await this.campaigns.entity(campaignId);
    return mapPage(await this.demands.page({ campaignId, status }, page), demandView);
  }

  /** The demand if the actor may read it (else "not found", so ids cannot be probed). */
  async readableRow(id: string, actor: Actor): Promise<DemandRow> {
    const row = await this.row(id);
    if (!canReadDemand(actor, row)) throw notFound(DEMAND);
    return row;
  }

  async row(id: string): Promise<DemandRow> {
    const row = await this.demands.namedById(id);
    if (!row) throw notFound(DEMAND);
    return row;
  }

  /** The first few submitted or accepted demands of the same campaign that read alike (none for a draft). */
  private async similarTo(row: Pick<DemandEntity, 'id' | 'campaignId' | 'title' | 'problem' | 'status'>) {
    if (row.status === 'draft') return [];
    return similarDemands(row, await this.demands.live(row.campaignId)).map(similarView);
  }
}
