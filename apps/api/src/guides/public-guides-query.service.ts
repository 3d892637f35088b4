import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { formatShanghai, GUIDE_STATUS_LABELS, notFound, PageQuery } from '@kjflow/domain';
import { GuideRepository, TopicEntity, TopicRepository } from '@kjflow/persistence';
import { GUIDE } from './guides-query.service';
import { TemplatesService } from './templates.service';

/** Published guides and the challenge list (榜单), for everyone (no login), with every version. */
@Injectable()
export class PublicGuidesQueryService {
  private readonly guides: GuideRepository;
  private readonly topics: TopicRepository;

  constructor(
    ds: DataSource,
    private readonly templates: TemplatesService,
  ) {
    this.guides = new GuideRepository(ds);
    this.topics = new TopicRepository(ds);
  }

  async page(page: PageQuery) {
    const rows = await this.guides.page({ published: true }, page);
    return { items: await Promise.all(rows.items.map((g) => this.get(g.id))), next: rows.next };
  }

  async get(id: string) {
    const g = await this.guides.byId(id);
    if (!g || g.publishedVersion === null) throw notFound(GUIDE);
    const template = await this.templates.byId(g.templateId);
    const versions = await this.guides.versionsOf(id);
    const current = versions[versions.length - 1];
    const topics = await this.topics.byIds(current.content.topicIds);
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

  /** A page of the public challenge list (榜单): the challenges of published guides, newest guide first. */
  async challenges(page: PageQuery) {
    const rows = await this.guides.pageOfPublishedChallenges(page);
    // Each guide of the page read once, however many of its challenges the page lists.
    const guides = new Map<string, Awaited<ReturnType<PublicGuidesQueryService['get']>>>();
    for (const guideId of new Set(rows.items.map((c) => c.guideId)))
      guides.set(guideId, await this.get(guideId));
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
}
