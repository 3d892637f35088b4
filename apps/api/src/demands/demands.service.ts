import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertCanSubmitDemand,
  assertCondensable,
  assertMergeTarget,
  assertDemandEditable,
  assertWindowOpen,
  canReadDemand,
  CampaignSpec,
  CreateCampaignInput,
  CreateDemandInput,
  CreateTopicInput,
  DEMAND_STATUS_LABELS,
  DemandStatus,
  assertDeadlineAhead,
  forbidden,
  formatShanghai,
  nextDemandStatus,
  notFound,
  PatchDemandInput,
  ScreeningDecisionInput,
  similarDemands,
  similarDemandsPage,
  TopicView,
  workflowIds,
  Page,
  PageQuery,
} from '@kjflow/domain';
import {
  DemandCampaignEntity,
  DemandCampaignRepository,
  DemandEntity,
  DemandRepository,
  DemandRow,
  TopicEntity,
  TopicRepository,
  mapPage,
} from '@kjflow/persistence';
import { KjCallId, KjStage, TASK_QUEUE } from '@kjflow/temporal';
import {
  campaignCreatedUpdate,
  createTopicUpdate,
  campaignWorkflow,
  demandCreatedUpdate,
  demandWorkflow,
  editDraftUpdate,
  screenDemandUpdate,
  submitUpdate,
} from '@kjflow/workflows';
import type { topicWorkflow } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { EventsService } from '../events/events.service';
import { CampaignView, DemandView } from './demands.schemas';

const CAMPAIGN = { zh: '需求征集', en: 'Demand campaign' };
const DEMAND = { zh: '需求', en: 'Demand' };

