import * as fs from 'node:fs';
import * as path from 'node:path';
import { as, attachRequired, closeDb, completeDraft, count, Client, SIGN, until } from './support/api';
import { axeViolations, launchChromium, pageAt } from './support/browser';
import { closingIn, drillProgram, publishedCall, scoredRound, signAll, waitForClose } from './support/flows';

const BAISE_COLLEGE = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02'; // issued the test challenge
/** The challenge program: per-milestone payments and the horse-race threshold. */
const challenge = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../seeds/programs/challenge.json'), 'utf8'),
) as {
  horseRace: { teams: number; scoreGapPercent: number };
  funding: { installments: Array<{ sharePercent: number; releasedBy: string }> };
};
const pledge = {
  goals: '两年内突破高端铝材精深加工关键工艺，成品率达到 85% 以上，建成示范生产线。',
  milestones: [
    { title: '完成中试', due: '2027-06-30', indicator: '中试成品率≥80%' },
    { title: '建成示范线', due: '2028-06-30', indicator: '示范线成品率≥85%' },
  ],
  consequences: '未按期通过里程碑考核的，停止后续拨款并记入科研信用记录。',
};
const ROUTES = '甲团队采用连续挤压与在线热处理路线，乙团队采用半固态成形路线，二者技术路线明显不同。';

/**
 * 揭榜挂帅 to the end: three bids on one challenge are reviewed with the issuer on every panel;
 * the two best are close, so the officer races both (赛马) after attesting their routes differ;
 * each winner's PI signs the 军令状 with the agreement, and money follows the milestones.
 */
