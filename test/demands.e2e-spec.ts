import * as fs from 'node:fs';
import * as path from 'node:path';
import { as, closeDb, count, Client, readAll, until } from './support/api';

/** Sample demands drawn from the Baise plans (seeds/data/demands.json), by title keyword. */
const samples: Array<Record<string, any>> = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../seeds/data/demands.json'), 'utf8'),
).demands;
function sample(keyword: string) {
  const d = samples.find((x) => x.title.includes(keyword));
  if (!d) throw new Error(`no sample demand with ${keyword}`);
  const { title, keyField, county, problem, indicators, deliverables, coFunding, urgency, contact } = d;
  return { title, keyField, county, problem, indicators, deliverables, coFunding, urgency, contact };
}

async function openCampaign(officer: Client, closesInMs = 10 * 60_000) {
  const res = await officer.post('/demand-campaigns', {
    title: '2026年百色市揭榜挂帅技术需求征集',
    windowStart: new Date(Date.now() - 60_000).toISOString(),
    windowEnd: new Date(Date.now() + closesInMs).toISOString(),
    keyFields: ['eco_aluminium', 'green_building_materials', 'modern_agriculture_forestry', 'new_materials'],
    instructions: '请围绕重点产业链关键核心技术填报需求。',
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string; windowEndLocal: string };
}

/**
 * What requests under one campaign could have written, apart from other files writing meanwhile:
 * the campaign's demands, campaigns and topics carrying one of `titles` (a new one carries the
 * title its request named), topics condensed from the campaign's demands, and events about any of
 * these or the campaign.
 */
async function underCampaign(campaignId: string, titles: string[]) {
  const rows = (of: 'campaigns' | 'demands' | 'topics' | 'events') =>
    count(
      `WITH p AS (SELECT $1::uuid AS campaign, $2::text[] AS titles),
            campaigns AS (SELECT c.id FROM demand_campaigns c, p WHERE c.title = ANY(p.titles)),
            demands AS (SELECT d.id FROM demands d, p WHERE d.campaign_id = p.campaign),
            topics AS (SELECT t.id FROM topics t, p WHERE t.title = ANY(p.titles) OR t.id IN (
                         SELECT topic_id FROM topic_demands WHERE demand_id IN (SELECT id FROM demands))),
            events AS (SELECT e.id FROM domain_events e WHERE e.subject_id IN (
                         SELECT campaign::text FROM p UNION ALL SELECT id::text FROM campaigns
                         UNION ALL SELECT id::text FROM demands UNION ALL SELECT id::text FROM topics))
       SELECT 1 FROM ${of}`,
      [campaignId, titles],
    );
  return {
    campaigns: await rows('campaigns'),
    demands: await rows('demands'),
    topics: await rows('topics'),
    events: await rows('events'),
  };
}

describe('demand collection (需求征集)', () => {
  let officer: Client;
  let applicant: Client; // 百色学院
  let applicant2: Client; // 右江民族医学院
  let instAdmin: Client; // 百色学院科研处
  let expert: Client;

  beforeAll(async () => {
    [officer, applicant, applicant2, instAdmin, expert] = await Promise.all(
      ['officer', 'applicant', 'applicant2', 'inst-admin', 'expert'].map(as),
    );
  });
  afterAll(closeDb);

  async function submitDemand(who: Client, campaignId: string, body: Record<string, unknown>) {
    const draft = await who.post('/demands', { campaignId, ...body });
    expect(draft.status).toBe(201);
    const submitted = await who.post(`/demands/${draft.body.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    return submitted.body;
  }

  it('collects, screens, merges and condenses demands, traceable end to end', async () => {
    const campaign = await openCampaign(officer);
    expect(campaign.status).toBe('open');

    // Several submitters; the second red-mud demand is suggested as a duplicate of the first.
    const redMud = await submitDemand(applicant, campaign.id, sample('赤泥综合利用关键技术'));
    expect(redMud.similar).toEqual([]);
    const redMud2 = await submitDemand(applicant2, campaign.id, sample('赤泥坝'));
    expect(redMud2.similar.map((s: { id: string }) => s.id)).toEqual([redMud.id]);
    expect(redMud2.similar[0].similarity).toBeGreaterThanOrEqual(0.2);
    const aluminium = await submitDemand(instAdmin, campaign.id, sample('铝板带箔'));
    const wheels = await submitDemand(applicant, campaign.id, sample('铝轮毂'));
    const mango = await submitDemand(applicant2, campaign.id, sample('芒果瘿蚊'));
    const tea = await submitDemand(instAdmin, campaign.id, sample('茶树'));

    // Officers see the possible duplicates too.
    const similar = await officer.get(`/demands/${redMud.id}/similar`);
    expect(similar.body.items.map((s: { id: string }) => s.id)).toContain(redMud2.id);
    const paged = await readAll(officer, `/demands/${redMud.id}/similar`, 1);
    expect(paged.items.map((s: { id: string }) => s.id)).toEqual(
      similar.body.items.map((s: { id: string }) => s.id),
    );

    // Screening: merge the duplicate, reject one with a reason, accept the rest.
    const merged = await officer.post(`/demands/${redMud2.id}/screening`, {
      decision: 'merge',
      mergeIntoId: redMud.id,
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ status: 'merged', mergedIntoId: redMud.id });
    const rejected = await officer.post(`/demands/${tea.id}/screening`, {
      decision: 'reject',
      reason: '不属于本次揭榜挂帅征集的关键核心技术方向',
    });
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.history.at(-1)).toMatchObject({
      status: 'rejected',
      reason: '不属于本次揭榜挂帅征集的关键核心技术方向',
    });
    for (const d of [redMud, aluminium, wheels, mango]) {
      const res = await officer.post(`/demands/${d.id}/screening`, { decision: 'accept' });
      expect(res.body.status).toBe('accepted');
    }
    const accepted = await officer.get(`/demand-campaigns/${campaign.id}/demands?status=accepted`);
    expect(accepted.body.items.map((d: { id: string }) => d.id).sort()).toEqual(
      [redMud.id, aluminium.id, wheels.id, mango.id].sort(),
    );

    // Condensing: two challenges and a topic, each linked to its demands.
    const issuer = aluminium.institutionId; // 百色学院 (the inst-admin's institution)
    const challenge1 = await officer.post('/topics', {
      kind: 'challenge',
      title: '赤泥大规模综合利用关键技术',
      keyField: 'eco_aluminium',
      problem: '氧化铝生产外排赤泥量大，需突破赤泥大宗建材化与有价金属回收技术。',
      indicators: [{ name: '赤泥综合利用率', unit: '%', target: 30, assessedBy: '第三方检测' }],
      deadline: '2028-12-31',
      fundingFen: 300_000_000,
      issuerInstitutionId: issuer,
      issuerCoFundingFen: 300_000_000,
      demandIds: [redMud.id],
    });
    expect(challenge1.status).toBe(201);
    const challenge2 = await officer.post('/topics', {
      kind: 'challenge',
      title: '交通用高性能铝合金及精深加工',
      keyField: 'eco_aluminium',
      problem: '面向汽车轮毂与高精度板带箔，突破高性能铝合金成分设计与精深加工工艺。',
      indicators: [{ name: '抗拉强度', unit: 'MPa', target: 350 }],
      deadline: '2028-06-30',
      fundingFen: 200_000_000,
      issuerInstitutionId: issuer,
      demandIds: [aluminium.id, wheels.id],
    });
    expect(challenge2.status).toBe(201);
    const topic = await officer.post('/topics', {
      kind: 'topic',
      title: '芒果重大病虫害绿色防控',
      keyField: 'modern_agriculture_forestry',
      problem: '开展芒果瘿蚊病、炭疽病等重大病虫害绿色防控技术研究与示范。',
      fundingFen: 50_000_000,
      demandIds: [mango.id],
    });
    expect(topic.status).toBe(201);
    expect(topic.body).toMatchObject({ kind: 'topic', demandIds: [mango.id] });

    const challenges = await applicant.get('/topics?kind=challenge&limit=200');
    expect(challenges.body.items.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining([challenge1.body.id, challenge2.body.id]),
    );

    // The trace: the merged duplicate leads through the demand it joined to the challenge.
    const trace = await applicant2.get(`/demands/${redMud2.id}/trace`);
    expect(trace.status).toBe(200);
    expect(trace.body.mergedInto).toMatchObject({ id: redMud.id, status: 'accepted' });
    expect(trace.body.topics.map((t: { id: string }) => t.id)).toEqual([challenge1.body.id]);
    const wheelsTrace = await officer.get(`/demands/${wheels.id}/trace`);
    expect(wheelsTrace.body.topics[0]).toMatchObject({ id: challenge2.body.id, kind: 'challenge' });

    // Every step is in the audit trail.
    const events = await officer.get(`/events?subjectType=demand&subjectId=${redMud2.id}`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
      'demand.created',
      'demand.submitted',
      'demand.merged',
    ]);
  });

  it('returns a demand for revision and accepts the resubmission while the window is open', async () => {
    const campaign = await openCampaign(officer);
    const d = await submitDemand(applicant, campaign.id, sample('赤泥协同固废'));
    const returned = await officer.post(`/demands/${d.id}/screening`, {
      decision: 'return',
      reason: '请补充目标指标的测试方法',
    });
    expect(returned.body.status).toBe('returned');
    const edited = await applicant.patch(`/demands/${d.id}`, {
      deliverables: ['矿物外加剂中试线', '测试报告'],
    });
    expect(edited.status).toBe(200);
    const again = await applicant.post(`/demands/${d.id}/submit`);
    expect(again.body.status).toBe('submitted');
    expect(again.body.history.map((h: { status: string }) => h.status)).toEqual([
      'draft',
      'submitted',
      'returned',
      'submitted',
    ]);
  });

  it('keeps drafts private and screening and condensing to officers', async () => {
    const campaign = await openCampaign(officer);
    const draft = await applicant.post('/demands', { campaignId: campaign.id, ...sample('铝板带箔') });
    expect(draft.status).toBe(201);
    const events = async () => (await underCampaign(campaign.id, ['越权凝练'])).events;
    const before = await events();

    expect((await applicant2.get(`/demands/${draft.body.id}`)).status).toBe(404);
    expect(
      (await applicant2.patch(`/demands/${draft.body.id}`, { title: '他人修改的需求标题' })).status,
    ).toBe(404);
    expect((await expert.get(`/demands/${draft.body.id}`)).status).toBe(404);
    expect((await instAdmin.get(`/demands/${draft.body.id}`)).status).toBe(200); // same institution
    expect((await instAdmin.post(`/demands/${draft.body.id}/submit`)).status).toBe(403); // not the submitter
    expect((await expert.post('/demands', { campaignId: campaign.id, ...sample('铝板带箔') })).status).toBe(
      403,
    );
    expect((await applicant.post('/demand-campaigns', {})).status).toBe(403);
    expect((await applicant.post(`/demands/${draft.body.id}/screening`, { decision: 'accept' })).status).toBe(
      403,
    );
    expect((await applicant.get(`/demand-campaigns/${campaign.id}/demands`)).status).toBe(403);
    expect(
      (
        await applicant.post('/topics', {
          kind: 'topic',
          title: '越权凝练',
          keyField: 'eco_aluminium',
          problem: '越权凝练的指南方向内容',
          fundingFen: 1,
          demandIds: [draft.body.id],
        })
      ).status,
    ).toBe(403);
    expect(await events()).toBe(before);
    const mine2 = await applicant2.get('/demands/mine?limit=200');
    expect(mine2.body.items.map((d: { id: string }) => d.id)).not.toContain(draft.body.id);
  });

  it('refuses bad input with field paths and writes nothing', async () => {
    const campaign = await openCampaign(officer);
    const snapshot = () =>
      underCampaign(campaign.id, [
        '窗口倒置的征集',
        '领域错误的征集',
        '未采纳需求凝练的榜单',
        '未采纳需求凝练的方向',
      ]);
    const before = await snapshot();
    const paths = (res: { body: { error: { fields: Array<{ path: string }> } } }) =>
      res.body.error.fields.map((f) => f.path).sort();

    const reversed = await officer.post('/demand-campaigns', {
      title: '窗口倒置的征集',
      windowStart: '2030-02-01T00:00:00+08:00',
      windowEnd: '2030-01-01T00:00:00+08:00',
      keyFields: ['eco_aluminium'],
    });
    expect(reversed.status).toBe(400);
    expect(paths(reversed)).toEqual(['windowEnd']);
    const badField = await officer.post('/demand-campaigns', {
      title: '领域错误的征集',
      windowStart: '2030-01-01T00:00:00+08:00',
      windowEnd: '2030-02-01T00:00:00+08:00',
      keyFields: ['space_mining'],
    });
    expect(paths(badField)).toEqual(['keyFields.0']);

    const { keyField: _omit, ...noKeyField } = sample('芒果瘿蚊');
    const missing = await applicant.post('/demands', { campaignId: campaign.id, ...noKeyField });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([
      { path: 'keyField', message: { zh: '必填字段', en: 'Required' } },
    ]);

    const draft = await applicant.post('/demands', {
      campaignId: campaign.id,
      title: '仅有标题的需求草稿',
      keyField: 'new_materials',
    });
    expect(draft.status).toBe(201);
    const afterDraft = await snapshot();
    const incomplete = await applicant.post(`/demands/${draft.body.id}/submit`);
    expect(incomplete.status).toBe(400);
    expect(paths(incomplete)).toEqual(['contact', 'county', 'indicators', 'problem']);

    const self = await applicant.post('/demands', { campaignId: campaign.id, ...sample('铝轮毂') });
    await applicant.post(`/demands/${self.body.id}/submit`);
    const afterSubmit = await snapshot();
    const toItself = await officer.post(`/demands/${self.body.id}/screening`, {
      decision: 'merge',
      mergeIntoId: self.body.id,
    });
    expect(toItself.status).toBe(400);
    expect(paths(toItself)).toEqual(['mergeIntoId']);
    const noReason = await officer.post(`/demands/${self.body.id}/screening`, { decision: 'reject' });
    expect(paths(noReason)).toEqual(['reason']);
    const notAccepted = await officer.post('/topics', {
      kind: 'challenge',
      title: '未采纳需求凝练的榜单',
      keyField: 'eco_aluminium',
      problem: '用尚未采纳的需求凝练榜单应被拒绝。',
      fundingFen: 1000,
      demandIds: [self.body.id],
    });
    expect(notAccepted.status).toBe(400);
    expect(paths(notAccepted)).toEqual(['deadline', 'indicators', 'issuerInstitutionId']);
    const notAccepted2 = await officer.post('/topics', {
      kind: 'topic',
      title: '未采纳需求凝练的方向',
      keyField: 'eco_aluminium',
      problem: '用尚未采纳的需求凝练指南方向应被拒绝。',
      fundingFen: 1000,
      demandIds: [self.body.id],
    });
    expect(notAccepted2.status).toBe(400);
    expect(paths(notAccepted2)).toEqual(['demandIds.0']);
    expect(await snapshot()).toEqual(afterSubmit);
    expect(afterDraft.demands).toBe(before.demands + 1);
    expect(afterDraft.campaigns).toBe(before.campaigns);
  });

  it('accepts submissions only inside the window and lapses unsubmitted drafts', async () => {
    const campaign = await openCampaign(officer, 4_000);
    const late = await applicant.post('/demands', { campaignId: campaign.id, ...sample('锰酸锂') });
    expect(late.status).toBe(201);
    await until(
      () => officer.get(`/demand-campaigns/${campaign.id}`),
      (r) => r.body.status === 'closed',
    );
    const lapsed = await until(
      () => applicant.get(`/demands/${late.body.id}`),
      (r) => r.body.status === 'lapsed',
    );
    expect(lapsed.body.submittedAt).toBeNull();
    const refused = await applicant.post(`/demands/${late.body.id}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message.zh).toContain(campaign.windowEndLocal.replace(' (Asia/Shanghai)', ''));
    const afterClose = await applicant.post('/demands', { campaignId: campaign.id, ...sample('锰酸锂') });
    expect(afterClose.status).toBe(422);
    expect(afterClose.body.error.code).toBe('window_closed');
  });
});
