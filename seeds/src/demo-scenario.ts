/**
 * The demo that `npm start` shows, played through the real API (so it exercises the same
 * workflows users do): a demand campaign with the plans' sample demands, screening (a merged
 * duplicate, a rejection), two challenges and a topic condensed from them, and a published
 * 揭榜挂帅 challenge list whose call is open; then work waiting on each demo login's home
 * (demo-work.ts: drafts, an endorsement, a review round, formal checks, a project in execution).
 * Runs once: skipped when a campaign exists.
 *
 *   node dist/seeds/src/demo-scenario.js [API URL]    (default http://127.0.0.1:$PORT, PORT 3000)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { client } from './demo-client';
import { playWork } from './demo-work';
import { loadDemoData } from './index';

const DAY = 24 * 3600 * 1000;

/** Plays the demo through the API at `api` (e.g. http://127.0.0.1:3000). */
export async function playDemo(api: string): Promise<string> {
  const call = client(api);
  const { password } = loadDemoData();
  const login = async (username: string) =>
    (await call<{ accessToken: string }>(null, 'POST', '/auth/login', { username, password })).accessToken;
  const [officer, admin] = await Promise.all([login('officer'), login('admin')]);
  if ((await call<{ items: unknown[] }>(officer, 'GET', '/demand-campaigns?limit=1')).items.length > 0)
    return 'demo data already present';
  const submitters = await Promise.all(['applicant', 'applicant2', 'inst-admin'].map(login));

  const samples: Array<Record<string, any>> = JSON.parse(
    fs.readFileSync(path.resolve(__dirname, '../data/demands.json'), 'utf8'),
  ).demands;
  const now = Date.now();
  const campaign = await call(officer, 'POST', '/demand-campaigns', {
    title: '2026年百色市揭榜挂帅技术需求征集',
    windowStart: new Date(now - DAY).toISOString(),
    windowEnd: new Date(now + 30 * DAY).toISOString(),
    keyFields: [...new Set(samples.map((s) => s.keyField as string))],
    instructions:
      '围绕生态铝等重点产业链关键核心技术，由骨干龙头企业、行业主管部门和县（市、区）填报技术需求。',
  });

  const ids: Record<string, string> = {};
  for (const [i, s] of samples.entries()) {
    const { title, keyField, county, problem, indicators, deliverables, coFunding, urgency, contact } = s;
    const who = submitters[i % submitters.length];
    const d = await call(who, 'POST', '/demands', {
      campaignId: campaign.id,
      ...{ title, keyField, county, problem, indicators, deliverables, coFunding, urgency, contact },
    });
    await call(who, 'POST', `/demands/${d.id}/submit`);
    ids[title] = d.id;
  }
  const id = (keyword: string) => ids[Object.keys(ids).find((t) => t.includes(keyword))!];

  // Screening: duplicates merged, one out of scope rejected, the rest accepted.
  await call(officer, 'POST', `/demands/${id('赤泥坝')}/screening`, {
    decision: 'merge',
    mergeIntoId: id('赤泥综合利用关键技术'),
  });
  await call(officer, 'POST', `/demands/${id('基层出题')}/screening`, {
    decision: 'merge',
    mergeIntoId: id('芒果瘿蚊'),
  });
  await call(officer, 'POST', `/demands/${id('氯碱')}/screening`, {
    decision: 'reject',
    reason: '已列入自治区重点研发计划支持，本次不重复立项',
  });
  for (const title of Object.keys(ids).filter((t) => !/赤泥坝|基层出题|氯碱/.test(t))) {
    await call(officer, 'POST', `/demands/${ids[title]}/screening`, { decision: 'accept' });
  }

  // Condensing into the 揭榜挂帅 list (seed 002 line 51: 铝精深加工, 赤泥综合利用) and a topic.
  const redMud = await call(officer, 'POST', '/topics', {
    kind: 'challenge',
    title: '赤泥大规模综合利用关键技术',
    keyField: 'eco_aluminium',
    problem: '氧化铝生产外排赤泥量大，需突破赤泥大宗建材化利用与有价金属回收技术，减少赤泥堆存。',
    indicators: [
      { name: '赤泥综合利用率', unit: '%', target: 30, assessedBy: '第三方检测机构' },
      { name: '铁精矿回收率', unit: '%', target: 40, assessedBy: '第三方检测机构' },
    ],
    deadline: '2028-12-31',
    fundingFen: 300_000_000,
    issuerInstitutionId: 'd7ae3f7e-b3c5-4472-93c2-ffb31c1fa046',
    issuerCoFundingFen: 300_000_000,
    demandIds: [id('赤泥综合利用关键技术'), id('赤泥协同固废')],
  });
  const aluminium = await call(officer, 'POST', '/topics', {
    kind: 'challenge',
    title: '高端铝材精深加工关键技术',
    keyField: 'eco_aluminium',
    problem: '面向交通用铝与高精度板带箔，突破高性能铝合金成分设计与精深加工工艺，形成示范生产线。',
    indicators: [{ name: '高精度板带箔成品率', unit: '%', target: 85, assessedBy: '用户验收' }],
    deadline: '2028-06-30',
    fundingFen: 200_000_000,
    issuerInstitutionId: '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e04',
    issuerCoFundingFen: 200_000_000,
    demandIds: [id('铝板带箔'), id('铝轮毂')],
  });
  const mango = await call(officer, 'POST', '/topics', {
    kind: 'topic',
    title: '芒果重大病虫害绿色防控技术研究与示范',
    keyField: 'modern_agriculture_forestry',
    problem: '开展芒果瘿蚊病、炭疽病等重大病虫害绿色防控技术研究，并由科技特派员在县域示范推广。',
    fundingFen: 50_000_000,
    demandIds: [id('芒果瘿蚊')],
  });

  // The challenge list: drafted by the officer, approved by the admin, published.
  const guide = await call(officer, 'POST', '/guides', {
    templateCode: 'challenge',
    content: {
      title: '2026年百色市科技计划揭榜挂帅项目榜单',
      intro: '聚焦生态铝产业链关键核心技术，张榜招贤，揭榜挂帅，以结果论英雄。',
      eligibilityNotes:
        '不设门槛、不论资历；鼓励骨干龙头企业牵头，联合高校院所揭榜；允许东西部协作单位参与。',
      topicIds: [redMud.id, aluminium.id, mango.id],
      budgetCapFen: 300_000_000,
      totalBudgetFen: 550_000_000,
      windowStart: new Date(now - 60_000).toISOString(),
      windowEnd: new Date(now + 45 * DAY).toISOString(),
    },
  });
  await call(officer, 'POST', `/guides/${guide.id}/submit`);
  const published = await call(admin, 'POST', `/guides/${guide.id}/approval`, { decision: 'approve' });
  const challengeList = `demo: campaign "${campaign.title}" (${samples.length} demands), 2 challenges + 1 topic, guide published with call ${published.callId}`;

  const started = Date.now();
  const work = await playWork(call, login, { demandIds: (keyword) => [id(keyword)] });
  return (
    `${challengeList}; work for each login (${Math.round((Date.now() - started) / 1000)} s): ` +
    `a key R&D guide open with call ${work.keyRdCallId}, a review round on call ${work.reviewCallId}, ` +
    `formal checks on call ${work.checkCallId}, project ${work.projectId} in execution`
  );
}

if (require.main === module) {
  playDemo(process.argv[2] || `http://127.0.0.1:${process.env.PORT || 3000}`)
    .then((msg) => console.log(`[demo] ${msg}`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
