import { DEMAND_STATUS_LABELS, DemandStatus, formatShanghai, TopicView } from '@kjflow/domain';
import type { DemandCampaignEntity, DemandRow, TopicEntity } from '@kjflow/persistence';
import { CampaignView, DemandView } from './demands.schemas';

/** Campaigns, demands and topics as the API answers them. */

export function campaignView(c: DemandCampaignEntity): CampaignView {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    windowStart: c.windowStart.toISOString(),
    windowEnd: c.windowEnd.toISOString(),
    windowEndLocal: `${formatShanghai(c.windowEnd)} (Asia/Shanghai)`,
    keyFields: c.keyFields,
    counties: c.counties,
    instructions: c.instructions,
    createdAt: c.createdAt.toISOString(),
  };
}

export function demandView(r: DemandRow): DemandView {
  return {
    id: r.id,
    campaignId: r.campaignId,
    submitterId: r.submitterId,
    submitterName: r.submitterName,
    institutionId: r.institutionId,
    institutionName: r.institutionName,
    status: r.status,
    statusLabel: DEMAND_STATUS_LABELS[r.status],
    content: r.content,
    version: r.version,
    mergedIntoId: r.mergedIntoId,
    submittedAt: r.submittedAt ? new Date(r.submittedAt).toISOString() : null,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

export function topicView(t: TopicEntity, demandIds: string[]): TopicView {
  const c = t.content;
  return {
    id: t.id,
    kind: t.kind,
    title: t.title,
    keyField: t.keyField,
    problem: c.problem,
    indicators: c.indicators,
    deadline: c.deadline,
    fundingFen: c.fundingFen,
    issuerInstitutionId: t.issuerInstitutionId,
    issuerCoFundingFen: c.issuerCoFundingFen,
    demandIds,
    createdAt: t.createdAt.toISOString(),
  };
}

export type SimilarDemand = { id: string; title: string; status: DemandStatus; similarity: number };

/** A possible duplicate: no more of the demand than its title and status. */
export function similarView({ id, title, status, similarity }: SimilarDemand) {
  return { id, title, status, statusLabel: DEMAND_STATUS_LABELS[status], similarity };
}

/** A status history entry with the demand's label for its status. */
export function labelledDemandHistory<H extends { status: string }>(history: H[]) {
  return history.map((h) => ({
    ...h,
    statusLabel: DEMAND_STATUS_LABELS[h.status as DemandStatus] ?? { zh: h.status, en: h.status },
  }));
}
