import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  ApprovalDecisionInput,
  assertCorrectable,
  assertGuideEditable,
  assertWithdrawable,
  CorrectionInput,
  CreateGuideInput,
  assertKnownTopics,
  formatShanghai,
  GUIDE_STATUS_LABELS,
  GuideSpec,
  nextGuideStatus,
  notFound,
  PatchGuideInput,
  workflowIds,
  PageQuery,
} from '@kjflow/domain';
import { GuideEntity, GuideRepository, TopicEntity, TopicRepository } from '@kjflow/persistence';
import { KjMode, KjStage, TASK_QUEUE } from '@kjflow/temporal';
import {
  correctGuideUpdate,
  decideGuideUpdate,
  editGuideUpdate,
  guideCreatedUpdate,
  guideWorkflow,
  submitGuideUpdate,
  withdrawGuideUpdate,
} from '@kjflow/workflows';
import { sendCommand } from '../common/workflow-command';
import { EventsService } from '../events/events.service';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { TemplatesService } from './templates.service';

const GUIDE = { zh: '指南', en: 'Guide' };

@Injectable()
export class GuidesService {
  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly templates: TemplatesService,
    private readonly events: EventsService,
  ) {}

  async create(input: CreateGuideInput, actor: Actor) {
    const template = await this.templates.current(input.templateCode);
    await this.assertTopics(input.content.topicIds, 'content.topicIds');
    const spec: GuideSpec = {
      id: randomUUID(),
      templateId: template.id,
      mode: template.mode,
      approvalChain: input.approvalChain,
      content: input.content,
      createdBy: actor.id,
    };
    const start = new WithStartWorkflowOperation(guideWorkflow, {
      workflowId: workflowIds.guide(spec.id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [spec],
      typedSearchAttributes: [
        { key: KjMode, value: template.mode },
        { key: KjStage, value: 'guide_draft' },
      ],
    });
    await this.temporal.workflow.executeUpdateWithStart(guideCreatedUpdate, {
      startWorkflowOperation: start,
    });
    return this.get(spec.id);
  }

  async edit(id: string, patch: PatchGuideInput, actor: Actor, expectedVersion?: number) {
    const row = await this.entity(id);
    if (patch.topicIds) await this.assertTopics(patch.topicIds, 'topicIds');
    await sendCommand(
      this.handle(id),
      () => assertGuideEditable(row.status),
      (h) => h.executeUpdate(editGuideUpdate, { args: [{ actorId: actor.id, patch, expectedVersion }] }),
    );
    return this.get(id);
  }

  async submit(id: string, actor: Actor) {
    const row = await this.entity(id);
    await sendCommand(
      this.handle(id),
      () => nextGuideStatus(row.status, 'submit'),
      (h) => h.executeUpdate(submitGuideUpdate, { args: [{ actorId: actor.id, actorRoles: actor.roles }] }),
    );
    return this.get(id);
  }

  async decide(id: string, input: ApprovalDecisionInput, actor: Actor) {
    const row = await this.entity(id);
    await sendCommand(
      this.handle(id),
      () => nextGuideStatus(row.status, input.decision === 'approve' ? 'publish' : 'return'),
      (h) =>
        h.executeUpdate(decideGuideUpdate, {
          args: [
            {
              actorId: actor.id,
              actorRoles: actor.roles,
              decision: input.decision,
              comments: input.comments,
            },
          ],
        }),
    );
    return this.get(id);
  }

  async correct(id: string, correction: CorrectionInput, actor: Actor) {
    const row = await this.entity(id);
    await sendCommand(
      this.handle(id),
      () => assertCorrectable(row.status),
      (h) =>
        h.executeUpdate(correctGuideUpdate, {
          args: [{ actorId: actor.id, actorRoles: actor.roles, correction }],
        }),
    );
    return this.get(id);
  }

  async withdraw(id: string, reason: string, actor: Actor) {
    const row = await this.entity(id);
    await sendCommand(
      this.handle(id),
      () => assertWithdrawable(row.status, row.draft.windowStart, Date.now()),
      (h) =>
        h.executeUpdate(withdrawGuideUpdate, {
          args: [{ actorId: actor.id, actorRoles: actor.roles, reason }],
        }),
    );
    return this.get(id);
  }

  /** The staff view: the working draft, approval progress and history. */
  async get(id: string) {
    const g = await this.entity(id);
    const template = await this.templates.byId(g.templateId);
    return {
      id: g.id,
      status: g.status,
      statusLabel: GUIDE_STATUS_LABELS[g.status],
      template: { id: template.id, code: template.code, version: template.version, mode: template.mode },
      approvalChain: g.approvalChain,
      approvedSteps: g.approvedSteps,
      draft: g.draft,
      draftVersion: g.draftVersion,
      publishedVersion: g.publishedVersion,
      callId: g.callId,
      createdBy: g.createdBy,
      history: await this.events.statusHistory('guide', id),
    };
  }

  async list(page: PageQuery) {
    const rows = await this.guides().page({}, page);
    return { items: await Promise.all(rows.items.map((g) => this.get(g.id))), next: rows.next };
  }

  // ---- public (no login) -------------------------------------------------------------------

  async publicList(page: PageQuery) {
    const rows = await this.guides().page({ published: true }, page);
    return { items: await Promise.all(rows.items.map((g) => this.publicGuide(g.id))), next: rows.next };
  }

  async publicGuide(id: string) {
    const g = await this.guides().byId(id);
    if (!g || g.publishedVersion === null) throw notFound(GUIDE);
    const template = await this.templates.byId(g.templateId);
    const versions = await this.guides().versionsOf(id);
    const current = versions[versions.length - 1];
    const topics = await new TopicRepository(this.ds).byIds(current.content.topicIds);
    return {
      id: g.id,
      status: g.status,
      statusLabel: GUIDE_STATUS_LABELS[g.status],
      mode: template.mode,
      program: { code: template.code, version: template.version, name: template.template.name },
      callId: g.callId,
      version: current.version,
      content: current.content,
      windowStartLocal: formatShanghai(current.content.windowStart),
      windowEndLocal: formatShanghai(current.content.windowEnd),
      topics: current.content.topicIds
        .map((tid) => topics.find((t) => t.id === tid))
        .filter((t): t is TopicEntity => !!t)
        .map((t) => ({ id: t.id, kind: t.kind, title: t.title, keyField: t.keyField, ...t.content })),
      versions: versions.map((v) => ({
        version: v.version,
        changeNote: v.changeNote,
        publishedAt: v.publishedAt.toISOString(),
        publishedAtLocal: formatShanghai(v.publishedAt),
        content: v.content,
      })),
    };
  }

  /** A page of the public challenge list (榜单): the challenges of published guides. */
  async publicChallenges(page: PageQuery) {
    const rows = await this.guides().pageOfPublishedChallenges(page);
    // Each guide of the page read once, however many of its challenges the page lists.
    const guides = new Map<string, Awaited<ReturnType<GuidesService['publicGuide']>>>();
    for (const guideId of new Set(rows.items.map((c) => c.guideId)))
      guides.set(guideId, await this.publicGuide(guideId));
    return {
      items: rows.items.flatMap(({ guideId, topicId }) => {
        const g = guides.get(guideId)!;
        const t = g.topics.find((x) => x.id === topicId);
        return t
          ? [
              {
                ...t,
                guideId,
                guideTitle: g.content.title,
                callId: g.callId,
                windowEndLocal: g.windowEndLocal,
              },
            ]
          : [];
      }),
      next: rows.next,
    };
  }

  private guides() {
    return new GuideRepository(this.ds);
  }

  private handle(id: string) {
    return this.temporal.workflow.getHandle(workflowIds.guide(id));
  }

  private async entity(id: string): Promise<GuideEntity> {
    const row = await this.guides().byId(id);
    if (!row) throw notFound(GUIDE);
    return row;
  }

  private async assertTopics(ids: string[], path: string): Promise<void> {
    const found = await new TopicRepository(this.ds).byIds(ids);
    assertKnownTopics(ids.flatMap((id, i) => (found.some((t) => t.id === id) ? [] : [`${path}.${i}`])));
  }
}
