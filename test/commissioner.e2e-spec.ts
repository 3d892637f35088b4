import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import {
  apiUrl,
  as,
  attachRequired,
  closeDb,
  Client,
  completeDraft,
  request,
  SIGN,
  until,
} from './support/api';
import { closingIn, drillProgram, publishedCall, scoredRound, signAll, waitForClose } from './support/flows';
import { OWN_USERS } from './support/fuzz-users';

/** The seed's commissioner targets, as the data file has them (with their source lines). */
const planFile = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../seeds/data/plan-indicators.json'), 'utf8'),
) as {
  yearlyTargets: Array<{ code: string; target: number; year: number }>;
  periodTargets: Array<{ code: string; target: number; periodFrom: number; periodTo: number }>;
};
const seedTargets = [
  ...planFile.yearlyTargets.map((t) => ({ ...t, periodFrom: t.year, periodTo: t.year })),
  ...planFile.periodTargets,
].filter((t) => t.code.startsWith('commissioner'));

/** Where the commissioner serves: a cooperative in 田东县 (not the dispatching institution's county). */
const DISPATCH = {
  targetKind: 'enterprise',
  targetName: '田东县祥周镇芒果种植专业合作社',
  county: '田东县',
  expertise: '芒果绿色高效栽培、花期病虫害绿色防控与高接换种技术指导',
};

/** A commissioner's application: a service plan of ¥50,000 (the program's cap), direct + indirect = grant. */
const APPLICATION = {
  ...completeDraft,
  title: '芒果绿色高效栽培技术服务（田东县祥周镇）',
  summary: '选派科技特派员驻点芒果种植专业合作社，开展技术指导、培训和新技术推广。',
  requestedFen: 5_000_000,
  objectives: '服务期内开展下乡技术指导不少于 6 次，培训农民 200 人次，推广新技术 2 项。',
  technicalRoute: '驻点调研 → 制定服务方案 → 现场指导与集中培训 → 新技术示范推广 → 效果评估。',
  indicators: [
    { name: '培训农民', unit: '人次', target: 200, assessment: '服务日志与培训签到表' },
    { name: '推广新技术', unit: '项', target: 2, assessment: '服务日志' },
  ],
  budget: {
    equipment: [],
    business: [
      { item: '差旅与下乡服务费', amountFen: 3_000_000 },
      { item: '培训资料费', amountFen: 600_000 },
    ],
    labour: [{ item: '技术助理劳务', amountFen: 1_000_000 }],
    indirectFen: 400_000,
    selfFundingFen: 0,
    coFundingFen: 0,
  },
};

// The service logs as submitted: the first is returned (no training recorded) and resubmitted.
const LOG_1 = {
  summary: '第一期：驻点调研合作社芒果园，制定服务方案，现场指导花期管理。',
  visits: [
    { date: '2027-03-02', place: '祥周镇百笔村', served: '芒果种植专业合作社社员' },
    { date: '2027-03-16', place: '祥周镇中平村', served: '种植大户 5 户' },
  ],
  technologies: [{ name: '芒果花期病虫害绿色防控技术' }],
};
const LOG_1_AGAIN = {
  ...LOG_1,
  trainings: [
    { topic: '芒果花期病虫害绿色防控', sessions: 2, peopleTrained: 85 },
    { topic: '芒果修剪与控梢', sessions: 1, peopleTrained: 40 },
  ],
  problemsSolved: [{ problem: '花期炭疽病高发', solution: '推广花前预防性喷药方案' }],
};
const LOG_2 = {
  summary: '第二期：示范推广高接换种技术，集中培训合作社社员。',
  visits: [{ date: '2027-05-10', place: '祥周镇百笔村', served: '芒果种植专业合作社' }],
  trainings: [{ topic: '芒果高接换种技术', sessions: 3, peopleTrained: 96 }],
  technologies: [{ name: '芒果高接换种技术', note: '示范 30 亩' }],
  problemsSolved: [
    { problem: '老果园品种退化', solution: '高接换种为台农 1 号' },
    { problem: '采后病害', solution: '热水处理' },
  ],
};

/** What the accepted logs (the resubmitted first and the second) add up to, counted by hand. */
const HAND = {
  dispatches: 1,
  serviceLogs: 2,
  visits: 2 + 1,
  trainingSessions: 2 + 1 + 3,
  peopleTrained: 85 + 40 + 96,
  technologies: 1 + 1,
  problemsSolved: 1 + 2,
};

