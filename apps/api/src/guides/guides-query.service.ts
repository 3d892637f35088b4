import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayReadGuides,
  GUIDE_STATUS_LABELS,
  GuideStatus,
  notFound,
  PageQuery,
} from '@kjflow/domain';
import { GuideEntity, GuideRepository } from '@kjflow/persistence';
import { EventsService } from '../events/events.service';
import { TemplatesService } from './templates.service';

export const GUIDE = { zh: '指南', en: 'Guide' };

/** The staff's view of guides: the working draft, approval progress and history (drafts included). */
@Injectable()
export class GuidesQueryService {
  private readonly guides: GuideRepository;

  constructor(
    ds: DataSource,
    private readonly templates: TemplatesService,
    private readonly events: EventsService,
  ) {
    this.guides = new GuideRepository(ds);
  }

  async get(id: string, actor: Actor) {
    assertMayReadGuides(actor);
    return this.view(id);
  }

  async list(page: PageQuery, actor: Actor) {
    assertMayReadGuides(actor);
    const rows = await this.guides.page({}, page);
    return { items: await Promise.all(rows.items.map((g) => this.view(g.id))), next: rows.next };
  }

  /** The guide as a command leaves it (the command service has checked who may act). */
  async view(id: string) {
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
      history: (await this.events.statusHistory('guide', id)).map((h) => ({
        ...h,
        statusLabel: GUIDE_STATUS_LABELS[h.status as GuideStatus] ?? { zh: h.status, en: h.status },
      })),
    };
  }

  async entity(id: string): Promise<GuideEntity> {
    const row = await this.guides.byId(id);
    if (!row) throw notFound(GUIDE);
    return row;
  }
}
