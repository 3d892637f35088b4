import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { formatShanghai, GUIDE_STATUS_LABELS, notFound, PageQuery } from '@kjflow/domain';
import {
  GuideEntity,
  GuideRepository,
  GuideVersionEntity,
  TopicEntity,
  TopicRepository,
} from '@kjflow/persistence';
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
    return { items: await this.views(rows.items), next: rows.next };
  }

  async get(id: string) {
    const g = await this.guides.byId(id);
    if (!g) throw notFound(GUIDE);
    return (await this.views([g]))[0];
  }

  /**
   * Guides as the public reads them, with their versions, program and topics: three queries for
   * a whole page (versions and topics of every guide at once; templates from the cache), not
   * four per guide.
   */
  private async views(gs: GuideEntity[]) {
    if (gs.some((g) => g.publishedVersion === null)) throw notFound(GUIDE);
    const versionsOf = new Map<string, GuideVersionEntity[]>();
    for (const v of await this.guides.versionsOfMany(gs.map((g) => g.id)))
      versionsOf.set(v.guideId, [...(versionsOf.get(v.guideId) ?? []), v]);
    const currentOf = (g: GuideEntity) => versionsOf.get(g.id)!.at(-1)!;
    const topics = new Map(
      (await this.topics.byIds([...new Set(gs.flatMap((g) => currentOf(g).content.topicIds))])).map((t) => [
        t.id,
        t,
      ]),
    );
    const templates = await Promise.all(gs.map((g) => this.templates.byId(g.templateId)));
    return gs.map((g, i) => {
      const template = templates[i];
      const versions = versionsOf.get(g.id)!;
      const current = currentOf(g);
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
          .map((tid) => topics.get(tid))
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
    });
  }

  /** A page of the public challenge list (榜单): the challenges of published guides, newest guide first. */
  async challenges(page: PageQuery) {
    const rows = await this.guides.pageOfPublishedChallenges(page);
    // Each guide of the page read once, however many of its challenges the page lists.
    const views = await this.views(await this.guides.byIds([...new Set(rows.items.map((c) => c.guideId))]));
    const guides = new Map(views.map((g) => [g.id, g]));
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
