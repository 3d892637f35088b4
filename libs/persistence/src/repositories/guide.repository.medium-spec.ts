import { GuideContent, ProgramTemplate } from '@kjflow/domain';
import { UserEntity } from '../entities';
import { useMediumDatabase, uniqueId } from '../testing/medium';
import { GuideRepository } from './guide.repository';
import { ProgramTemplateRepository } from './program-template.repository';

describe('GuideRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new GuideRepository(db.ds);

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
    expect((await repo().published()).map((g) => g.id)).not.toContain(id);

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
    expect((await repo().published()).map((g) => g.id)).toContain(id);
    expect((await repo().page({}, { limit: 200 })).items.map((g) => g.id)).toContain(id);
    expect((await repo().page({ published: true }, { limit: 200 })).items.map((g) => g.id)).toContain(id);
    expect(await repo().openApplicationsOf(uniqueId())).toEqual([]);
  });
});
