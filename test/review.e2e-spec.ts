import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import {
  apiUrl,
  as,
  closeDb,
  completeDraft,
  count,
  createCall,
  login,
  Client,
  request,
  SIGN,
  until,
} from './support/api';
import { waitForClose } from './support/flows';

const BAISE_COLLEGE = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02'; // 百色学院, the host of `applicant`
const FIELDS = ['eco_aluminium', 'modern_agriculture_forestry', 'new_materials', 'biopharma'];
const TOPICS = [
  '赤泥综合利用',
  '芒果病虫害防控',
  '铝合金新材料',
  '壮药质量标准',
  '油茶丰产栽培',
  '锰系电池材料',
];

interface Assignment {
  id: string;
  applicationId: string;
  expertId: string;
  status: string;
  draw: number;
  replaces: string | null;
}

const sheet = (score: number) => ({
  criteria: {
    innovation: { score, comment: '创新点明确，技术路线有一定先进性。' },
    feasibility: { score, comment: '研究内容具体，进度安排基本合理。' },
    team: { score },
    benefit: { score },
  },
  overallComment: '总体较好，建议按计划推进并加强成果转化。',
});

/**
 * A review round on the real stack: 30 applications, 20 experts, k = 5, three conflicts, two
 * declines, one invitation left unanswered, one recusal on opening, one missed scoring deadline
 * (each ending in a redraw), blind review, aggregation with a disagreement sent to a panel,
 * the ranking and its export, and the draw replayed from its record.
 */
