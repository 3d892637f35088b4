import { attachRequired, Client, completeDraft, login, SIGN, until } from './api';

/** Multi-step set-ups through the API, shared by end-to-end files. */
export const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

/**
 * A window that opened a second ago and closes in `ms`: the formal check and review rounds start
 * only after the call closes (RULES §14), so a test submits within seconds and then waits out the
 * rest with `waitForClose`. `ms` is what the test's submissions need on a loaded 2-core machine.
 */
export const closingIn = (ms: number) => ({ startsInMs: -1_000, endsInMs: ms });

/**
 * Waits until the call's window has closed: the deadline has passed on the server's clock (the
 * stack runs on this machine) and the call's workflow shows it `closed`, as an officer would see
 * before starting the formal check. Returns the call.
 */
export async function waitForClose(client: Client, callId: string) {
  const call = await client.get(`/calls/${callId}`);
  if (call.status !== 200) throw new Error(`call ${callId}: ${call.status} ${JSON.stringify(call.body)}`);
  const left = Date.parse(call.body.windowEnd) - Date.now();
  if (left > 0) await new Promise((r) => setTimeout(r, left));
  return (
    await until(
      () => client.get(`/calls/${callId}`),
      (r) => r.body.status === 'closed',
    )
  ).body;
}

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
  const { mode } = (await officer.get(`/program-templates/${templateCode}`)).body.template;
  const guide = await officer.post('/guides', {
    templateCode,
    content: {
      title: `${templateCode} 测试指南`,
      topicIds: [mode === 'challenge' ? challengeId : topicId],
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

/** One application's line of `GET /review-rounds/:id/results` (the fields tests read). */
export interface RankedApplication {
  applicationId: string;
  title: string;
  topicId: string | null;
  rank: number;
  rankingScore: number;
  summary: { n: number; score: number; mean: number; median: number; min: number; max: number };
  disagreement: { disagreement: boolean };
  [more: string]: unknown;
}

interface Rubric {
  criteria: Array<{ key: string; max?: number; commentRequired?: boolean }>;
  scale?: { min: number; max: number };
}

/**
 * A score sheet for `rubric` whose weighted score is `score` (on 0..100): every criterion at
 * the same point of its range, with a comment where the rubric asks for one.
 */
export function sheetFor(rubric: Rubric, score: number) {
  const min = rubric.scale?.min ?? 0;
  return {
    criteria: Object.fromEntries(
      rubric.criteria.map((c) => {
        const max = c.max ?? rubric.scale?.max ?? 100;
        const value = Math.round((min + ((max - min) * score) / 100) * 10) / 10;
        return [
          c.key,
          c.commentRequired
            ? { score: value, comment: '论证较充分，技术路线清晰，具备实施条件。' }
            : { score: value },
        ];
      }),
    ),
    overallComment: '总体评价：项目目标明确，建议按计划推进并加强成果转化。',
  };
}

/**
 * A review round of the call, scored: creates `experts` experts with login accounts (finance
 * experts among them, each of their own organisation, carrying a keyword of this run only),
 * draws the call's panels from them alone, then every invited expert accepts and scores
 * through `/reviews/*` with a sheet built from the rubric the API hands the expert. Every
 * expert of an application gives it `scoreOf(applicationId)`, so the ranking is predictable.
 * Resolves once the round is `scored`, with its results.
 */
export async function scoredRound(
  officer: Client,
  callId: string,
  scoreOf: (applicationId: string) => number,
  opts: {
    experts?: number;
    keyField?: string;
    finance?: number;
    timeoutMs?: number;
    /** 揭榜挂帅: the first expert represents the issuing institution (sits on every bid's panel). */
    issuer?: { institutionId: string; organisation: string };
  } = {},
): Promise<{
  roundId: string;
  results: RankedApplication[];
  expertIds: string[];
  /** What the first expert to open an application read (`GET /reviews/:id/application`). */
  opened: { blind: boolean; application: Record<string, any> };
}> {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const tag = `评审池${run}`;
  const total = opts.experts ?? 7;
  const finance = opts.finance ?? 2;
  const password = 'scored-round-2026';
  const experts: Client[] = [];
  const expertIds: string[] = [];
  for (let i = 0; i < total; i++) {
    const username = `sr${run}e${i}`;
    const rep = i === 0 && opts.issuer;
    const e = await officer.post('/experts', {
      name: `评审专家${run.slice(-4)}${i + 1}`,
      title: i % 2 ? '教授' : '研究员',
      // One each, so the per-organisation cap never bites; the issuer's representative is its own.
      organisation: rep ? rep.organisation : `评审专家单位${run}-${i + 1}`,
      ...(rep ? { institutionId: rep.institutionId } : {}),
      keyFields: [opts.keyField ?? 'new_materials'],
      keywords: [tag],
      region: '广西百色',
      finance: i >= total - finance,
      loadCap: 50,
      externalRef: `SR-${run}-${i}`,
      account: { username, password },
    });
    if (e.status !== 201) throw new Error(`expert ${i}: ${e.status} ${JSON.stringify(e.body)}`);
    expertIds.push(e.body.id);
    experts.push(await login(username, password));
  }

  const created = await officer.post(`/calls/${callId}/review-rounds`, { pool: { keywords: [tag] } });
  if (created.status !== 201)
    throw new Error(`review round: ${created.status} ${JSON.stringify(created.body)}`);
  const roundId: string = created.body.id;

  let rubric: Rubric | null = null;
  let firstOpened: { blind: boolean; application: Record<string, any> } | null = null;
  let lastRefusal = ''; // a refusal that may be transient, named if the round never gets scored
  const act = async (expert: Client) => {
    const mine = await expert.get('/reviews/mine?limit=200');
    if (mine.status !== 200) throw new Error(`reviews/mine: ${mine.status} ${JSON.stringify(mine.body)}`);
    for (const a of mine.body.items as Array<{
      id: string;
      roundId: string;
      applicationId: string;
      status: string;
    }>) {
      if (a.roundId !== roundId) continue;
      if (a.status === 'invited') {
        const res = await expert.post(`/reviews/${a.id}/response`, { decision: 'accept' });
        if (res.status !== 200) {
          // The invitation's workflow may still be starting: tried again on the next pass.
          lastRefusal = `accept ${a.id}: ${res.status} ${JSON.stringify(res.body)}`;
          continue;
        }
      } else if (a.status !== 'accepted') continue;
      if (!rubric) {
        const opened = await expert.get(`/reviews/${a.id}/application`);
        if (opened.status !== 200)
          throw new Error(`open review ${a.id}: ${opened.status} ${JSON.stringify(opened.body)}`);
        rubric = opened.body.rubric as Rubric;
        firstOpened = { blind: opened.body.blind, application: opened.body.application };
      }
      const scored = await expert.post(`/reviews/${a.id}/score`, sheetFor(rubric, scoreOf(a.applicationId)));
      if (scored.status === 400 || scored.status === 403 || scored.status === 404)
        throw new Error(`score ${a.id}: ${scored.status} ${JSON.stringify(scored.body)}`);
      if (scored.status !== 200)
        lastRefusal = `score ${a.id}: ${scored.status} ${JSON.stringify(scored.body)}`;
    }
  };
  await until(
    async () => {
      await Promise.all(experts.map(act));
      return officer.get(`/review-rounds/${roundId}`);
    },
    (r) => r.body?.status === 'scored',
    opts.timeoutMs ?? 60_000,
  ).catch((err: Error) => {
    throw new Error(`round ${roundId} not scored; last refusal: ${lastRefusal || 'none'}; ${err.message}`);
  });
  const results = await officer.get(`/review-rounds/${roundId}/results`);
  if (results.status !== 200) throw new Error(`results: ${results.status} ${JSON.stringify(results.body)}`);
  return { roundId, results: results.body.results as RankedApplication[], expertIds, opened: firstOpened! };
}

/**
 * What a program's schedule gives an award, worked out here independently of the product: each
 * share rounded down to the fen, the last installment taking what is left.
 */
export function expectedInstallments(
  amountFen: number,
  schedule: ReadonlyArray<{ sharePercent: number; releasedBy: string }>,
) {
  const share = (s: { sharePercent: number }) => Math.floor((amountFen * s.sharePercent) / 100);
  return schedule.map((s, i) => ({
    sharePercent: s.sharePercent,
    releasedBy: s.releasedBy,
    amountFen:
      i < schedule.length - 1
        ? share(s)
        : amountFen - schedule.slice(0, -1).reduce((sum, x) => sum + share(x), 0),
  }));
}

/**
 * The PI (with `piBody`, e.g. the 军令状 acceptance), the host institution's admin and the bureau
 * sign in turn; each signature is taken, and the agreement ends signed by the three parties.
 */
export async function signAll(
  agreementId: string,
  [pi, host, bureau]: [Client, Client, Client],
  piBody: object = {},
) {
  expect((await pi.post(`/agreements/${agreementId}/signatures`, piBody)).status).toBe(200);
  expect((await host.post(`/agreements/${agreementId}/signatures`)).status).toBe(200);
  const signed = await bureau.post(`/agreements/${agreementId}/signatures`);
  expect(signed.status).toBe(200);
  expect(signed.body.status).toBe('signed');
  expect(signed.body.signatures.map((s: { party: string }) => s.party)).toEqual([
    'pi',
    'institution',
    'bureau',
  ]);
  return signed;
}

/**
 * The agreements of a directed call under `templateCode` (the shortest path to signing: no guide,
 * invited performers), not signed yet: each `[pi, host]` pair's institution is invited, its PI
 * applies with the required documents and passes the formal check after the close, the experts
 * review, the bureau awards each its request (approved by an admin, after the notice). Answers
 * each agreement in the order of `parties`, with the review round.
 */
export async function awardedDirectedAgreements(
  templateCode: string,
  [officer, admin]: [Client, Client],
  parties: Array<[Client, Client]>,
) {
  const { topicId } = await topicsFromDemands(officer, parties[0][0]);
  const call = await officer.post('/calls', {
    title: `${templateCode} 定向委托项目`,
    mode: 'directed',
    windowStart: iso(-60_000),
    // Each PI's submission fits into it; the formal check waits for the close (RULES §14).
    windowEnd: iso(4_000 * parties.length + 2_000),
    budgetCapFen: 100_000_000,
    totalBudgetFen: 100_000_000,
    invitedInstitutionIds: parties.map(([pi]) => pi.user.institutionId),
    templateCode,
    topicId,
  });
  if (call.status !== 201) throw new Error(`call: ${call.status} ${JSON.stringify(call.body)}`);
  const callId: string = call.body.id;
  const applicationIds: string[] = [];
  for (const [pi] of parties) {
    const draft = await pi.post('/applications', { callId, ...completeDraft });
    if (draft.status !== 201) throw new Error(`application: ${draft.status} ${JSON.stringify(draft.body)}`);
    await attachRequired(pi, draft.body.id);
    expect((await pi.post(`/applications/${draft.body.id}/submit`, SIGN)).status).toBe(200);
    applicationIds.push(draft.body.id);
  }
  await waitForClose(officer, callId);
  for (const id of applicationIds)
    expect((await officer.post(`/applications/${id}/formal-check`, { decision: 'pass' })).status).toBe(200);
  const { roundId } = await scoredRound(officer, callId, () => 86, { experts: 6 });
  const proposed = await officer.post(`/calls/${callId}/awards`, {
    roundId,
    items: applicationIds.map((applicationId) => ({ applicationId, amountFen: completeDraft.requestedFen })),
    note: '实施方案经专家论证，同意定向委托立项',
  });
  if (proposed.status !== 201) throw new Error(`award: ${proposed.status} ${JSON.stringify(proposed.body)}`);
  const awardId: string = proposed.body.id;
  expect((await admin.post(`/awards/${awardId}/approval`, { decision: 'approve' })).status).toBe(200);
  await until(
    () => officer.get(`/awards/${awardId}`),
    (r) => r.body.status === 'final',
    60_000,
  );
  const agreements = await until(
    () => officer.get(`/awards/${awardId}/agreements`),
    (r) => Array.isArray(r.body.items) && r.body.items.length === parties.length,
  );
  return applicationIds.map((applicationId) => ({
    callId,
    roundId,
    applicationId,
    agreement: agreements.body.items.find(
      (a: { applicationId: string }) => a.applicationId === applicationId,
    ) as { id: string; [field: string]: any },
  }));
}

/**
 * Signed projects of a directed call under `templateCode`: its agreements
 * (awardedDirectedAgreements), each signed by the PI, the host and the bureau. Answers each signed
 * agreement with the project its signing started, in the order of `parties`.
 */
export async function signedDirectedProjects(
  templateCode: string,
  [officer, admin]: [Client, Client],
  parties: Array<[Client, Client]>,
) {
  const awarded = await awardedDirectedAgreements(templateCode, [officer, admin], parties);
  const signed = [];
  for (const [k, [pi, host]] of parties.entries()) {
    const { applicationId, agreement } = awarded[k];
    const s = await signAll(agreement.id, [pi, host, officer]);
    signed.push({
      applicationId,
      agreementId: agreement.id,
      projectId: s.body.projectId as string,
      signedAt: s.body.signedAt as string,
      agreement: s.body,
    });
  }
  return signed;
}

/**
 * Durations of a drill: a notice of seconds instead of working days, two minutes to sign instead of
 * 30 days (the tests sign at once; a loaded run must not push a signature past the deadline). A
 * test that waits for a forfeit sets its own shorter deadline.
 */
export const DRILL_DURATIONS = { noticePeriod: 'PT8S', signingDeadline: 'PT2M' } as const;

/**
 * A drill of a seeded program, saved through the template API under a code of this run: the same
 * program with DRILL_DURATIONS (durations are data; the workflow code is the one production runs),
 * and whatever `change` adjusts. Calls and guides name it by the returned code.
 */
export async function drillProgram(
  admin: Client,
  seededCode: string,
  change: (template: Record<string, any>) => void = () => undefined,
): Promise<{ id: string; code: string; template: Record<string, any> }> {
  const seeded = await admin.get(`/program-templates/${seededCode}`);
  if (seeded.status !== 200) throw new Error(`template ${seededCode}: ${seeded.status}`);
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const template = structuredClone(seeded.body.template) as Record<string, any>;
  template.code = `${seededCode}-drill-${run}`;
  template.durations = { ...template.durations, ...DRILL_DURATIONS };
  change(template);
  const saved = await admin.post('/program-templates', template);
  if (saved.status !== 201) throw new Error(`drill template: ${saved.status} ${JSON.stringify(saved.body)}`);
  return { id: saved.body.id, code: saved.body.code, template: saved.body.template };
}
