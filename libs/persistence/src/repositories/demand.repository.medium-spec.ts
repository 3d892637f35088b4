import { decodeCursor } from '@kjflow/domain';
import { DemandContent } from '@kjflow/domain';
import { UserEntity } from '../entities';
import { useMediumDatabase, uniqueId } from '../testing/medium';
import { DemandCampaignRepository } from './demand-campaign.repository';
import { DemandRepository } from './demand.repository';

describe('DemandCampaignRepository and DemandRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  it('keeps campaigns and their demands, with the names shown beside them', async () => {
    const userId = uniqueId();
    await db.ds.getRepository(UserEntity).insert({
      id: userId,
      username: `u-${userId}`,
      displayName: '企业联系人',
      passwordHash: 'x',
      roles: ['applicant'],
    });
    const campaigns = new DemandCampaignRepository(db.ds);
    const campaignId = uniqueId();
    await campaigns.insert({
      id: campaignId,
      title: '2026 年技术需求征集',
      status: 'scheduled',
      windowStart: new Date('2099-01-01T00:00:00Z'),
      windowEnd: new Date('2099-02-01T00:00:00Z'),
      keyFields: ['eco_aluminium'],
      counties: [],
      instructions: '说明',
      createdBy: userId,
    });
    await campaigns.setStatus(campaignId, 'open');
    expect(await campaigns.byId(campaignId)).toMatchObject({ status: 'open', title: '2026 年技术需求征集' });
    expect((await campaigns.page({ limit: 200 })).items[0].windowEnd.getTime()).toBeGreaterThanOrEqual(
      new Date('2099-02-01T00:00:00Z').getTime(),
    );

    const demands = new DemandRepository(db.ds);
    const demand = async (title: string) => {
      const id = uniqueId();
      await demands.insert({
        id,
        campaignId,
        submitterId: userId,
        institutionId: null,
        status: 'draft',
        title,
        keyField: 'eco_aluminium',
        county: null,
        problem: '赤泥堆存量大，综合利用率低，需要技术攻关。',
        content: { title } as DemandContent,
        version: 1,
      });
      return id;
    };
    const a = await demand('赤泥综合利用');
    const b = await demand('铝灰渣资源化');
    await demands.update(a, { status: 'submitted', submittedAt: new Date(), version: 2 });
    expect(await demands.namedById(a)).toMatchObject({
      id: a,
      submitterName: '企业联系人',
      institutionName: null,
      status: 'submitted',
      version: 2,
    });
    // Last changed first.
    const ids = async (filter: Parameters<typeof demands.page>[0], limit = 50) =>
      (await demands.page(filter, { limit })).items.map((d) => d.id);
    expect(await ids({ campaignId })).toEqual([a, b]);
    expect(await ids({ campaignId, status: 'draft' })).toEqual([b]);
    expect((await ids({ submitterId: userId })).sort()).toEqual([a, b].sort());
    // A page of one, then the next from its cursor: the same order, nothing skipped.
    const first = await demands.page({ campaignId }, { limit: 1 });
    expect(first.items.map((d) => d.id)).toEqual([a]);
    expect(
      (await demands.page({ campaignId }, { limit: 1, next: decodeCursor(first.next!)! })).items.map(
        (d) => d.id,
      ),
    ).toEqual([b]);
    expect((await demands.live(campaignId)).map((d) => d.id)).toEqual([a]);
    expect(await demands.namedById(uniqueId())).toBeNull();
  });
});
