import { as, attachRequired, Client, closeDb, completeDraft, count, SIGN, until } from './support/api';
import {
  closingIn,
  DRILL_DURATIONS,
  drillProgram,
  iso,
  publishedCall,
  scoredRound,
  signAll,
  waitForClose,
} from './support/flows';
import { OWN_USERS } from './support/fuzz-users';

const BAISE_COLLEGE = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02'; // issued the test challenge
const ROUTES =
  '甲团队采用拜耳法赤泥脱碱制砖路线，乙团队采用赤泥选铁后制备胶凝材料路线，二者技术路线明显不同。';

/** The refusals the given clients get for one request, with their roles to name a failure. */
async function statuses(clients: Client[], send: (c: Client) => Promise<{ status: number }>) {
  const out: Array<[string[], number]> = [];
  for (const c of clients) out.push([c.user.roles, (await send(c)).status]);
  return out;
}

/**
 * 赛马中期择优 and 揭榜挂帅 milestones end to end (issue 15 §5). The red-mud horse race, saved as a
 * template whose mid-term point is seconds after signing: two close teams are raced, the comparison
 * opens at the mid-point, staff record both results and keep the better team; the other is
 * terminated without fault (no credit record, a recovery order of what was paid and not spent).
 * Then a challenge project fails its first milestone and its funding stops for good.
 */