@Injectable()
export class DemandsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly events: EventsService,
  ) {}

  // ---- campaigns ---------------------------------------------------------------------------

  async createCampaign(input: CreateCampaignInput, actor: Actor): Promise<CampaignView> {
    assertDeadlineAhead(input.windowEnd, Date.now());
    const spec: CampaignSpec = {
      id: randomUUID(),
      title: input.title,
      windowStart: new Date(input.windowStart).toISOString(),
      windowEnd: new Date(input.windowEnd).toISOString(),
      keyFields: input.keyFields,
      counties: input.counties,
      instructions: input.instructions,
      createdBy: actor.id,
    };
    const start = new WithStartWorkflowOperation(campaignWorkflow, {
      workflowId: workflowIds.campaign(spec.id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [spec],
      typedSearchAttributes: [{ key: KjStage, value: 'demand_campaign' }],
    });
    await this.temporal.workflow.executeUpdateWithStart(campaignCreatedUpdate, {
      startWorkflowOperation: start,
    });
    return this.campaign(spec.id);
  }

  async campaigns(page: PageQuery): Promise<Page<CampaignView>> {
    return mapPage(await new DemandCampaignRepository(this.ds).page(page), toCampaignView);
  }

  async campaign(id: string): Promise<CampaignView> {
    return toCampaignView(await this.campaignEntity(id));
  }

  private async campaignEntity(id: string): Promise<DemandCampaignEntity> {
    const row = await new DemandCampaignRepository(this.ds).byId(id);
    if (!row) throw notFound(CAMPAIGN);
    return row;
  }

  // ---- demands -----------------------------------------------------------------------------

  async create(input: CreateDemandInput, actor: Actor) {
    const campaign = await this.campaignEntity(input.campaignId);
    if (campaign.windowEnd.getTime() <= Date.now()) assertWindowOpen(campaign, Date.now());
    const id = randomUUID();
    const { campaignId, ...content } = input;
    const start = new WithStartWorkflowOperation(demandWorkflow, {
      workflowId: workflowIds.demand(id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [
        {
          demandId: id,
          campaign: {
            id: campaignId,
            windowStart: campaign.windowStart.toISOString(),
            windowEnd: campaign.windowEnd.toISOString(),
            keyFields: campaign.keyFields,
            counties: campaign.counties,
          },
          submitterId: actor.id,
          institutionId: actor.institutionId,
          content,
        },
      ],
      typedSearchAttributes: [
        { key: KjCallId, value: campaignId },
        { key: KjStage, value: 'draft' },
      ],
    });
    await this.temporal.workflow.executeUpdateWithStart(demandCreatedUpdate, {
      startWorkflowOperation: start,
    });
    return this.get(id, actor);
  }

  async edit(id: string, patch: PatchDemandInput, actor: Actor, expectedVersion?: number) {
    const row = await this.ownRow(id, actor);
    await sendCommand(
      this.handle(id),
      () => assertDemandEditable(row.status),
      (h) => h.executeUpdate(editDraftUpdate, { args: [{ actorId: actor.id, patch, expectedVersion }] }),
    );
    return this.get(id, actor);
  }

  async submit(id: string, actor: Actor) {
    const row = await this.ownRow(id, actor);
    const campaign = await this.campaignEntity(row.campaignId);
    await sendCommand(
      this.handle(id),
      () => assertCanSubmitDemand(row.status, campaign, Date.now()),
      (h) => h.executeUpdate(submitUpdate, { args: [{ actorId: actor.id }] }),
    );
    return this.get(id, actor);
  }

  async screen(id: string, input: ScreeningDecisionInput, actor: Actor) {
    const row = await this.row(id);
    if (input.decision === 'merge') await this.assertMergeTarget(row, input.mergeIntoId!);
    await sendCommand(
      this.handle(id),
      () => nextDemandStatus(row.status, { kind: 'screen', decision: input.decision }),
      (h) =>
        h.executeUpdate(screenDemandUpdate, {
          args: [
            {
              actorId: actor.id,
              decision: input.decision,
              reason: input.reason,
              mergeIntoId: input.mergeIntoId,
            },
          ],
        }),
    );
    return this.get(id, actor);
  }

  /** Merged demands stay linked to a live one of the same campaign (a domain rule). */
  private async assertMergeTarget(row: DemandRow, targetId: string): Promise<void> {
    assertMergeTarget(row, await this.demandsRepo().byId(targetId));
  }

  async get(id: string, actor: Actor) {
    const row = await this.row(id);
    if (!canReadDemand(actor, row)) throw notFound(DEMAND);
    const topicIds = await this.topicsRepo().topicIdsOf([id]);
    return {
      ...toDemandView(row),
      history: await this.events.statusHistory('demand', id),
      similar: row.status === 'draft' ? [] : await this.similar(row),
      topicIds,
    };
  }

  async mine(actor: Actor, page: PageQuery): Promise<Page<DemandView>> {
    return mapPage(await this.demandsRepo().page({ submitterId: actor.id }, page), toDemandView);
  }

  async ofCampaign(
    campaignId: string,
    status: DemandStatus | undefined,
    page: PageQuery,
  ): Promise<Page<DemandView>> {
    await this.campaignEntity(campaignId);
    return mapPage(await this.demandsRepo().page({ campaignId, status }, page), toDemandView);
  }

  /**
   * A page of the possible duplicates, most similar first (a draft has none yet); the detail
   * shows the first few.
   */
  async similarPage(id: string, page: PageQuery, actor: Actor): Promise<Page<SimilarDemand>> {
    const row = await this.row(id);
    if (!canReadDemand(actor, row)) throw notFound(DEMAND);
    if (row.status === 'draft') return { items: [], next: null };
    const candidates = await this.demandsRepo().live(row.campaignId);
    return mapPage(similarDemandsPage(row, candidates, page), similarView);
  }

  /** Possible duplicates: submitted or accepted demands of the same campaign that read alike. */
  async similar(row: Pick<DemandEntity, 'id' | 'campaignId' | 'title' | 'problem'>) {
    const candidates = await this.demandsRepo().live(row.campaignId);
    return similarDemands(row, candidates).map(similarView);
  }

  private handle(id: string) {
    return this.temporal.workflow.getHandle(workflowIds.demand(id));
  }

  private async ownRow(id: string, actor: Actor): Promise<DemandRow> {
    const row = await this.row(id);
    if (!canReadDemand(actor, row)) throw notFound(DEMAND);
    if (row.submitterId !== actor.id) throw forbidden();
    return row;
  }

  private demandsRepo() {
    return new DemandRepository(this.ds);
  }

  private async row(id: string): Promise<DemandRow> {
    const row = await this.demandsRepo().namedById(id);
    if (!row) throw notFound(DEMAND);
    return row;
  }

  // ---- condensing into topics and challenges -----------------------------------------------

  /**
   * A topic (or challenge) is created by its own workflow (`topic-<id>`), which checks that every
   * demand is accepted as it stands and writes the topic, its links and its event together.
   */
  async createTopic(input: CreateTopicInput, actor: Actor): Promise<TopicView> {
    // The same rule before anything is started, so a refusal names each demand at once.
    assertCondensable(input.demandIds, await this.topicsRepo().demandsFor(input.demandIds));
    const id = randomUUID();
    const { demandIds, kind, title, keyField, issuerInstitutionId, ...content } = input;
    const start = new WithStartWorkflowOperation<typeof topicWorkflow>('topicWorkflow', {
      workflowId: workflowIds.topic(id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [{ topicId: id }],
    });
    await this.temporal.workflow.executeUpdateWithStart(createTopicUpdate, {
      startWorkflowOperation: start,
      args: [{ actorId: actor.id, kind, title, keyField, issuerInstitutionId, demandIds, content }],
    });
    return this.topic(id);
  }

  async topics(kind: 'topic' | 'challenge' | undefined, page: PageQuery): Promise<Page<TopicView>> {
    const rows = await this.topicsRepo().page(kind, page);
    return { items: await Promise.all(rows.items.map((t) => this.topicView(t))), next: rows.next };
  }

  async topic(id: string): Promise<TopicView> {
    const row = await this.topicsRepo().byId(id);
    if (!row) throw notFound({ zh: '指南方向或榜单', en: 'Topic or challenge' });
    return this.topicView(row);
  }

  private async topicView(t: TopicEntity): Promise<TopicView> {
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
      demandIds: await this.topicsRepo().demandIdsOf(t.id),
      createdAt: t.createdAt.toISOString(),
    };
  }

  private topicsRepo() {
    return new TopicRepository(this.ds);
  }

  /** demand → (merged into) → topics/challenges → calls of the guides that published them → applications. */
  async trace(id: string, actor: Actor) {
    const demand = await this.get(id, actor);
    const root = demand.mergedIntoId ? await this.row(demand.mergedIntoId) : null;
    const linkedIds = [id, ...(root ? [root.id] : [])];
    const topicIds = await this.topicsRepo().topicIdsOf(linkedIds);
    return {
      demand: { id: demand.id, title: demand.content.title, status: demand.status },
      mergedInto: root ? { id: root.id, title: root.title, status: root.status } : null,
      topics: await Promise.all(
        topicIds.map(async (topicId) => ({
          ...(await this.topic(topicId)),
          calls: await this.topicsRepo().callsOf(topicId),
          applications: await this.topicsRepo().applicationsOf(topicId),
        })),
      ),
    };
  }
}

function toCampaignView(c: DemandCampaignEntity): CampaignView {
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

function toDemandView(r: DemandRow): DemandView {
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

type SimilarDemand = { id: string; title: string; status: DemandStatus; similarity: number };

function similarView({ id, title, status, similarity }: SimilarDemand): SimilarDemand {
  return { id, title, status, similarity };
}
