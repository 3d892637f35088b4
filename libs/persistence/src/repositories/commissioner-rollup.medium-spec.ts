import { awardFixture } from '../testing/award-fixtures';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { AgreementRepository } from './agreement.repository';
import { AwardRepository } from './award.repository';
import { OutcomeRepository } from './outcome.repository';
import { ProjectReportRepository } from './project-report.repository';
import { ProjectRepository } from './project.repository';

/**
 * 科技特派员 roll-ups are GROUP BY in PostgreSQL: a dispatch counts once, in the year it began and
 * the county it serves; only accepted service logs count, each by its last version, in the year it
 * was due; projects whose agreement carries no dispatch are not counted.
 */
describe('commissioner roll-ups (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const outcomes = () => new OutcomeRepository(db.ds);
  const run = uniqueId().slice(0, 8);
  const program = `commissioner-${run}`;
  const dispatchCodes = [`dispatched_a_${run}`, `dispatched_b_${run}`];
  const trainedCodes = [`trained_${run}`];
  const projectIds: string[] = [];

  const dispatch = (county: string) => ({
    targetKind: 'township',
    targetName: `${county}某镇`,
    county,
    expertise: '芒果栽培技术服务',
    term: 'P1Y',
  });
  const log = (visits: number, trainings: Array<[number, number]>, technologies: number) => ({
    summary: '服务日志',
    visits: Array.from({ length: visits }, (_, i) => ({
      date: '2022-03-01',
      place: `村${i}`,
      served: '农户',
    })),
    trainings: trainings.map(([sessions, peopleTrained]) => ({ topic: '培训', sessions, peopleTrained })),
    technologies: Array.from({ length: technologies }, (_, i) => ({ name: `技术${i}`, note: '' })),
    problemsSolved: [],
    attachmentIds: [],
  });

  /** A signed agreement (with `content`) and the project it opened, started at `startsAt`. */
  async function project(content: Record<string, unknown>, startsAt: string, reports: string[]) {
    const f = await awardFixture(db.ds, 1);
    const awardId = uniqueId();
    const awards = new AwardRepository(db.ds);
    await awards.insert(
      {
        id: awardId,
        callId: f.callId,
        roundId: null,
        chain: ['admin'],
        proposedBy: f.officerId,
        note: null,
        noticeWorkingDays: 5,
        restartNotice: true,
        items: [{ applicationId: f.applicationIds[0], amountFen: 1_000 }],
        horseRace: null,
      },
      new Date(),
    );
    const agreementId = uniqueId();
    await new AgreementRepository(db.ds).insert(
      {
        id: agreementId,
        awardId,
        applicationId: f.applicationIds[0],
        callId: f.callId,
        amountFen: 1_000,
        content: { title: `特派员服务 ${projectIds.length + 1}`, ...content },
        signBy: new Date(Date.now() + 86_400_000),
      },
      new Date(),
    );
    const id = uniqueId();
    await new ProjectRepository(db.ds).openFromAgreement(id, agreementId, {
      startsAt,
      endsAt: new Date(new Date(startsAt).getTime() + 365 * 86_400_000).toISOString(),
      midtermAt: null,
      reports: reports.map((dueAt, i) => ({ seq: i + 1, dueAt })),
    });
    await db.ds.query(`UPDATE projects SET program_code = $2 WHERE id = $1`, [id, program]);
    projectIds.push(id);
    return { id, piId: f.piId };
  }

  beforeAll(async () => {
    for (const [n, [code, from, to]] of (
      [
        [dispatchCodes[0], 2022, 2022],
        [dispatchCodes[1], 2021, 2025],
        [trainedCodes[0], 2021, 2025],
      ] as const
    ).entries())
      await outcomes().upsertPlanIndicator({
        code,
        plan: 'plan_2021_2025',
        group: '测试',
        zh: code,
        unit: '人次',
        baseline: null,
        baselineYear: null,
        target: 400,
        periodFrom: from,
        periodTo: to,
        kind: 'dispatch',
        attribute: null,
        source: '002_dfb2497add13960a.txt:59',
        sort: 1000 + n,
      });
    const reports = new ProjectReportRepository(db.ds);
    const at = new Date();
    // A: 田东县, began 2022 (Beijing: 2022-01-01 07:00), two logs: the first returned then
    // accepted as version 2, the second still awaiting the bureau.
    const a = await project({ dispatch: dispatch('田东县') }, '2021-12-31T23:00:00.000Z', [
      '2022-04-01T02:00:00.000Z',
      '2022-07-01T02:00:00.000Z',
    ]);
    await reports.insertVersion(a.id, 1, 1, log(5, [[9, 900]], 9), a.piId, at);
    await reports.insertReview(a.id, 1, 1, 'returned', a.piId, '补充', at);
    await reports.insertVersion(
      a.id,
      1,
      2,
      log(
        2,
        [
          [1, 30],
          [2, 45],
        ],
        1,
      ),
      a.piId,
      at,
    );
    await reports.insertReview(a.id, 1, 2, 'accepted', a.piId, '', at);
    await reports.insertVersion(a.id, 2, 1, log(7, [[7, 700]], 7), a.piId, at);
    await reports.insertReview(a.id, 2, 1, 'confirmed', a.piId, '', at);
    // B: 凌云县, began 2023, one accepted log due in 2023.
    const b = await project({ dispatch: dispatch('凌云县') }, '2023-03-01T02:00:00.000Z', [
      '2023-06-01T02:00:00.000Z',
    ]);
    await reports.insertVersion(b.id, 1, 1, log(1, [[3, 60]], 0), b.piId, at);
    await reports.insertReview(b.id, 1, 1, 'accepted', b.piId, '', at);
    // Not a dispatch: its accepted report is no service log of a commissioner.
    const c = await project({}, '2022-05-01T02:00:00.000Z', ['2022-08-01T02:00:00.000Z']);
    await reports.insertVersion(c.id, 1, 1, log(4, [[4, 400]], 4), c.piId, at);
    await reports.insertReview(c.id, 1, 1, 'accepted', c.piId, '', at);
  });

  it('places a dispatch in the county it serves', async () => {
    const rows: Array<{ county: string }> = await db.ds.query(
      `SELECT county FROM projects WHERE id = ANY($1::uuid[]) ORDER BY starts_at`,
      [projectIds.slice(0, 2)],
    );
    expect(rows.map((r) => r.county)).toEqual(['田东县', '凌云县']);
  });

  it('sums dispatches and accepted logs per county and year, to a hand count', async () => {
    const byCounty = (await outcomes().rollupServices('county')).filter((r) =>
      r.projects.some((p) => projectIds.includes(p.id)),
    );
    expect(byCounty.map(({ projects: _p, ...r }) => r)).toEqual([
      {
        key: '凌云县',
        dispatches: 1,
        serviceLogs: 1,
        visits: 1,
        trainingSessions: 3,
        peopleTrained: 60,
        technologies: 0,
        problemsSolved: 0,
        projectCount: 1,
      },
      {
        key: '田东县',
        dispatches: 1,
        serviceLogs: 1,
        visits: 2,
        trainingSessions: 1 + 2,
        peopleTrained: 30 + 45,
        technologies: 1,
        problemsSolved: 0,
        projectCount: 1,
      },
    ]);
    const byProgram = await outcomes().rollupServices('program');
    expect(byProgram.find((r) => r.key === program)).toMatchObject({
      dispatches: 2,
      serviceLogs: 2,
      peopleTrained: 75 + 60,
      projectCount: 2,
    });
  });

  it('counts person-times and people trained within each indicator’s period', async () => {
    const rows = await outcomes().rollupCommissionerIndicators('indicator', dispatchCodes, trainedCodes);
    const value = (code: string) => rows.find((r) => r.indicatorCode === code)?.value ?? 0;
    // 2022 only: A (began 2022-01-01 Beijing); 2021–2025: A and B.
    expect([value(dispatchCodes[0]), value(dispatchCodes[1]), value(trainedCodes[0])]).toEqual([
      1,
      2,
      75 + 60,
    ]);
    const byYear = await outcomes().rollupCommissionerIndicators('program', dispatchCodes, trainedCodes);
    expect(byYear.filter((r) => r.key === program).map((r) => [r.indicatorCode, r.value])).toEqual([
      [dispatchCodes[0], 1],
      [dispatchCodes[1], 2],
      [trainedCodes[0], 135],
    ]);
  });
});