describe('project race (赛马中期择优) and challenge milestones', () => {
  let officer: Client;
  let admin: Client;
  let auditor: Client;
  let expert: Client;
  let otherPi: Client;
  let otherHost: Client;
  afterAll(closeDb);
  beforeAll(async () => {
    [officer, admin, auditor, expert, otherPi, otherHost] = await Promise.all(
      ['officer', 'admin', 'auditor', 'expert', 'enterprise2', 'inst-admin3'].map(as),
    );
  });

  it('opens the comparison at the mid-point, keeps the better team and terminates the other without fault', async () => {
    const [piA, hostA, piB, hostB] = await Promise.all(
      [OWN_USERS.raceAPi, OWN_USERS.raceAHost, OWN_USERS.raceBPi, OWN_USERS.raceBHost].map((u) =>
        as(u.username),
      ),
    );
    // The red-mud horse race as a template of seconds: the comparison opens 25 s after signing.
    const base = (await officer.get('/program-templates/horse-race-red-mud')).body.template;
    const code = `race-e2e-${Date.now().toString(36)}`;
    const saved = await admin.post('/program-templates', {
      ...base,
      code,
      name: { zh: '赛马中期择优测试计划', en: 'Horse-race mid-point test program' },
      durations: {
        ...base.durations,
        executionLength: 'PT2H',
        reportCadence: 'PT1H',
        midtermPoint: 'PT25S',
        // A notice and a signing period of seconds (a drill), so the race signs within the test.
        ...DRILL_DURATIONS,
      },
    });
    expect(saved.status).toBe(201);

    // Two bids in a window of seconds, endorsed by their hosts; checked once the call has closed.
    const call = await officer.post('/calls', {
      title: '赤泥综合利用赛马制（测试）',
      mode: 'horse_race',
      templateCode: code,
      windowStart: iso(-1_000),
      windowEnd: iso(20_000),
      budgetCapFen: 50_000_000,
      totalBudgetFen: 100_000_000,
    });
    expect(call.status).toBe(201);
    const callId: string = call.body.id;
    const bids: string[] = [];
    for (const [pi, host] of [
      [piA, hostA],
      [piB, hostB],
    ] as const) {
      const draft = await pi.post('/applications', { callId, ...completeDraft });
      expect(draft.status).toBe(201);
      await attachRequired(pi, draft.body.id);
      expect((await pi.post(`/applications/${draft.body.id}/submit`, SIGN)).body.status).toBe(
        'awaiting_endorsement',
      );
      expect(
        (await host.post(`/applications/${draft.body.id}/endorsement`, { decision: 'endorse' })).body.status,
      ).toBe('submitted');
      bids.push(draft.body.id);
    }
    await waitForClose(officer, callId);
    for (const bid of bids)
      expect((await officer.post(`/applications/${bid}/formal-check`, { decision: 'pass' })).status).toBe(
        200,
      );
    const scores = [88, 86];
    const { roundId } = await scoredRound(officer, callId, (id) => scores[bids.indexOf(id)], {
      experts: 9,
    });
    const proposed = await officer.post(`/calls/${callId}/awards`, {
      roundId,
      items: bids.map((applicationId) => ({ applicationId, amountFen: completeDraft.requestedFen })),
      horseRace: {
        applicationIds: bids,
        routesDiffer: { attested: true, statement: ROUTES },
        midpointDate: '2027-12-31',
      },
      note: '前两名得分接近且技术路线不同，实行赛马制并行支持',
    });
    expect([proposed.status, proposed.body.error ?? null]).toEqual([201, null]);
    expect((await admin.post(`/awards/${proposed.body.id}/approval`, { decision: 'approve' })).status).toBe(
      200,
    );
    await until(
      () => officer.get(`/awards/${proposed.body.id}`),
      (r) => r.body.status === 'final',
      60_000,
    );
    const list = await until(
      () => officer.get(`/awards/${proposed.body.id}/agreements`),
      (r) => Array.isArray(r.body.items) && r.body.items.length === 2,
    );
    const agreementOf = (bid: string) =>
      list.body.items.find((x: { applicationId: string }) => x.applicationId === bid);
    const signedA = await signAll(agreementOf(bids[0]).id, [piA, hostA, officer]);
    const signedB = await signAll(agreementOf(bids[1]).id, [piB, hostB, officer]);
    const [a, b] = [signedA.body, signedB.body];
    const A = `/projects/${a.projectId}` as const;
    const B = `/projects/${b.projectId}` as const;
    // Signing releases the first tranche of each team; both are paid before the mid-point.
    for (const x of [a, b]) {
      expect((await officer.post(`/agreements/${x.id}/installments/1/approval`)).status).toBe(200);
      expect((await admin.post(`/agreements/${x.id}/installments/1/payment`)).status).toBe(200);
    }

    // Team A reports before the mid-point: its first progress report, accepted, declares what it
    // has spent so far by category (cumulative), which its termination is settled on.
    const spentSoFar = { equipment: 300_000, business: 500_000, labour: 200_000 };
    const reportA = `${A}/reports/1` as const;
    const sentA = await piA.post(`${reportA}/submission`, {
      progress: '完成拜耳法赤泥脱碱预处理小试，制砖配方初步确定。',
      spending: Object.entries(spentSoFar).map(([category, spentFen]) => ({
        category,
        plannedFen: 5_000_000,
        spentFen,
      })),
    });
    expect(sentA.status).toBe(200);
    expect((await hostA.post(`${reportA}/confirmation`)).status).toBe(200);
    expect((await officer.post(`${reportA}/decision`, { decision: 'accept' })).body.status).toBe('accepted');

    // Before the mid-point the race waits and takes no result.
    const waiting = await until(
      () => piA.get(`${A}/race`),
      (r) => r.status === 200,
    );
    const raceId: string = waiting.body.id;
    if (waiting.body.phase === 'waiting') {
      const early = await officer.post(`${A}/race/result`, { score: 80, opinion: '尚未到中期' });
      expect(early.status).toBe(409);
    }

    // The comparison opens at the mid-point over both signed teams.
    const opened = await until(
      () => officer.get(`${A}/race`),
      (r) => r.body.phase === 'comparing',
      90_000,
    );
    expect(opened.body).toMatchObject({
      id: raceId,
      midpointDate: '2027-12-31',
      opensAt: expect.any(String),
      decision: null,
      teams: [
        { applicationId: bids[0], projectId: a.projectId, projectStatus: 'ongoing', result: null },
        { applicationId: bids[1], projectId: b.projectId, projectStatus: 'ongoing', result: null },
      ],
    });

    // The program's mid-term check opens at the same point (its own events): awaited, so that
    // the count below sees only what the refused requests could write.
    for (const [pi, P] of [
      [piA, A],
      [piB, B],
    ] as const)
      await until(
        () => pi.get(`${P}/midterm`),
        (r) => r.status === 200 && r.body.phase === 'opened',
      );

    // Who may do what on the race's routes; a refused request writes nothing.
    const events = () =>
      count(`SELECT 1 FROM domain_events WHERE subject_id = ANY($1::text[])`, [
        [raceId, a.projectId, b.projectId],
      ]);
    const before = await events();
    expect(
      await statuses([officer, admin, auditor, piA, hostA, piB, hostB, otherPi, otherHost, expert], (c) =>
        c.get(`${A}/race`),
      ),
    ).toEqual(
      [200, 200, 200, 200, 200, 404, 404, 404, 404, 404].map((s, i) => [
        [officer, admin, auditor, piA, hostA, piB, hostB, otherPi, otherHost, expert][i].user.roles,
        s,
      ]),
    );
    const outsiders = [auditor, piA, hostA, piB, hostB, otherPi, otherHost, expert];
    const forbidden = outsiders.map((c) => [c.user.roles, 403]);
    expect(
      await statuses(outsiders, (c) => c.post(`${A}/race/result`, { score: 90, opinion: '自评领先' })),
    ).toEqual(forbidden);
    expect(
      await statuses(outsiders, (c) =>
        c.post(`${A}/race/decision`, { continuing: [a.projectId], reasons: '自行决定' }),
      ),
    ).toEqual(forbidden);
    // An unknown project, a bad score and a decision before every result are refused too.
    expect((await officer.get(`/projects/${bids[0]}/race`)).status).toBe(404);
    const bad = await officer.post(`${A}/race/result`, { score: 101, opinion: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['opinion', 'score']);
    const premature = await officer.post(`${A}/race/decision`, {
      continuing: [b.projectId],
      reasons: '乙团队领先',
    });
    expect(premature.status).toBe(409);
    expect(await events()).toBe(before);

    // Staff record both results (the first corrected once) and keep the better team.
    expect((await officer.post(`${A}/race/result`, { score: 75, opinion: '赤泥利用率 18%' })).status).toBe(
      200,
    );
    const corrected = await officer.post(`${A}/race/result`, {
      score: 78,
      opinion: '复核后赤泥利用率 20%，进度滞后',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.teams[0].result).toMatchObject({
      score: 78,
      opinion: '复核后赤泥利用率 20%，进度滞后',
      recordedBy: officer.user.id,
    });
    const second = await admin.post(`${B}/race/result`, {
      score: 91,
      opinion: '赤泥利用率 32%，中试线已运行',
    });
    expect(second.status).toBe(200);
    expect(second.body.teams.map((t: { result: { score: number } }) => t.result.score)).toEqual([78, 91]);
    const wrongTeam = await officer.post(`${A}/race/decision`, {
      continuing: [a.projectId],
      reasons: '甲团队继续',
    });
    // Not the best score: refused by the template's rule, on the field.
    expect(wrongTeam.status).toBe(400);
    expect(wrongTeam.body.error.fields[0].path).toBe('continuing');
    const decided = await officer.post(`${A}/race/decision`, {
      continuing: [b.projectId],
      reasons: '乙团队中期指标领先，择优继续支持',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      phase: 'decided',
      decision: {
        continuing: [b.projectId],
        reasons: '乙团队中期指标领先，择优继续支持',
        decidedBy: officer.user.id,
      },
    });

    // The other team terminates itself without fault; the kept team goes on.
    const ended = await until(
      () => piA.get(A),
      (r) => r.body.status === 'terminated',
    );
    expect(ended.body.status).toBe('terminated');
    expect((await piB.get(B)).body.status).toBe('ongoing');
    const after = await piB.get(`${B}/race`);
    expect(after.body.teams.map((t: { projectStatus: string }) => t.projectStatus)).toEqual([
      'terminated',
      'ongoing',
    ]);
    // What was paid and not spent is recovered: the first tranche less the spending of the accepted
    // report (no mid-term statement was submitted), and the order names where that figure comes from.
    const orders = await until(
      () => piA.get(`${A}/recovery-orders`),
      (r) => r.body.items?.length === 1,
    );
    const spentA = spentSoFar.equipment + spentSoFar.business + spentSoFar.labour;
    expect(orders.body.items).toEqual([
      expect.objectContaining({
        amountFen: a.installments[0].amountFen - spentA,
        status: 'open',
        paidAt: null,
      }),
    ]);
    expect(orders.body.items[0].reason).toContain('第 1 期进展报告');
    expect(orders.body.items[0].reason).toContain('已支出 ¥10,000.00');
    expect(
      await count(
        `SELECT 1 FROM domain_events WHERE subject_id = $1 AND type = 'project.recovery_ordered'
            AND payload->'basis'->'spent'->>'source' = 'report' AND (payload->'basis'->'spent'->>'spentFen')::int = $2`,
        [a.projectId, spentA],
      ),
    ).toBe(1);
    expect((await piB.get(`${B}/recovery-orders`)).body.items).toEqual([]);
    // Without fault: no credit record for the PI or the institution.
    const records = async (type: string, id: string) =>
      (
        (await officer.get(`/credit-records?subjectType=${type}&subjectId=${id}`)).body.items as Array<{
          projectId: string | null;
        }>
      ).filter((r) => r.projectId === a.projectId);
    expect(await records('person', piA.user.id)).toEqual([]);
    expect(await records('institution', hostA.user.institutionId!)).toEqual([]);
    // Its later tranches are no longer approved, and the race takes no more results.
    expect((await officer.post(`/agreements/${a.id}/installments/2/approval`)).status).toBe(409);
    expect((await officer.post(`${B}/race/result`, { score: 95, opinion: '决定后补录' })).status).toBe(409);
  }, 420_000);

  it('a failed challenge milestone stops the funding: the project is terminated without fault', async () => {
    const [pi, host] = await Promise.all(
      [OWN_USERS.challengePi, OWN_USERS.challengeHost].map((u) => as(u.username)),
    );
    const program = await drillProgram(admin, 'challenge');
    const published = await publishedCall(
      officer,
      admin,
      await as('applicant'),
      program.code,
      closingIn(12_000),
    );
    const bid = await pi.post('/applications', {
      callId: published.callId,
      topicId: published.challengeId,
      ...completeDraft,
      title: '铝精深加工揭榜方案（连续挤压）',
      pledge: {
        goals: '两年内突破高端铝材精深加工关键工艺，成品率达到 85% 以上，建成示范生产线。',
        milestones: [
          { title: '完成中试', due: '2027-06-30', indicator: '中试成品率≥80%' },
          { title: '建成示范线', due: '2028-06-30', indicator: '示范线成品率≥85%' },
        ],
        consequences: '未按期通过里程碑考核的，停止后续拨款并记入科研信用记录。',
      },
    });
    expect(bid.status).toBe(201);
    await attachRequired(pi, bid.body.id);
    expect((await pi.post(`/applications/${bid.body.id}/submit`, SIGN)).status).toBe(200);
    await waitForClose(officer, published.callId);
    expect(
      (await officer.post(`/applications/${bid.body.id}/formal-check`, { decision: 'pass' })).status,
    ).toBe(200);
    const { roundId } = await scoredRound(officer, published.callId, () => 88, {
      experts: 9,
      issuer: { institutionId: BAISE_COLLEGE, organisation: '百色学院' },
    });
    const proposed = await officer.post(`/calls/${published.callId}/awards`, {
      roundId,
      items: [{ applicationId: bid.body.id, amountFen: 30_000_000 }],
      note: '揭榜方案经评审通过',
    });
    expect([proposed.status, proposed.body.error ?? null]).toEqual([201, null]);
    expect((await admin.post(`/awards/${proposed.body.id}/approval`, { decision: 'approve' })).status).toBe(
      200,
    );
    await until(
      () => officer.get(`/awards/${proposed.body.id}`),
      (r) => r.body.status === 'final',
      60_000,
    );
    const list = await until(
      () => officer.get(`/awards/${proposed.body.id}/agreements`),
      (r) => Array.isArray(r.body.items) && r.body.items.length === 1,
    );
    const signed = (await signAll(list.body.items[0].id, [pi, host, officer], { performancePledge: true }))
      .body;
    const P = `/projects/${signed.projectId}` as const;
    expect((await officer.post(`/agreements/${signed.id}/installments/1/approval`)).status).toBe(200);
    expect((await admin.post(`/agreements/${signed.id}/installments/1/payment`)).status).toBe(200);

    // Only staff record a milestone's check; a refused request writes nothing.
    const check = { outcome: 'failed', opinion: '中试成品率仅 60%，未达到军令状约定指标。' };
    const events = () =>
      count(`SELECT 1 FROM domain_events WHERE subject_id = ANY($1::text[])`, [
        [signed.id, signed.projectId],
      ]);
    const before = await events();
    const others = [auditor, pi, host, otherPi, otherHost, expert];
    expect(
      await statuses(others, (c) => c.post(`/agreements/${signed.id}/milestones/1/check`, check)),
    ).toEqual(others.map((c) => [c.user.roles, 403]));
    expect((await officer.post(`/agreements/${bid.body.id}/milestones/1/check`, check)).status).toBe(404);
    expect(await events()).toBe(before);

    const failed = await officer.post(`/agreements/${signed.id}/milestones/1/check`, check);
    expect(failed.status).toBe(200);
    expect(failed.body.milestoneChecks).toEqual([
      expect.objectContaining({ milestone: 1, outcome: 'failed' }),
    ]);
    // Funding stops: the next installment is refused and the project ends without fault.
    const stopped = await officer.post(`/agreements/${signed.id}/installments/2/approval`);
    expect(stopped.status).toBe(409);
    expect(stopped.body.error.message.zh).toBe('里程碑考核未通过，已停止拨款');
    await until(
      () => pi.get(P),
      (r) => r.body.status === 'terminated',
    );
    const orders = await until(
      () => pi.get(`${P}/recovery-orders`),
      (r) => r.body.items?.length === 1,
    );
    expect(orders.body.items).toEqual([
      expect.objectContaining({ amountFen: signed.installments[0].amountFen, status: 'open' }),
    ]);
    const records = (
      (await officer.get(`/credit-records?subjectType=person&subjectId=${pi.user.id}`)).body.items as Array<{
        projectId: string | null;
      }>
    ).filter((r) => r.projectId === signed.projectId);
    expect(records).toEqual([]);
    // An ended project's milestones are not checked again.
    expect(
      (
        await officer.post(`/agreements/${signed.id}/milestones/2/check`, {
          outcome: 'passed',
          opinion: '示范线已建成，申请考核。',
        })
      ).status,
    ).toBe(409);
  }, 300_000);
});
