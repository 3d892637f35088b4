import { Client } from './api';

/** Multi-step set-ups through the API, shared by end-to-end files. */
export const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

/** Accepted demands condensed into a challenge and a topic, through the API. */
export async function topicsFromDemands(officer: Client, submitter: Client) {
  const campaign = await officer.post('/demand-campaigns', {
    title: '指南测试用需求征集',
    windowStart: iso(-60_000),
    windowEnd: iso(600_000),
    keyFields: ['eco_aluminium', 'modern_agriculture_forestry'],
  });
  const demand = async (title: string, keyField: string) => {
    const d = await submitter.post('/demands', {
      campaignId: campaign.body.id,
      title,
      keyField,
      county: '右江区',
      problem: `${title}：需要突破关键核心技术，提升产业链竞争力与附加值。`,
      indicators: [{ name: '技术指标', unit: '项', value: 3 }],
      contact: { name: '联系人', phone: '0776-2800000' },
    });
    await submitter.post(`/demands/${d.body.id}/submit`);
    await officer.post(`/demands/${d.body.id}/screening`, { decision: 'accept' });
    return d.body.id as string;
  };
  const d1 = await demand('铝精深加工关键技术', 'eco_aluminium');
  const d2 = await demand('芒果病虫害绿色防控', 'modern_agriculture_forestry');
  const challenge = await officer.post('/topics', {
    kind: 'challenge',
    title: '铝精深加工关键技术揭榜',
    keyField: 'eco_aluminium',
    problem: '突破高端铝材精深加工关键工艺，形成示范生产线。',
    indicators: [{ name: '成品率', unit: '%', target: 85 }],
    deadline: '2028-12-31',
    fundingFen: 100_000_000,
    issuerInstitutionId: '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02', // 百色学院 (the demo inst-admin's)
    demandIds: [d1],
  });
  const topic = await officer.post('/topics', {
    kind: 'topic',
    title: '芒果重大病虫害绿色防控',
    keyField: 'modern_agriculture_forestry',
    problem: '研究芒果重大病虫害绿色防控技术并示范推广。',
    fundingFen: 30_000_000,
    demandIds: [d2],
  });
  expect([challenge.status, topic.status]).toEqual([201, 201]);
  return { demandId: d1, challengeId: challenge.body.id as string, topicId: topic.body.id as string };
}

/** A call opened by a published guide of the given program template (so the template's rules apply). */
export async function publishedCall(
  officer: Client,
  admin: Client,
  submitter: Client,
  templateCode: string,
  window: { startsInMs: number; endsInMs: number },
) {
  const { challengeId, topicId } = await topicsFromDemands(officer, submitter);
  const guide = await officer.post('/guides', {
    templateCode,
    content: {
      title: `${templateCode} 测试指南`,
      topicIds: [templateCode === 'challenge' ? challengeId : topicId],
      budgetCapFen: 50_000_000,
      totalBudgetFen: 200_000_000,
      windowStart: iso(window.startsInMs),
      windowEnd: iso(window.endsInMs),
    },
  });
  if (guide.status !== 201) throw new Error(`guide: ${guide.status} ${JSON.stringify(guide.body)}`);
  await officer.post(`/guides/${guide.body.id}/submit`);
  const published = await admin.post(`/guides/${guide.body.id}/approval`, { decision: 'approve' });
  if (published.status !== 200)
    throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return { callId: published.body.callId as string, guideId: guide.body.id as string, topicId, challengeId };
}