describe('challenge award (揭榜挂帅 → 赛马)', () => {
  let officer: Client;
  let admin: Client;
  let auditor: Client;
  const bidders: Client[] = [];
  const hosts: Client[] = [];
  let callId: string;
  let roundId: string;
  const bids: string[] = [];
  const scores = [88, 86, 70]; // the first two within 5 % of each other, the third far behind

  beforeAll(async () => {
    [officer, admin, auditor] = await Promise.all(['officer', 'admin', 'auditor'].map(as));
    bidders.push(...(await Promise.all(['applicant2', 'enterprise', 'enterprise2'].map(as))));
    hosts.push(...(await Promise.all(['inst-admin2', 'inst-admin3'].map(as))));
    // The challenge program as a drill: a notice of seconds (DRILL_DURATIONS), and two minutes to
    // sign (a PI signs the first agreement in the portal).
    const program = await drillProgram(admin, 'challenge', (t) => {
      t.durations.signingDeadline = 'PT2M';
    });
    // Three bids in a window of 20 s (enough on a loaded machine); the formal check and the round
    // once it has closed.
    const published = await publishedCall(
      officer,
      admin,
      await as('applicant'),
      program.code,
      closingIn(20_000),
    );
    callId = published.callId;
    for (const [i, who] of bidders.entries()) {
      const b = await who.post('/applications', {
        callId,
        topicId: published.challengeId,
        ...completeDraft,
        title: `铝精深加工揭榜方案（${['连续挤压', '半固态成形', '传统铸轧'][i]}）`,
        pledge,
      });
      expect(b.status).toBe(201);
      await attachRequired(who, b.body.id);
      expect((await who.post(`/applications/${b.body.id}/submit`, SIGN)).status).toBe(200);
      bids.push(b.body.id);
    }
    await waitForClose(officer, callId);
    for (const bid of bids)
      expect((await officer.post(`/applications/${bid}/formal-check`, { decision: 'pass' })).status).toBe(
        200,
      );
    const round = await scoredRound(officer, callId, (id) => scores[bids.indexOf(id)], {
      experts: 9,
      issuer: { institutionId: BAISE_COLLEGE, organisation: '百色学院' },
    });
    roundId = round.roundId;
    expect(round.results.map((r) => r.applicationId)).toEqual(bids);
  }, 180_000);
  afterAll(closeDb);

  const race = (applicationIds: string[], over: Record<string, unknown> = {}) => ({
    applicationIds,
    routesDiffer: { attested: true, statement: ROUTES },
    midpointDate: '2027-12-31',
    ...over,
  });
  const items = (ids: string[]) => ids.map((applicationId) => ({ applicationId, amountFen: 30_000_000 }));

  it('refuses a race of teams too far apart, not the top, unattested or without a ranking; nothing is written', async () => {
    const awards = () => count('SELECT 1 FROM awards WHERE call_id = $1', [callId]);
    const before = await awards();
    const wide = await officer.post(`/calls/${callId}/awards`, {
      roundId,
      items: items([bids[0], bids[2]]),
      horseRace: race([bids[0], bids[2]]),
    });
    expect(wide.status).toBe(400);
    const messages = wide.body.error.fields.map((f: { message: { zh: string } }) => f.message.zh);
    expect(messages).toEqual([
      `赛马团队须为排名最前的 2 个申报，以下不是：${bids[2]}`,
      `团队得分相差 ${(((scores[0] - scores[2]) / scores[0]) * 100).toFixed(2)}%，超过本计划的赛马分差阈值 ${challenge.horseRace.scoreGapPercent}%`,
    ]);
    const three = await officer.post(`/calls/${callId}/awards`, {
      roundId,
      items: items(bids),
      horseRace: race(bids),
    });
    expect(three.status).toBe(400);
    expect(three.body.error.fields[0].message.en).toBe(
      `This program funds at most ${challenge.horseRace.teams} teams in parallel`,
    );
    const unattested = await officer.post(`/calls/${callId}/awards`, {
      roundId,
      items: items(bids.slice(0, 2)),
      horseRace: race(bids.slice(0, 2), { routesDiffer: { attested: false, statement: '不同' } }),
    });
    expect(unattested.status).toBe(400);
    expect(unattested.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'horseRace.routesDiffer.attested',
      'horseRace.routesDiffer.statement',
    ]);
    const noRound = await officer.post(`/calls/${callId}/awards`, {
      items: items(bids.slice(0, 2)),
      horseRace: race(bids.slice(0, 2)),
    });
    expect(noRound.status).toBe(400);
    expect(noRound.body.error.fields[0].path).toBe('roundId');
    expect(await awards()).toBe(before);
  });

  it('races the two close bids, signs each 军令状 with the agreement, and pays per passed milestone', async () => {
    const proposed = await officer.post(`/calls/${callId}/awards`, {
      roundId,
      items: items(bids.slice(0, 2)),
      horseRace: race(bids.slice(0, 2)),
      note: '前两名得分接近且技术路线不同，实行赛马制并行支持',
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body.horseRace).toMatchObject({
      applicationIds: bids.slice(0, 2),
      midpointDate: '2027-12-31',
      routesStatement: ROUTES,
    });
    expect(proposed.body.horseRace.gapPercent).toBeCloseTo(((scores[0] - scores[1]) / scores[0]) * 100, 3);
    expect((await admin.post(`/awards/${proposed.body.id}/approval`, { decision: 'approve' })).status).toBe(
      200,
    );
    await until(
      () => auditor.get(`/awards/${proposed.body.id}`),
      (r) => r.body.status === 'final',
    );
    const list = await until(
      () => officer.get(`/awards/${proposed.body.id}/agreements`),
      (r) => Array.isArray(r.body.items) && r.body.items.length === 2,
    );
    const agreementOf = (bid: string) =>
      list.body.items.find((a: { applicationId: string }) => a.applicationId === bid);
    const [first, second] = bids.slice(0, 2).map(agreementOf);

    // Both agreements name the race, its teams and the mid-point competition, and carry the 军令状.
    for (const a of [first, second]) {
      expect(a.content.race).toMatchObject({
        midpointDate: '2027-12-31',
        teams: bids.slice(0, 2).map((applicationId) => expect.objectContaining({ applicationId })),
      });
      expect(a.content.performancePledge).toMatchObject({
        goals: pledge.goals,
        milestones: pledge.milestones,
        consequences: pledge.consequences,
      });
      expect(a.content.performancePledge.bureauTerms.zh).toContain('停止后续拨款');
    }
    // Per-milestone payments, as the program's schedule says.
    expect(first.content.installments.map((i: { releasedBy: string }) => i.releasedBy)).toEqual(
      challenge.funding.installments.map((i) => i.releasedBy),
    );

    // The PI signs the agreement only together with the 军令状: in the portal, the first team's PI
    // reads it and signs; without ticking it the API's message shows on the field, nothing signed.
    const [pi1, pi2] = bidders;
    const browser = await launchChromium();
    try {
      const page = await pageAt(
        browser,
        pi1.token,
        `/work/agreements/${first.id}`,
        `任务书：${first.content.title}`,
      );
      await page.getByText(pledge.goals).waitFor();
      await page.getByText(pledge.consequences).first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: '签署任务书' }).click();
      await page.getByText('揭榜挂帅项目负责人签署任务书时须同时签署军令状').first().waitFor();
      expect(await count('SELECT 1 FROM agreement_signatures WHERE agreement_id = $1', [first.id])).toBe(0);
      await page.getByLabel(/本人已阅读上述军令状/).check();
      await page.getByRole('button', { name: '签署任务书' }).click();
      await page.getByText('已签署').first().waitFor();
    } finally {
      await browser.close();
    }
    const byPi = (await pi1.get(`/agreements/${first.id}`)).body.signatures;
    expect(byPi).toEqual([expect.objectContaining({ party: 'pi', performancePledgeAccepted: true })]);
    // The second by the API; the API refuses the PI's signature without the 军令状 on its field.
    const refused = await pi2.post(`/agreements/${second.id}/signatures`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0]).toMatchObject({
      path: 'performancePledge',
      message: { zh: '揭榜挂帅项目负责人签署任务书时须同时签署军令状' },
    });
    expect(await count('SELECT 1 FROM agreement_signatures WHERE agreement_id = $1', [second.id])).toBe(0);
    expect((await hosts[0].post(`/agreements/${first.id}/signatures`)).status).toBe(200);
    expect((await officer.post(`/agreements/${first.id}/signatures`)).body.status).toBe('signed');
    const signed = await signAll(second.id, [pi2, hosts[1], officer], { performancePledge: true });
    expect(signed.body.signatures.find((s: { party: string }) => s.party === 'pi')).toMatchObject({
      performancePledgeAccepted: true,
    });

    // First team: signing releases the first tranche; the milestone tranche waits for its check.
    expect((await officer.post(`/agreements/${first.id}/installments/1/approval`)).status).toBe(200);
    const early = await officer.post(`/agreements/${first.id}/installments/2/approval`);
    expect(early.status).toBe(409);
    expect(early.body.error.message.zh).toBe('该期经费须在“里程碑考核通过后”拨付，条件尚未满足');
    expect(
      (
        await pi1.post(`/agreements/${first.id}/milestones/1/check`, {
          outcome: 'passed',
          opinion: '中试成品率达到 82%，通过考核。',
        })
      ).status,
    ).toBe(403);
    const outOfOrder = await officer.post(`/agreements/${first.id}/milestones/2/check`, {
      outcome: 'passed',
      opinion: '示范线已建成，通过考核。',
    });
    expect(outOfOrder.status).toBe(409);
    const vague = await officer.post(`/agreements/${first.id}/milestones/1/check`, {
      outcome: 'passed',
      opinion: '好',
    });
    expect(vague.status).toBe(400);
    expect(vague.body.error.fields[0].path).toBe('opinion');
    const passed = await officer.post(`/agreements/${first.id}/milestones/1/check`, {
      outcome: 'passed',
      opinion: '中试成品率达到 82%，第三方检测报告齐全，通过考核。',
    });
    expect(passed.status).toBe(200);
    expect(passed.body.milestoneChecks).toEqual([
      expect.objectContaining({
        milestone: 1,
        outcome: 'passed',
        outcomeLabel: { zh: '考核通过', en: 'Passed' },
      }),
    ]);
    expect((await officer.post(`/agreements/${first.id}/installments/2/approval`)).status).toBe(200);
    const paid = await admin.post(`/agreements/${first.id}/installments/2/payment`);
    expect(paid.status).toBe(200);
    const plan = challenge.funding.installments;
    expect(paid.body.installments[1]).toMatchObject({
      status: 'paid',
      amountFen: (30_000_000 * plan[1].sharePercent) / 100,
    });
    expect((await officer.post(`/agreements/${first.id}/installments/3/approval`)).status).toBe(409);

    // Second team fails its first milestone: funding stops, no later milestone is checked.
    const failed = await officer.post(`/agreements/${second.id}/milestones/1/check`, {
      outcome: 'failed',
      opinion: '中试成品率仅 60%，未达到军令状约定指标。',
    });
    expect(failed.status).toBe(200);
    const stopped = await officer.post(`/agreements/${second.id}/installments/2/approval`);
    expect(stopped.status).toBe(409);
    expect(stopped.body.error.message.zh).toBe('里程碑考核未通过，已停止拨款');
    const after = await officer.post(`/agreements/${second.id}/milestones/2/check`, {
      outcome: 'passed',
      opinion: '示范线已建成，申请考核。',
    });
    expect(after.status).toBe(409);
    expect(after.body.error.message.zh).toBe('已有里程碑考核未通过，项目已停止拨款');
  }, 150_000);
});
