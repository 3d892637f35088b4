import { GuideContent, ProgramTemplate } from '@kjflow/domain';
import { TopicEntity, UserEntity } from '../entities';
import { readAllPages, useMediumDatabase, uniqueId } from '../testing/medium';
import { GuideRepository } from './guide.repository';
import { ProgramTemplateRepository } from './program-template.repository';

describe('GuideRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new GuideRepository(db.ds);
  const published = async () => (await readAllPages((p) => repo().page({ published: true }, p), 200)).items;

  /** An officer and a program template to write guides under. */
  async function author() {
    const userId = uniqueId();
    await db.ds.getRepository(UserEntity).insert({
      id: userId,
      username: `u-${userId}`,
      displayName: '处室人员',
      passwordHash: 'x',
      roles: ['officer'],
    });
    const templateId = uniqueId();
    const code = `g-${uniqueId()}`;
    await new ProgramTemplateRepository(db.ds).insert({
      id: templateId,
      code,
      version: 1,
      mode: 'challenge',
      template: { code } as unknown as ProgramTemplate,
      createdBy: null,
    });
    return { userId, templateId };
  }

  /** A guide with its topics, published at `publishedAt` unless it stays a draft. */
  async function guide(
    a: { userId: string; templateId: string },
    topicIds: string[],
    status: 'draft' | 'published' | 'withdrawn',
    publishedAt: Date,
  ) {
    const id = uniqueId();
    const content = { title: `指南 ${id.slice(0, 4)}`, topicIds } as unknown as GuideContent;
    await repo().insert({
      id,
      templateId: a.templateId,
      status: 'draft',
      approvalChain: ['officer'],
      approvedSteps: 0,
      draft: content,
      draftVersion: 1,
      createdBy: a.userId,
    });
    if (status === 'draft') return id;
    await repo().insertVersion({
      guideId: id,
      version: 1,
      content,
      changeNote: null,
      publishedBy: a.userId,
      publishedAt,
    });
    await repo().update(id, { status, publishedVersion: 1 });
    await repo().linkTopics(id, topicIds);
    return id;
  }

  it('keeps a draft, publishes immutable versions in order, and lists published guides', async () => {
    const userId = uniqueId();
    await db.ds.getRepository(UserEntity).insert({
      id: userId,
      username: `u-${userId}`,
      displayName: '处室人员',
      passwordHash: 'x',
      roles: ['officer'],
    });
    const templateId = uniqueId();
    const code = `g-${uniqueId()}`;
    await new ProgramTemplateRepository(db.ds).insert({
      id: templateId,
      code,
      version: 1,
      mode: 'open_competition',
      template: { code } as unknown as ProgramTemplate,
      createdBy: null,
    });
    const id = uniqueId();
    const draft = { title: '2026 年重点研发计划申报指南', topicIds: [] } as unknown as GuideContent;
    await repo().insert({
      id,
      templateId,
      status: 'draft',
      approvalChain: ['officer'],
      approvedSteps: 0,
      draft,
      draftVersion: 1,
      createdBy: userId,
    });
    expect(await repo().byId(id)).toMatchObject({ status: 'draft', publishedVersion: null, draftVersion: 1 });
    expect((await published()).map((g) => g.id)).not.toContain(id);

    for (const version of [1, 2]) {
      await repo().insertVersion({
        guideId: id,
        version,
        content: draft,
        changeNote: version === 1 ? null : '更正截止日期',
        publishedBy: userId,
        publishedAt: new Date(),
      });
      await repo().update(id, { status: 'published', publishedVersion: version });
    }
    await repo().linkTopics(id, []); // nothing to link, nothing written
    expect((await repo().versionsOf(id)).map((v) => [v.version, v.changeNote])).toEqual([
      [1, null],
      [2, '更正截止日期'],
    ]);
    expect((await published()).map((g) => g.id)).toContain(id);
    expect((await repo().page({}, { limit: 200 })).items.map((g) => g.id)).toContain(id);
    expect((await repo().page({ published: true }, { limit: 200 })).items.map((g) => g.id)).toContain(id);
    expect(await repo().openApplicationsOf(uniqueId())).toEqual([]);
  });

  it('pages the challenge list: challenges of published guides only, newest publication first, each once', async () => {
    const a = await author();
    const topic = async (kind: 'topic' | 'challenge') => {
      const id = uniqueId();
      await db.ds.getRepository(TopicEntity).insert({
        id,
        kind,
        title: `${kind} ${id.slice(0, 4)}`,
        keyField: 'new_materials',
        content: {} as TopicEntity['content'],
        issuerInstitutionId: null,
        createdBy: a.userId,
      });
      return id;
    };
    const [c1, c2, c3, t1] = [
      await topic('challenge'),
      await topic('challenge'),
      await topic('challenge'),
      await topic('topic'),
    ];
    // Far in the future, so this test's guides come first whatever else the database holds.
    const at = (days: number) => new Date(Date.UTC(2999, 0, days));
    const older = await guide(a, [c1, t1], 'published', at(1));
    const newer = await guide(a, [c2, c3, c1], 'published', at(2));
    await guide(a, [c3], 'withdrawn', at(3));
    await guide(a, [c2], 'draft', at(4));
    const { items, pages } = await readAllPages((p) => repo().pageOfPublishedChallenges(p), 2);
    const ours = items.filter((c) => [older, newer].includes(c.guideId));
    const byGuide = (g: string) => ours.filter((c) => c.guideId === g).map((c) => c.topicId);
    expect(ours.slice(0, 3).every((c) => c.guideId === newer)).toBe(true);
    expect(byGuide(newer).sort()).toEqual([c1, c2, c3].sort());
    expect(byGuide(older)).toEqual([c1]);
    expect(items.slice(0, 4)).toEqual(ours);
    const keys = items.map((c) => `${c.guideId}/${c.topicId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(pages).toBe(Math.ceil(items.length / 2));
  });
});
