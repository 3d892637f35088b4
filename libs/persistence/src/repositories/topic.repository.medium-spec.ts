import { DemandContent, TopicContent } from '@kjflow/domain';
import { DemandCampaignEntity, DemandEntity, UserEntity } from '../entities';
import { useMediumDatabase, uniqueId } from '../testing/medium';
import { TopicRepository } from './topic.repository';

describe('TopicRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new TopicRepository(db.ds);

  async function fixture() {
    const userId = uniqueId();
    await db.ds.getRepository(UserEntity).insert({
      id: userId,
      username: `u-${userId}`,
      displayName: '处室人员',
      passwordHash: 'x',
      roles: ['officer'],
    });
    const campaignId = uniqueId();
    await db.ds.getRepository(DemandCampaignEntity).insert({
      id: campaignId,
      title: '2026 年技术需求征集',
      status: 'closed',
      windowStart: new Date('2026-01-01T00:00:00Z'),
      windowEnd: new Date('2026-02-01T00:00:00Z'),
      keyFields: [],
      counties: [],
      instructions: '',
      createdBy: userId,
    });
    const demand = async (title: string, status: DemandEntity['status']) => {
      const id = uniqueId();
      await db.ds.getRepository(DemandEntity).insert({
        id,
        campaignId,
        submitterId: userId,
        institutionId: null,
        status,
        title,
        keyField: 'eco_aluminium',
        county: null,
        problem: '赤泥堆存量大，综合利用率低。',
        content: {} as DemandContent,
        version: 1,
        mergedIntoId: null,
        submittedAt: null,
      });
      return id;
    };
    return {
      userId,
      accepted: await demand('赤泥利用', 'accepted'),
      submitted: await demand('芒果保鲜', 'submitted'),
    };
  }

  it('writes a topic with its links, and reads it from either side', async () => {
    const { userId, accepted, submitted } = await fixture();
    expect(
      (await repo().demandsFor([accepted, submitted, uniqueId()])).map((d) => [d.id, d.status]).sort(),
    ).toEqual(
      [
        [accepted, 'accepted'],
        [submitted, 'submitted'],
      ].sort(),
    );
    const id = uniqueId();
    await repo().insert(
      {
        id,
        kind: 'challenge',
        title: '赤泥综合利用关键技术',
        keyField: 'eco_aluminium',
        issuerInstitutionId: null,
        content: {
          problem: '赤泥',
          indicators: [],
          deadline: '2027-01-01',
          fundingFen: 100,
          issuerCoFundingFen: 0,
        } as TopicContent,
        createdBy: userId,
        createdAt: new Date(),
      },
      [accepted, submitted],
    );
    expect(await repo().byId(id)).toMatchObject({ kind: 'challenge', title: '赤泥综合利用关键技术' });
    expect(await repo().demandIdsOf(id)).toEqual([accepted, submitted].sort());
    expect(await repo().topicIdsOf([accepted, submitted])).toEqual([id]);
    expect((await repo().page('challenge', { limit: 200 })).items.map((t) => t.id)).toContain(id);
    expect((await repo().page('topic', { limit: 200 })).items.map((t) => t.id)).not.toContain(id);
    expect(await repo().callsOf(id)).toEqual([]);
    expect(await repo().applicationsOf(id)).toEqual([]);
  });
});