describe('expert review round (专家评审)', () => {
  let officer: Client;
  let auditor: Client;
  let applicants: Client[];
  const experts: Array<{ id: string; client: Client; name: string; finance: boolean }> = [];
  let callId: string;
  const appIds: string[] = [];
  /** This file's experts carry this keyword; rounds draw from them only (the seeded pool is bigger). */
  let poolTag: string;

  beforeAll(async () => {
    [officer, auditor] = await Promise.all(['officer', 'auditor'].map(as));
    applicants = await Promise.all(['applicant', 'applicant2', 'enterprise'].map(as));
    // The 30 submissions, a few at a time, fit in a window of seconds (25: 15 were too few once,
    // with three files at a time on a loaded machine); the experts are registered while it runs
    // out, and the formal check follows the close.
    callId = (await createCall(officer, { title: '2026年百色市科技计划（评审测试）', closesInMs: 25_000 }))
      .id;
    await inBatches([...Array(30).keys()], 6, async (i) => {
      const who = applicants[i % applicants.length];
      const topic = TOPICS[i % TOPICS.length];
      const a = await who.post('/applications', {
        callId,
        ...completeDraft,
        title: `${topic}关键技术研究（${i + 1}）`,
        summary: `围绕${topic}开展关键技术攻关与示范应用，形成可推广的技术方案。`,
      });
      expect(a.status).toBe(201);
      expect((await who.post(`/applications/${a.body.id}/submit`, SIGN)).status).toBe(200);
      appIds[i] = a.body.id;
    });

    const run = Date.now().toString(36);
    poolTag = `评审测试${run}`;
    for (let i = 0; i < 20; i++) {
      const username = `rev${run}${i}`;
      const body: Record<string, unknown> = {
        name: `评审专家${i + 1}`,
        title: i % 3 === 0 ? '研究员' : '教授',
        organisation: `评审测试单位${i + 1}`,
        keyFields: [FIELDS[i % FIELDS.length]],
        keywords: [TOPICS[i % TOPICS.length].slice(0, 2), poolTag],
        region: '广西',
        finance: i % 4 === 0, // five finance experts
        loadCap: 12,
        externalRef: `E2E-${run}-${i}`,
        account: { username, password: 'review-pass-2026' },
      };
      // Three conflicts: same organisation as 百色学院, a recent co-author of applicant2, and a
      // declared conflict with one application.
      if (i === 1) Object.assign(body, { organisation: '百色学院', institutionId: BAISE_COLLEGE });
      if (i === 2)
        body.relations = [
          { kind: 'coauthor', personId: applicants[1].user.id, from: '2025-03-01', to: '2025-09-01' },
        ];
      if (i === 3) body.declaredConflicts = [{ applicationId: appIds[0], reason: '曾为该项目提供咨询' }];
      const e = await officer.post('/experts', body);
      expect(e.status).toBe(201);
      experts.push({
        id: e.body.id,
        client: await login(username, 'review-pass-2026'),
        name: body.name as string,
        finance: body.finance as boolean,
      });
    }

    await waitForClose(officer, callId);
    const passed = await officer.post(`/calls/${callId}/formal-check/decisions`, {
      decisions: appIds.map((applicationId) => ({ applicationId, decision: 'pass' })),
    });
    expect(passed.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
  }, 120_000);
  afterAll(closeDb);

  it('refuses bad and infeasible requests, naming fields and applications, and writes nothing', async () => {
    const rounds = () => count('SELECT 1 FROM review_rounds WHERE call_id = $1', [callId]);
    const before = await rounds();
    const bad = await officer.post(`/calls/${callId}/review-rounds`, {
      strategy: 'randomized',
      expertsPerApplication: 4,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'expertsPerApplication',
      'maxProbability',
    ]);
    // 30 × 15 invitations cannot fit 20 experts with at most 12 each.
    const infeasible = await officer.post(`/calls/${callId}/review-rounds`, {
      expertsPerApplication: 15,
      pool: { keywords: [poolTag] },
    });
    expect(infeasible.status).toBe(400);
    expect(infeasible.body.error.fields.length).toBeGreaterThan(0);
    expect(infeasible.body.error.message.zh).toContain('无法配齐评审专家');
    for (const f of infeasible.body.error.fields)
      expect(appIds).toContain(/申报项目 (\S+)：/.exec(f.message.zh)![1]);
    // The round's load cap: a whole number from 1; one that leaves too few review slots is refused
    // on its field, although the experts' own caps would do (20 × 4 = 80 slots for 30 × 5 seats).
    const paths = (r: { body: { error: { fields: Array<{ path: string }> } } }) =>
      r.body.error.fields.map((f) => f.path);
    const zero = await officer.post(`/calls/${callId}/review-rounds`, {
      maxPerExpert: 0,
      pool: { keywords: [poolTag] },
    });
    expect(zero.status).toBe(400);
    expect(paths(zero)).toEqual(['maxPerExpert']);
    const tight = await officer.post(`/calls/${callId}/review-rounds`, {
      maxPerExpert: 4,
      pool: { keywords: [poolTag] },
    });
    expect(tight.status).toBe(400);
    expect(paths(tight)).toEqual(['maxPerExpert']);
    expect(tight.body.error.message.zh).toMatch(
      /^每位专家本轮上限为 4 时.*共 80 个评审名额，少于所需的 150 个/,
    );
    expect(tight.body.error.message.en).toContain('80 review slots, fewer than the 150 needed');
    for (const who of [applicants[0], experts[0].client, auditor])
      expect((await who.post(`/calls/${callId}/review-rounds`, { strategy: 'random' })).status).toBe(403);
    expect(await rounds()).toBe(before);
  });

  it('draws, invites, redraws, scores blind, aggregates, ranks and exports', async () => {
    const created = await officer.post(`/calls/${callId}/review-rounds`, {
      strategy: 'random',
      seed: 20261122,
      // Seconds instead of days: 150 invitation workflows start on a 2-core machine meanwhile.
      responseWindow: 'PT30S',
      scoringWindow: 'PT40S',
      reminderBefore: 'PT20S',
      disagreementThreshold: 25,
      pool: { keywords: [poolTag] },
    });
    expect(created.status).toBe(201);
    const roundId: string = created.body.id;
    expect(created.body).toMatchObject({ strategy: 'random', seed: 20261122, expertsPerApplication: 5 });
    expect(created.body.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(created.body.solverVersion).toMatch(/^kjflow-assign\//);
    const initial: Assignment[] = created.body.assignments;
    expect(initial).toHaveLength(150);

    // Every panel: 5 distinct experts, one of them finance, no conflict, loads within the caps.
    const financeIds = new Set(experts.filter((e) => e.finance).map((e) => e.id));
    for (const app of appIds) {
      const panel = initial.filter((a) => a.applicationId === app).map((a) => a.expertId);
      expect(new Set(panel).size).toBe(5);
      expect(panel.some((e) => financeIds.has(e))).toBe(true);
    }
    const conflicts: Array<{ applicationId: string; expertId: string }> = created.body.conflicts;
    const ofApplicant = (i: number) => appIds.filter((_, n) => n % applicants.length === i);
    expect(
      conflicts
        .filter((c) => c.expertId === experts[1].id)
        .map((c) => c.applicationId)
        .sort(),
    ).toEqual(ofApplicant(0).sort());
    expect(
      conflicts
        .filter((c) => c.expertId === experts[2].id)
        .map((c) => c.applicationId)
        .sort(),
    ).toEqual(ofApplicant(1).sort());
    expect(conflicts.filter((c) => c.expertId === experts[3].id).map((c) => c.applicationId)).toEqual([
      appIds[0],
    ]);
    for (const c of conflicts)
      expect(initial.some((a) => a.applicationId === c.applicationId && a.expertId === c.expertId)).toBe(
        false,
      );
    for (const e of experts)
      expect(initial.filter((a) => a.expertId === e.id).length).toBeLessThanOrEqual(12);

    // The same record replays to the same draw.
    const replay = await auditor.get(`/review-rounds/${roundId}/replay`);
    expect(replay.body).toMatchObject({ matches: true, seed: 20261122, inputHash: created.body.inputHash });

    // Scripted exceptions on the initial draw.
    const byExpert = (e: number) => initial.filter((a) => a.expertId === experts[e].id);
    const [decline1, decline2] = [byExpert(6)[0], byExpert(7)[0]];
    const noAnswer = byExpert(9)[0];
    const recusal = byExpert(11)[0];
    const late = byExpert(13)[0];
    const disputed = byExpert(14)[0].applicationId; // one expert scores it far lower than the rest
    const special = new Set([decline1.id, decline2.id, noAnswer.id, recusal.id, late.id]);
    const expertOf = (a: Assignment) => experts.find((e) => e.id === a.expertId)!;

    for (const a of [decline1, decline2]) {
      const res = await expertOf(a).client.post(`/reviews/${a.id}/response`, {
        decision: 'decline',
        reason: '时间冲突',
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('declined');
    }
    // Blind: the expert sees the work, not who proposes it.
    const accepted = await expertOf(recusal).client.post(`/reviews/${recusal.id}/response`, {
      decision: 'accept',
    });
    expect(accepted.body).toMatchObject({ status: 'accepted' });
    expect(accepted.body.scoreByLocal).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const opened = await expertOf(recusal).client.get(`/reviews/${recusal.id}/application`);
    expect(opened.status).toBe(200);
    expect(opened.body.blind).toBe(true);
    expect(opened.body.application.applicant).toBeNull();
    expect(JSON.stringify(opened.body.application)).not.toContain(completeDraft.pi.idNumber);
    expect(JSON.stringify(opened.body.application)).not.toContain(completeDraft.pi.phone);
    expect(JSON.stringify(opened.body.application)).not.toContain(completeDraft.pi.name);
    const recused = await expertOf(recusal).client.post(`/reviews/${recusal.id}/recusal`, {
      reason: '打开后发现与申报团队成员有合作关系',
    });
    // The expert's own (自行回避), as the invitation itself says.
    expect(recused.body).toMatchObject({
      status: 'recused',
      recusal: 'self',
      recusalLabel: { zh: '自行回避', en: 'Recused by the expert' },
    });
    const lateAccept = await expertOf(late).client.post(`/reviews/${late.id}/response`, {
      decision: 'accept',
    });
    expect(lateAccept.body).toMatchObject({ status: 'accepted' });
    // A draft is kept (and checked for what is filled in) but is not a score.
    const draft = await expertOf(late).client.put(`/reviews/${late.id}/draft`, {
      criteria: { innovation: { score: 66 } },
    });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({
      status: 'accepted',
      sheet: { criteria: { innovation: { score: 66 } } },
    });
    const badDraft = await expertOf(late).client.put(`/reviews/${late.id}/draft`, {
      criteria: { innovation: { score: 101 } },
    });
    expect(badDraft.status).toBe(400);
    expect(badDraft.body.error.fields[0].path).toBe('criteria.innovation.score');

    // Everyone else answers and scores whatever they are invited to, replacements included:
    // all answers first, then all scores, a few at a time (as many experts would, in parallel).
    const done = new Set<string>();
    const work = async () => {
      const lists = await Promise.all(
        experts.map(async (e) => ({
          e,
          mine: (await e.client.get('/reviews/mine?limit=200')).body.items as Assignment[],
        })),
      );
      const todo = lists.flatMap(({ e, mine }) =>
        mine
          .filter((a) => !special.has(a.id) && !done.has(a.id) && ['invited', 'accepted'].includes(a.status))
          .map((a) => ({ e, a })),
      );
      await inBatches(
        todo.filter((t) => t.a.status === 'invited'),
        6,
        ({ e, a }) => e.client.post(`/reviews/${a.id}/response`, { decision: 'accept' }),
      );
      await inBatches(todo, 6, async ({ e, a }) => {
        const low = a.applicationId === disputed && e.id === experts[14].id;
        const score = low ? 40 : 70 + (appIds.indexOf(a.applicationId) % 20);
        const res = await e.client.post(`/reviews/${a.id}/score`, sheet(score));
        if (res.status === 200) done.add(a.id);
      });
    };
    const round = await until(
      async () => {
        await work();
        return officer.get(`/review-rounds/${roundId}`);
      },
      (r) => r.body.status === 'scored',
      90_000,
    );

    const all: Assignment[] = round.body.assignments;
    const statusOf = (id: string) => all.find((a) => a.id === id)!.status;
    expect([decline1, decline2].map((a) => statusOf(a.id))).toEqual(['declined', 'declined']);
    expect(statusOf(noAnswer.id)).toBe('expired');
    expect(statusOf(recusal.id)).toBe('recused');
    expect(all.find((a) => a.id === recusal.id)).toMatchObject({ recusal: 'self', recusedBy: null });
    expect(all.find((a) => a.id === decline1.id)).toMatchObject({ recusal: null, recusalLabel: null });
    expect(statusOf(late.id)).toBe('missed');
    // Each of the five got a replacement, drawn under the same rules, who scored.
    expect(round.body.shortfalls).toEqual([]);
    // Declines, recusals and redraws kept every panel within one expert per organisation.
    expect(round.body.organisationsOverLimit).toEqual([]);
    for (const a of [decline1, decline2, noAnswer, recusal, late]) {
      const r = all.find((x) => x.replaces === a.id)!;
      expect(r).toMatchObject({ applicationId: a.applicationId, draw: 1, status: 'submitted' });
      expect(r.expertId).not.toBe(a.expertId);
    }
    for (const app of appIds)
      expect(all.filter((a) => a.applicationId === app && a.status === 'submitted')).toHaveLength(5);

    // Too late: the deadline is named in Beijing time.
    const tooLate = await expertOf(late).client.post(`/reviews/${late.id}/score`, sheet(80));
    expect(tooLate.status).toBe(409);
    // The missed deadline is on the expert's credit record.
    const ledger = await officer.get(`/credit-records?subjectType=expert&subjectId=${late.expertId}`);
    expect(ledger.body.items.map((r: { kind: string }) => r.kind)).toContain('expert_no_review');

    // Aggregation: trimmed mean of five, calibrated beside it; the disputed one goes to a panel.
    const results = await officer.get(`/review-rounds/${roundId}/results`);
    expect(results.status).toBe(200);
    const rows = results.body.results as Array<any>;
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => r.rank)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const d = rows.find((r) => r.applicationId === disputed);
    expect(d.disagreement.disagreement).toBe(true);
    expect(d.summary).toMatchObject({ n: 5, trimmed: true, min: 40 });
    expect(rows.filter((r) => r.disagreement.disagreement).map((r) => r.applicationId)).toEqual([disputed]);
    // A funding line of ten places: the first ten are above it, with the reason for the rest.
    const funded = await officer.get(`/review-rounds/${roundId}/results?fundedCount=10`);
    expect(funded.body.results.map((r: { aboveFundingLine: boolean }) => r.aboveFundingLine)).toEqual([
      ...Array(10).fill(true),
      ...Array(20).fill(false),
    ]);
    expect(funded.body.results[10].funding.zh).toContain('资助名额 10 项之外');
    const calm = rows.find((r) => r.applicationId !== disputed);
    expect(
      (await officer.post(`/review-rounds/${roundId}/panels/${calm.applicationId}`, panelBody(80))).status,
    ).toBe(409);
    expect((await auditor.post(`/review-rounds/${roundId}/panels/${disputed}`, panelBody(80))).status).toBe(
      403,
    );
    const badPanel = await officer.post(`/review-rounds/${roundId}/panels/${disputed}`, {
      mode: 'consensus',
    });
    expect(badPanel.status).toBe(400);
    // Minutes of a panel dated tomorrow: refused on its field, nothing recorded.
    const ahead = await officer.post(`/review-rounds/${roundId}/panels/${disputed}`, {
      ...panelBody(70),
      heldAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(ahead.status).toBe(400);
    expect(ahead.body.error.fields).toEqual([
      expect.objectContaining({
        path: 'heldAt',
        message: expect.objectContaining({ zh: '会评时间不能晚于当前时间' }),
      }),
    ]);
    expect(
      (await officer.get(`/review-rounds/${roundId}/results`)).body.results.find(
        (r: { applicationId: string }) => r.applicationId === disputed,
      ).panel,
    ).toBeNull();
    const panel = await officer.post(`/review-rounds/${roundId}/panels/${disputed}`, panelBody(88));
    expect(panel.status).toBe(201);
    expect(panel.body).toMatchObject({ rankingScore: 88, panel: { mode: 'consensus', score: 88 } });

    // Without awards yet, the next in the ranking is the top one (used after cancellations).
    const top = (await officer.get(`/review-rounds/${roundId}/results`)).body.results[0];
    const next = await officer.get(`/calls/${callId}/awards/next?roundId=${roundId}`);
    expect(next.body).toMatchObject({
      next: { applicationId: top.applicationId, rank: 1 },
      remainingBudgetFen: null,
    });
    expect((await auditor.get(`/calls/${callId}/awards/next?roundId=${roundId}`)).status).toBe(403);

    // Export: one row per application, in rank order.
    const xlsx = await fetch(`${apiUrl()}/review-rounds/${roundId}/ranking.xlsx`, {
      headers: { authorization: `Bearer ${officer.token}` },
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(31);
    expect(ws.getRow(2).getCell(1).value).toBe(1);

    // Who reviewed is never shown to applicants; experts see only their own assignments.
    const owner = applicants[appIds.indexOf(disputed) % applicants.length];
    const app = await owner.get(`/applications/${disputed}`);
    for (const e of experts) expect(JSON.stringify(app.body)).not.toContain(e.name);
    for (const who of [owner, experts[0].client])
      expect((await who.get(`/review-rounds/${roundId}`)).status).toBe(403);
    const foreign = all.find((a) => a.expertId !== experts[0].id)!;
    expect((await experts[0].client.get(`/reviews/${foreign.id}/application`)).status).toBe(404);
    expect((await owner.get('/reviews/mine')).status).toBe(403);
    expect((await request('GET', `/review-rounds/${roundId}/results`)).status).toBe(401);
    expect((await auditor.get(`/review-rounds/${roundId}/results`)).status).toBe(200);
  }, 180_000);

  it('keeps every expert within the round’s load cap, below their profiles’, and replays the draw', async () => {
    // 30 × 3 = 90 seats; at most 7 each in this round (12 by their profiles): the five finance
    // experts fill the 30 finance seats within 35.
    const created = await officer.post(`/calls/${callId}/review-rounds`, {
      strategy: 'optimal',
      expertsPerApplication: 3,
      maxPerExpert: 7,
      pool: { keywords: [poolTag] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ strategy: 'optimal', expertsPerApplication: 3, maxPerExpert: 7 });
    const round = await officer.get(`/review-rounds/${created.body.id}`);
    expect(round.body).toMatchObject({ maxPerExpert: 7, policy: { maxPerExpert: 7 } });
    const drawn: Assignment[] = round.body.assignments;
    expect(drawn).toHaveLength(90);
    const loads = new Map<string, number>();
    for (const a of drawn) loads.set(a.expertId, (loads.get(a.expertId) ?? 0) + 1);
    expect(Math.max(...loads.values())).toBeLessThanOrEqual(7);
    // The recorded input carries the capped loads: the replay gives the same draw.
    const replay = await auditor.get(`/review-rounds/${created.body.id}/replay`);
    expect(replay.body).toMatchObject({ matches: true, inputHash: created.body.inputHash });
  }, 60_000);

  /**
   * A clean round (every panel within maxPerOrganisation: 1, the city default without a template),
   * then one expert moved through the API into the organisation of another member of exactly one
   * of their panels: that panel is over the limit. The two are experts with organisations of their
   * own as the pool stands now (not 百色学院's, nor one an earlier test moved).
   */
  async function panelOverLimit(seed: number) {
    const created = await officer.post(`/calls/${callId}/review-rounds`, {
      strategy: 'random',
      expertsPerApplication: 3,
      seed,
      pool: { keywords: [poolTag] },
    });
    expect(created.status).toBe(201);
    expect(created.body.organisationsOverLimit).toEqual([]);
    const roundId: string = created.body.id;
    const drawn: Assignment[] = created.body.assignments;
    const organisations = await Promise.all(
      experts.map(async (e) => (await officer.get(`/experts/${e.id}`)).body.organisation as string),
    );
    const panelsOf = (i: number) =>
      drawn.filter((a) => a.expertId === experts[i].id).map((a) => a.applicationId);
    const own = [...experts.keys()].filter(
      (i) => i !== 1 && organisations.filter((o) => o === organisations[i]).length === 1,
    );
    const pairs = own.flatMap((x) => own.filter((y) => y > x).map((y) => [x, y] as const));
    const [x, y] = pairs.find(
      ([a, b]) => panelsOf(a).filter((app) => panelsOf(b).includes(app)).length === 1,
    )!;
    const shared = panelsOf(x).find((a) => panelsOf(y).includes(a))!;
    const sameOrganisation = organisations[y];

    // The expert of x moves to y's organisation (the expert pool is kept up to date through the API).
    const moved = await officer.patch(`/experts/${experts[x].id}`, { organisation: sameOrganisation });
    expect(moved.status).toBe(200);
    expect(moved.body.organisationKey).toBe(`name:${sameOrganisation}`);
    const seatOf = (i: number) =>
      drawn.find((a) => a.applicationId === shared && a.expertId === experts[i].id)!;
    return { roundId, x, y, shared, sameOrganisation, seatOf };
  }

  it('names a panel with two experts of one organisation once one moves there after the draw, until one steps aside', async () => {
    const { roundId, x, y, shared, sameOrganisation, seatOf } = await panelOverLimit(20261207);
    const round = await officer.get(`/review-rounds/${roundId}`);
    expect(round.status).toBe(200);
    expect(round.body.organisationsOverLimit).toEqual([
      {
        applicationId: shared,
        applicationTitle: `${TOPICS[appIds.indexOf(shared) % TOPICS.length]}关键技术研究（${appIds.indexOf(shared) + 1}）`,
        organisationKey: `name:${sameOrganisation}`,
        organisationName: sameOrganisation,
        experts: expect.arrayContaining(
          [x, y].map((i) =>
            expect.objectContaining({
              id: experts[i].id,
              name: experts[i].name,
              assignmentId: seatOf(i).id,
              status: 'invited',
            }),
          ),
        ),
        seats: 2,
        limit: 1,
      },
    ]);
    expect(round.body.organisationsOverLimit[0].experts).toHaveLength(2);
    // Auditors read it too; an expert does not read rounds at all.
    expect((await auditor.get(`/review-rounds/${roundId}`)).body.organisationsOverLimit).toHaveLength(1);
    expect((await experts[x].client.get(`/review-rounds/${roundId}`)).status).toBe(403);

    // x steps aside on that panel: the seat goes to a replacement drawn under the rule, and the
    // panel is no longer listed.
    const recused = await until(
      () =>
        experts[x].client.post(`/reviews/${seatOf(x).id}/recusal`, {
          reason: '与本项目评审专家组另一位专家同属一个单位',
        }),
      (r) => r.status === 200,
    );
    expect(recused.body.status).toBe('recused');
    const after = await until(
      () => officer.get(`/review-rounds/${roundId}`),
      (r) => r.body.assignments.some((a: Assignment) => a.replaces === seatOf(x).id),
    );
    expect(after.body.organisationsOverLimit).toEqual([]);
    const replacement = after.body.assignments.find((a: Assignment) => a.replaces === seatOf(x).id);
    expect([experts[x].id, experts[y].id]).not.toContain(replacement.expertId);
  }, 90_000);

  it('lets an officer require an expert of a panel over the limit to step aside (要求回避): recused with the reason, the officer as actor, the expert told, a replacement under the rule; other roles, bad input and a second time refused', async () => {
    const { roundId, x, y, shared, seatOf } = await panelOverLimit(20261208);
    const seat = seatOf(x);
    const path = `/review-rounds/${roundId}/invitations/${seat.id}/recusal` as const;
    const reason = '经核查，该专家与本项目评审专家组另一位专家同属一个单位';
    expect((await officer.get(`/review-rounds/${roundId}`)).body.organisationsOverLimit).toHaveLength(1);
    // Once the expert sees the invitation, its application's review runs and takes commands.
    await until(
      () => experts[x].client.get('/reviews/mine?limit=200'),
      (r) => r.body.items.some((a: Assignment) => a.id === seat.id),
    );
    const credits = () => count('SELECT 1 FROM credit_records WHERE subject_id = $1::uuid', [experts[x].id]);
    const creditsBefore = await credits();

    // Refused, writing nothing: every role but the staff (the expert themself and the auditor
    // too), no login, a missing, blank or short reason, an unknown invitation or one of another round.
    const [inst, applicant] = await Promise.all(['inst-admin', 'applicant'].map(as));
    for (const who of [applicant, inst, experts[x].client, experts[y].client, auditor]) {
      const refused = await who.post(path, { reason });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    expect((await request('POST', path, { body: { reason } })).status).toBe(401);
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: '同单位' }]) {
      const bad = await officer.post(path, body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['reason']);
      expect(bad.body.error.fields[0].message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(bad.body.error.fields[0].message.en).toMatch(/[a-z]/);
    }
    const unknown = await officer.post(`/review-rounds/${roundId}/invitations/${randomUUID()}/recusal`, {
      reason,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toEqual({
      zh: '本评审轮次中没有该评审邀请',
      en: 'No such invitation in this review round',
    });
    const otherRound = await officer.post(`/review-rounds/${randomUUID()}/invitations/${seat.id}/recusal`, {
      reason,
    });
    expect(otherRound.status).toBe(404);
    expect(
      await count(`SELECT 1 FROM review_assignments WHERE id = $1 AND status = 'invited'`, [seat.id]),
    ).toBe(1);

    // The officer requires it: 200 with the invitation, recused with the reason, required by the officer.
    const key = randomUUID();
    const required = await officer.post(path, { reason }, { 'idempotency-key': key });
    expect(required.status).toBe(200);
    const officerName: string = (await officer.get('/auth/me')).body.displayName;
    expect(required.body).toMatchObject({
      id: seat.id,
      roundId,
      applicationId: shared,
      expertId: experts[x].id,
      status: 'recused',
      statusLabel: { zh: '已回避', en: 'Recused' },
      reason,
      recusal: 'required',
      recusalLabel: { zh: '要求回避', en: 'Recusal required by the organiser' },
      recusedBy: { id: officer.user.id, name: officerName },
    });
    // The same request with the same key replays the first answer; a new one is refused (409).
    const replayed = await officer.post(path, { reason }, { 'idempotency-key': key });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual(required.body);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    const again = await officer.post(path, { reason }, { 'idempotency-key': randomUUID() });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_state');
    // Nor may the expert recuse an invitation that has ended.
    expect((await experts[x].client.post(`/reviews/${seat.id}/recusal`, { reason })).status).toBe(409);

    // The replacement is drawn under the rule: the panel is no longer over the limit.
    const after = await until(
      () => officer.get(`/review-rounds/${roundId}`),
      (r) => r.body.assignments.some((a: Assignment) => a.replaces === seat.id),
    );
    expect(after.body.organisationsOverLimit).toEqual([]);
    const replacement: Assignment = after.body.assignments.find((a: Assignment) => a.replaces === seat.id);
    expect(replacement).toMatchObject({ applicationId: shared, status: 'invited', draw: seat.draw + 1 });
    expect([experts[x].id, experts[y].id]).not.toContain(replacement.expertId);
    // The round's invitations say it was required, and by whom; the expert's own list says it
    // was required, without naming the officer.
    expect(after.body.assignments.find((a: Assignment) => a.id === seat.id)).toMatchObject({
      status: 'recused',
      recusal: 'required',
      recusedBy: { id: officer.user.id, name: officerName },
    });
    const mine = (await experts[x].client.get('/reviews/mine?limit=200')).body.items.find(
      (a: Assignment) => a.id === seat.id,
    );
    expect(mine).toMatchObject({ status: 'recused', recusal: 'required', recusalLabel: { zh: '要求回避' } });
    expect(mine).not.toHaveProperty('recusedBy');

    // The trail shows who: the officer, the reason, and that it was required, then the redraw.
    const events = await auditor.get(`/events?subjectType=review_assignment&subjectId=${seat.id}`);
    const recusedEvent = events.body.items.find((e: { type: string }) => e.type === 'review.recused');
    expect(recusedEvent).toMatchObject({
      actorId: officer.user.id,
      payload: {
        status: 'recused',
        roundId,
        applicationId: shared,
        reason,
        recusal: 'required',
        recusalLabel: { zh: '要求回避', en: 'Recusal required by the organiser' },
      },
    });
    expect(events.body.items.map((e: { type: string }) => e.type)).toContain('review.expert_redrawn');
    // Not the expert's fault: no credit record. The expert is told, with the reason.
    expect(await credits()).toBe(creditsBefore);
    const told = await until(
      async () =>
        (
          (await experts[x].client.get('/notifications')).body.items as Array<{ kind: string; body: string }>
        ).find((n) => n.kind === 'review_recusal_required'),
      (n) => n !== undefined,
    );
    expect(told!.body).toContain(reason);

    // An administrator runs rounds too: the other expert of that panel, required by the admin.
    const admin = await as('admin');
    const byAdmin = await until(
      () => admin.post(`/review-rounds/${roundId}/invitations/${seatOf(y).id}/recusal`, { reason }),
      (r) => r.status === 200,
    );
    expect(byAdmin.body).toMatchObject({
      id: seatOf(y).id,
      status: 'recused',
      reason,
      recusal: 'required',
      recusedBy: { id: admin.user.id },
    });
    const adminEvents = await auditor.get(`/events?subjectType=review_assignment&subjectId=${seatOf(y).id}`);
    expect(adminEvents.body.items.find((e: { type: string }) => e.type === 'review.recused')).toMatchObject({
      actorId: admin.user.id,
      payload: { recusal: 'required' },
    });
  }, 90_000);
});

/** Runs `fn` over the items, `n` at a time. */
async function inBatches<T>(items: T[], n: number, fn: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map(fn));
}

function panelBody(score: number) {
  return {
    mode: 'consensus',
    consensusScore: score,
    members: [
      { name: '黄组长', role: '组长' },
      { name: '农委员', role: '委员' },
      { name: '陆委员', role: '财务专家' },
    ],
    heldAt: new Date().toISOString(),
    minutes: '专家组对评分分歧进行了充分讨论，形成一致意见。',
  };
}