type ServiceRow = typeof HAND & { key: string | null; projectCount: number; projects: Array<{ id: string }> };
type Rollup = {
  indicators: Array<{ key: string | null; indicatorCode: string; value: number; target: number }>;
  services: ServiceRow[];
};

/** 科技特派员 (issue 16 §4) on the same engine, through the API on the real stack. */
describe('S&T commissioners (科技特派员)', () => {
  let officer: Client;
  let admin: Client;
  let auditor: Client;
  let pi: Client; // the commissioner (an account of this file's own)
  let host: Client; // their dispatching institution's admin
  let applicant2: Client;
  // The dispatch of the first test, assessed in the second (its term: two 20-second log periods and ten more seconds).
  let projectId = '';

  beforeAll(async () => {
    [officer, admin, auditor, pi, host, applicant2] = await Promise.all(
      [
        'officer',
        'admin',
        'auditor',
        OWN_USERS.commissionerPi.username,
        OWN_USERS.commissionerHost.username,
        'applicant2',
      ].map(as),
    );
  });
  afterAll(closeDb);

  const rollup = async (by: string): Promise<Rollup> => {
    const r = await auditor.get(`/outcomes/rollup?by=${by}` as '/outcomes/rollup');
    expect(r.status).toBe(200);
    return r.body;
  };
  const services = (r: Rollup, key: string | null): typeof HAND => {
    const row = r.services.find((s) => s.key === key);
    const pick = (k: keyof typeof HAND) => row?.[k] ?? 0;
    return {
      dispatches: pick('dispatches'),
      serviceLogs: pick('serviceLogs'),
      visits: pick('visits'),
      trainingSessions: pick('trainingSessions'),
      peopleTrained: pick('peopleTrained'),
      technologies: pick('technologies'),
      problemsSolved: pick('problemsSolved'),
    };
  };
  const minus = (a: typeof HAND, b: typeof HAND) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - b[k as keyof typeof HAND]]));
  const value = (r: Rollup, code: string, key: string | null = null) =>
    r.indicators.filter((x) => x.indicatorCode === code && x.key === key).reduce((s, x) => s + x.value, 0);

  it('a commissioner applies, is awarded, signs and is dispatched; two service logs (one returned) roll up against the seed’s targets', async () => {
    // The seeded program as a drill: the same template data with seconds for its durations.
    const drill = await drillProgram(admin, 'sci-tech-commissioner', (t) => {
      t.durations = {
        ...t.durations,
        endorsementWindow: 'PT30S',
        reportCadence: 'PT20S',
        executionLength: 'PT50S',
        reportReminderBefore: 'PT10S',
        // Longer than the test: no overdue log becomes a credit record here.
        reportGrace: 'PT10M',
        // The yearly assessment (the acceptance of a dispatch): its window longer than the test,
        // its conclusion open to objections for five seconds.
        acceptanceWindow: 'PT10M',
        acceptanceOverdueLimit: 'PT10M',
        acceptanceObjectionPeriod: 'PT5S',
      };
    });
    expect([drill.template.projectKind, drill.template.reportKind]).toEqual(['dispatch', 'service_log']);
    const before = {
      indicator: await rollup('indicator'),
      county: await rollup('county'),
      year: await rollup('year'),
    };

    // 申报: the commissioner applies to the program's call; without the dispatch target, refused.
    const { callId, topicId } = await publishedCall(officer, admin, pi, drill.code, closingIn(25_000));
    const draft = await pi.post('/applications', { callId, topicId, ...APPLICATION });
    expect(draft.status).toBe(201);
    const id: string = draft.body.id;
    await attachRequired(pi, id);
    const missing = await pi.post(`/applications/${id}/submit`, SIGN);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['dispatch']);
    expect(missing.body.error.message.zh).toContain('派驻对象');
    expect((await pi.get(`/applications/${id}`)).body.status).toBe('draft');
    const outside = await pi.patch(`/applications/${id}`, { dispatch: { ...DISPATCH, county: '南宁市' } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['dispatch.county']);
    expect((await pi.patch(`/applications/${id}`, { dispatch: DISPATCH })).status).toBe(200);
    const sent = await pi.post(`/applications/${id}/submit`, SIGN);
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('awaiting_endorsement');
    const endorsed = await host.post(`/applications/${id}/endorsement`, { decision: 'endorse' });
    expect(endorsed.body.status).toBe('submitted');

    // 形式审查, 评审, 立项 and 公示 as for any program.
    await waitForClose(officer, callId);
    expect((await officer.post(`/applications/${id}/formal-check`, { decision: 'pass' })).status).toBe(200);
    const { roundId } = await scoredRound(officer, callId, () => 88, {
      experts: 5,
      keyField: 'modern_agriculture_forestry',
    });
    const proposed = await officer.post(`/calls/${callId}/awards`, {
      roundId,
      items: [{ applicationId: id, amountFen: APPLICATION.requestedFen }],
      note: '服务方案切合基层需求，同意选派',
    });
    expect(proposed.status).toBe(201);
    const awardId: string = proposed.body.id;
    expect((await admin.post(`/awards/${awardId}/approval`, { decision: 'approve' })).status).toBe(200);
    await until(
      () => officer.get(`/awards/${awardId}`),
      (r) => r.body.status === 'final',
      60_000,
    );

    // 服务协议: the agreement carries the dispatch target with the program's service term.
    const agreements = await until(
      () => officer.get(`/awards/${awardId}/agreements`),
      (r) => Array.isArray(r.body.items) && r.body.items.length === 1,
    );
    const agreementId: string = agreements.body.items[0].id;
    const agreement = await pi.get(`/agreements/${agreementId}`);
    expect(agreement.body.content.dispatch).toEqual({ ...DISPATCH, term: 'PT50S' });

    // 选派: the signing starts the dispatch, placed where the commissioner serves.
    const signed = await signAll(agreementId, [pi, host, officer]);
    projectId = signed.body.projectId;
    const signedAt = new Date(signed.body.signedAt).getTime();
    const project = await pi.get(`/projects/${projectId}`);
    expect(project.status).toBe(200);
    expect(project.body).toMatchObject({
      programCode: drill.code,
      status: 'ongoing',
      county: '田东县',
      reportKind: 'service_log',
      dispatch: {
        targetKind: 'enterprise',
        targetKindLabel: { zh: '企业、合作社', en: 'Enterprise or cooperative' },
        targetName: DISPATCH.targetName,
        county: '田东县',
        expertise: DISPATCH.expertise,
        term: 'PT50S',
      },
    });
    // The portfolio finds it by the county served.
    const inCounty = await officer.get(
      `/projects?county=${encodeURIComponent('田东县')}&limit=200` as '/projects',
    );
    expect(inCounty.body.items.map((p: { id: string }) => p.id)).toContain(projectId);

    // 服务日志: two logs on the template's cadence.
    const listed = await pi.get(`/projects/${projectId}/reports`);
    expect(
      listed.body.items.map((r: { seq: number; dueAt: string; status: string }) => [
        r.seq,
        r.dueAt,
        r.status,
      ]),
    ).toEqual([
      [1, new Date(signedAt + 20_000).toISOString(), 'due'],
      [2, new Date(signedAt + 40_000).toISOString(), 'due'],
    ]);
    const r1 = `/projects/${projectId}/reports/1` as const;
    const r2 = `/projects/${projectId}/reports/2` as const;

    // A progress report is not a service log: refused on the log's fields, and nothing changes.
    const wrongKind = await pi.post(`${r1}/submission`, {
      progress: '本期完成了驻点调研。',
      spending: [{ category: 'business', plannedFen: 3_000_000, spentFen: 500_000 }],
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.fields.map((f: { path: string }) => f.path)).toContain('summary');
    const bad = await pi.post(`${r1}/submission`, {
      ...LOG_1,
      trainings: [{ topic: '培训', sessions: 0, peopleTrained: 10 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['trainings.0.sessions']);
    expect((await pi.get(r1)).body.versions).toEqual([]);
    // Only the commissioner submits; another applicant does not see the dispatch.
    expect((await officer.post(`${r1}/submission`, LOG_1)).status).toBe(403);
    expect((await applicant2.post(`${r1}/submission`, LOG_1)).status).toBe(404);

    const first = await pi.post(`${r1}/submission`, LOG_1);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('submitted');
    expect((await host.post(`${r1}/confirmation`)).body.status).toBe('confirmed');
    const returned = await officer.post(`${r1}/decision`, {
      decision: 'return',
      comment: '请补充培训期数与培训人次，并记录解决的问题。',
    });
    expect(returned.body.status).toBe('returned');
    expect((await pi.post(`${r1}/submission`, LOG_1_AGAIN)).body.status).toBe('submitted');
    await host.post(`${r1}/confirmation`);
    const accepted = await officer.post(`${r1}/decision`, { decision: 'accept' });
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(accepted.body.versions[1].content.trainings).toHaveLength(2);

    expect((await pi.post(`${r2}/submission`, LOG_2)).body.status).toBe('submitted');
    await host.post(`${r2}/confirmation`);
    expect((await officer.post(`${r2}/decision`, { decision: 'accept' })).body.status).toBe('accepted');

    // 汇总: the dispatch and its services, per program (this drill's alone), county and year.
    const byProgram = await rollup('program');
    const mine = byProgram.services.find((s) => s.key === drill.code)!;
    expect(services(byProgram, drill.code)).toEqual(HAND);
    expect(mine.projects.map((p) => p.id)).toEqual([projectId]);
    const after = {
      indicator: await rollup('indicator'),
      county: await rollup('county'),
      year: await rollup('year'),
    };
    const startYear = Number(
      new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(signedAt),
    );
    const logYear = (dueMs: number) =>
      Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(dueMs));
    expect(minus(services(after.county, '田东县'), services(before.county, '田东县'))).toEqual(HAND);
    expect(logYear(signedAt + 40_000)).toBe(startYear); // both logs fall in the year the dispatch began
    expect(minus(services(after.year, String(startYear)), services(before.year, String(startYear)))).toEqual(
      HAND,
    );

    // Against the seed's targets (400 in 2022, 1000 by 2023, 2000 and 60万 trained in five years):
    // the dispatch counts where its year falls within the target's period, and so do its logs.
    expect(seedTargets.map((t) => [t.code, t.target])).toEqual([
      ['commissioners_dispatched_2022', 400],
      ['commissioners_dispatched_2021_2023', 1000],
      ['commissioners_dispatched_2021_2025', 2000],
      ['commissioner_people_trained_2021_2025', 600000],
    ]);
    for (const t of seedTargets) {
      const row = after.indicator.indicators.find((r) => r.indicatorCode === t.code)!;
      expect(row).toMatchObject({ target: t.target, measure: 'count' });
      const inPeriod = startYear >= t.periodFrom && startYear <= t.periodTo;
      const added = t.code.includes('people_trained') ? HAND.peopleTrained : HAND.dispatches;
      expect({
        code: t.code,
        added: value(after.indicator, t.code) - value(before.indicator, t.code),
      }).toEqual({
        code: t.code,
        added: inPeriod ? added : 0,
      });
      expect(value(byProgram, t.code, drill.code)).toBe(inPeriod ? added : 0);
    }

    // The same numbers in the workbook's commissioner sheet (per program).
    const file = await fetch(`${apiUrl()}/outcomes/rollup.xlsx`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);
    const ws = wb.getWorksheet('科技特派员 Commissioners')!;
    const header = Array.from(ws.getRow(1).values as unknown[], (v) => String(v ?? ''));
    const col = (h: string) => header.findIndex((x) => x.startsWith(h));
    const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2));
    const sheetRow = rows.find(
      (r) =>
        r.getCell(col('维度')).value === '按计划 By program' && r.getCell(col('分组')).value === drill.code,
    )!;
    expect({
      dispatches: sheetRow.getCell(col('选派人次')).value,
      visits: sheetRow.getCell(col('下乡服务')).value,
      peopleTrained: sheetRow.getCell(col('培训人次')).value,
      technologies: sheetRow.getCell(col('推广技术')).value,
      projects: sheetRow.getCell(col('项目 The projects')).value,
    }).toEqual({
      dispatches: HAND.dispatches,
      visits: HAND.visits,
      peopleTrained: HAND.peopleTrained,
      technologies: HAND.technologies,
      projects: APPLICATION.title,
    });
  }, 300_000);

  it('the dispatch’s yearly assessment (年度考核): the service summary from the accepted logs, graded 优秀, the commissioner’s positive credit record', async () => {
    expect(projectId).not.toBe('');
    const P = `/projects/${projectId}` as const;
    // The assessment opens when the service term ends, named as the program's kind has it.
    const opened = await until(
      () => pi.get(`${P}/acceptance`),
      (r) => r.status === 200 && r.body.phase === 'awaiting',
      90_000,
    );
    expect(opened.body).toMatchObject({
      kind: 'dispatch',
      name: { zh: '年度考核', en: 'Yearly assessment' },
      verdict: null,
      verdictLabel: null,
      serviceTotals: null,
    });

    // 年度考核材料: the commissioner's own summary and the agreement's indicators; the services
    // are counted from the accepted logs, whatever the dossier says of them.
    const dossier = {
      summary: '服务期内驻点指导芒果种植专业合作社，开展技术培训和新技术示范推广，合作社花期病害明显减少。',
      indicators: [
        {
          name: '培训农民',
          unit: '人次',
          target: 200,
          achieved: HAND.peopleTrained,
          evidence: '服务日志与培训签到表',
        },
        { name: '推广新技术', unit: '项', target: 2, achieved: HAND.technologies, evidence: '服务日志' },
      ],
      accounts: [
        { category: 'business', plannedFen: 3_600_000, spentFen: 3_400_000 },
        { category: 'labour', plannedFen: 1_000_000, spentFen: 1_000_000 },
      ],
      indirectSpentFen: 400_000,
    };
    const sent = await pi.post(`${P}/acceptance/dossier`, dossier);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ phase: 'submitted', completion: 1, spentFen: 4_800_000 });
    expect(sent.body.serviceTotals).toEqual({
      logs: HAND.serviceLogs,
      visits: HAND.visits,
      trainingSessions: HAND.trainingSessions,
      peopleTrained: HAND.peopleTrained,
      technologies: HAND.technologies,
      problemsSolved: HAND.problemsSolved,
    });
    expect((await host.post(`${P}/acceptance/confirmation`, { opinion: '服务情况属实' })).body.phase).toBe(
      'confirmed',
    );
    expect((await officer.post(`${P}/acceptance/check`, { complete: true })).body.phase).toBe('checked');
    const reviewed = await officer.post(`${P}/acceptance/review`, {
      opinion: '服务次数、培训人次和推广技术均达到服务协议要求',
      recommendation: 'pass',
    });
    expect(reviewed.body).toMatchObject({
      phase: 'reviewed',
      review: { by: 'officer' },
      allowedVerdicts: ['pass', 'fail'],
      suggestedVerdict: 'pass',
    });

    // An assessment has no 整改: refused naming its grades, and nothing changes.
    const conditional = await officer.post(`${P}/acceptance/decision`, {
      verdict: 'conditional',
      reasons: '限期整改',
    });
    expect(conditional.status).toBe(422);
    expect(conditional.body.error.message.zh).toContain('优秀、合格或不合格');
    expect((await officer.get(`${P}/acceptance`)).body.phase).toBe('reviewed');

    // 优秀, published with its objection window.
    const published = await officer.post(`${P}/acceptance/decision`, {
      verdict: 'pass',
      excellent: true,
      reasons: '服务成效显著，年度考核优秀',
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      phase: 'published',
      verdict: 'pass',
      excellent: true,
      verdictLabel: { zh: '优秀', en: 'Excellent' },
    });
    const listed = await request('GET', '/public/acceptance-conclusions');
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ projectId, kind: 'dispatch', verdict: 'pass', verdictLabel: '优秀' }),
    );

    // The window passes with no objection: final, the dispatch accepted, the record written.
    const final = await until(
      () => pi.get(`${P}/acceptance`),
      (r) => r.body.phase === 'final',
      30_000,
    );
    expect(final.body.verdictLabel).toEqual({ zh: '优秀', en: 'Excellent' });
    expect((await pi.get(P)).body.status).toBe('accepted');
    // The record is written just after the verdict turns final (its own transaction): wait for it.
    const ofProject = (r: { body: { items: Array<{ projectId: string | null }> } }) =>
      r.body.items.filter((c) => c.projectId === projectId);
    const records = ofProject(
      await until(
        () => officer.get(`/credit-records?subjectType=person&subjectId=${pi.user.id}`),
        (r) => ofProject(r).length > 0,
        15_000,
      ),
    ) as Array<{ kind: string; severity: string; projectId: string | null; facts: string }>;
    expect(records).toEqual([
      expect.objectContaining({ kind: 'excellent_acceptance', severity: 'positive' }),
    ]);
    expect(records[0].facts).toContain('科技特派员年度考核');
  }, 150_000);

  it('lets staff and auditors read the commissioner roll-up, and nobody else', async () => {
    for (const who of [officer, admin, auditor])
      expect((await who.get(`/outcomes/rollup?by=county` as '/outcomes/rollup')).status).toBe(200);
    const [applicant, instAdmin, expert] = await Promise.all(['applicant', 'inst-admin', 'expert'].map(as));
    for (const who of [applicant, instAdmin, expert, pi, host])
      expect((await who.get(`/outcomes/rollup?by=county` as '/outcomes/rollup')).status).toBe(403);
  });
});
