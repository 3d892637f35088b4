import { DataSource } from 'typeorm';
import { CallStatus, callStatusAt, CampaignSpec, workflowIds } from '@kjflow/domain';
import { DemandCampaignRepository, DemandRepository } from '@kjflow/persistence';
import type { CreateDemandRecord, DemandTransitionRecord, SaveDemandDraftRecord } from '@kjflow/workflows';
import { appendWithChange } from '@kjflow/persistence';

/** Columns copied out of the content for search, similarity and filtering. */
function searchable(content: SaveDemandDraftRecord['content']) {
  return {
    title: content.title,
    keyField: content.keyField,
    county: content.county,
    problem: content.problem,
  };
}

export function demandActivities(ds: DataSource) {
  return {
    async createCampaign(spec: CampaignSpec, at: number): Promise<void> {
      const status = callStatusAt(spec, at);
      await appendWithChange(
        ds,
        {
          type: 'demand_campaign.created',
          subjectType: 'demand_campaign',
          subjectId: spec.id,
          actorId: spec.createdBy,
          payload: { ...spec, status },
          workflowId: workflowIds.campaign(spec.id),
          step: 'created',
          occurredAt: new Date(at),
        },
        (tx) =>
          new DemandCampaignRepository(tx).insert({
            id: spec.id,
            title: spec.title,
            status,
            windowStart: new Date(spec.windowStart),
            windowEnd: new Date(spec.windowEnd),
            keyFields: spec.keyFields,
            counties: spec.counties,
            instructions: spec.instructions,
            createdBy: spec.createdBy,
          }),
      );
    },

    async setCampaignStatus(input: { campaignId: string; status: CallStatus; at: number }): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: input.status === 'open' ? 'demand_campaign.opened' : 'demand_campaign.closed',
          subjectType: 'demand_campaign',
          subjectId: input.campaignId,
          actorId: null,
          payload: { status: input.status },
          workflowId: workflowIds.campaign(input.campaignId),
          step: `status:${input.status}`,
          occurredAt: new Date(input.at),
        },
        (tx) => new DemandCampaignRepository(tx).setStatus(input.campaignId, input.status),
      );
    },

    async createDemand(rec: CreateDemandRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'demand.created',
          subjectType: 'demand',
          subjectId: rec.id,
          actorId: rec.submitterId,
          payload: { status: 'draft', campaignId: rec.campaignId },
          workflowId: workflowIds.demand(rec.id),
          step: 'created',
          occurredAt: new Date(rec.at),
        },
        (tx) =>
          new DemandRepository(tx).insert({
            id: rec.id,
            campaignId: rec.campaignId,
            submitterId: rec.submitterId,
            institutionId: rec.institutionId,
            status: 'draft',
            content: rec.content,
            version: 1,
            ...searchable(rec.content),
          }),
      );
    },

    async saveDemandDraft(rec: SaveDemandDraftRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'demand.draft_saved',
          subjectType: 'demand',
          subjectId: rec.id,
          actorId: rec.actorId,
          payload: { changed: rec.changed, version: rec.version },
          workflowId: workflowIds.demand(rec.id),
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        (tx) =>
          new DemandRepository(tx).update(rec.id, {
            content: rec.content,
            version: rec.version,
            ...searchable(rec.content),
          }),
      );
    },

    async transitionDemand(rec: DemandTransitionRecord): Promise<void> {
      const { from, to, event } = rec.transition;
      const mergedIntoId = (rec.extra?.mergeIntoId as string | undefined) ?? null;
      await appendWithChange(
        ds,
        {
          type: event,
          subjectType: 'demand',
          subjectId: rec.id,
          actorId: rec.actorId,
          payload: {
            from,
            status: to,
            reason: rec.reason,
            version: rec.version,
            ...(mergedIntoId ? { mergedIntoId } : {}),
          },
          workflowId: workflowIds.demand(rec.id),
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        (tx) =>
          new DemandRepository(tx).update(rec.id, {
            status: to,
            version: rec.version,
            ...(to === 'submitted' ? { submittedAt: new Date(rec.at) } : {}),
            ...(mergedIntoId ? { mergedIntoId } : {}),
          }),
      );
    },
  };
}
