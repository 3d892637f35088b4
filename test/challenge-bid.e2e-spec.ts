import { as, closeDb, completeDraft, Client, SIGN, attachRequired } from './support/api';
import { publishedCall } from './support/flows';

const pledge = {
  goals: '两年内实现赤泥综合利用率达到30%，形成万吨级示范线。',
  milestones: [
    { title: '完成中试', due: '2027-06-30', indicator: '中试线连续运行30天' },
    { title: '示范线投产', due: '2028-06-30', indicator: '赤泥综合利用率≥30%' },
  ],
  consequences: '未按期完成里程碑的，停止后续拨款并记入科研信用记录。',
};

/**
 * 揭榜挂帅 bids: a bid answers one challenge of the call's guide, carries a draft performance
 * pledge (军令状), and the issuing organisation can read the bids on its challenge.
 */
describe('challenge bids (揭榜)', () => {
  let officer: Client;
  let admin: Client;
  let applicant: Client; // 百色学院
  let applicant2: Client; // 右江民族医学院 (bidder)
  let issuer: Client; // 百色学院科研处: 百色学院 issued the challenge
  let expert: Client;

  beforeAll(async () => {
    [officer, admin, applicant, applicant2, issuer, expert] = await Promise.all(
      ['officer', 'admin', 'applicant', 'applicant2', 'inst-admin', 'expert'].map(as),
    );
  });
  afterAll(closeDb);

  it('takes a bid on one challenge with its pledge, readable by the issuer', async () => {
    const { callId, challengeId, topicId } = await publishedCall(officer, admin, applicant, 'challenge', {
      startsInMs: -1_000,
      endsInMs: 600_000,
    });
    const noChallenge = await applicant2.post('/applications', { callId, ...completeDraft });
    expect(noChallenge.status).toBe(400);
    expect(noChallenge.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['topicId']);
    const plainTopic = await applicant2.post('/applications', { callId, topicId, ...completeDraft });
    expect(plainTopic.status).toBe(400);

    const bid = await applicant2.post('/applications', { callId, topicId: challengeId, ...completeDraft });
    await attachRequired(applicant2, bid.body.id);
    expect(bid.status).toBe(201);
    const withoutPledge = await applicant2.post(`/applications/${bid.body.id}/submit`, SIGN);
    expect(withoutPledge.status).toBe(400);
    expect(withoutPledge.body.error.fields).toEqual([
      {
        path: 'pledge',
        message: {
          zh: '揭榜须附军令状（目标、里程碑与责任）',
          en: 'A challenge bid needs a performance pledge',
        },
      },
    ]);
    const pledged = await applicant2.patch(`/applications/${bid.body.id}`, { pledge });
    expect(pledged.body.content.pledge).toEqual(pledge);
    const submitted = await applicant2.post(`/applications/${bid.body.id}/submit`, SIGN);
    expect(submitted.status).toBe(200);
    expect(['submitted', 'awaiting_endorsement']).toContain(submitted.body.status);

    // The issuer reads the bids on its challenge; outsiders do not.
    const read = await issuer.get(`/applications/${bid.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.content.pledge.milestones).toHaveLength(2);
    const bids = await issuer.get('/applications/institution?as=issuer');
    expect(bids.body.items.map((a: { id: string }) => a.id)).toContain(bid.body.id);
    const own = await issuer.get('/applications/institution');
    expect(own.body.items.map((a: { id: string }) => a.id)).not.toContain(bid.body.id);
    expect((await expert.get(`/applications/${bid.body.id}`)).status).toBe(404);
    expect((await applicant.get(`/applications/${bid.body.id}`)).status).toBe(404);
  });
});
