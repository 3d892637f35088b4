import { outcomeContributions, OutcomeRecord } from '@kjflow/domain';
import { awardFixture } from '../testing/award-fixtures';
import { readAllPages, uniqueId, useMediumDatabase } from '../testing/medium';
import { OutcomeRepository } from './outcome.repository';
import { ProjectRepository } from './project.repository';

const FEN_PER_YI = 10_000_000_000;

/**
 * The roll-ups are GROUP BY in PostgreSQL: only verified outcomes count, each toward an
 * indicator when its date is within the indicator's period; the numbers match a hand count.
 */
describe('OutcomeRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new OutcomeRepository(db.ds);
  const run = uniqueId().slice(0, 8);
  const programA = `key-rd-${run}`;
  const programB = `commissioner-${run}`;
  const projectA = uniqueId();
  const projectB = uniqueId();
  const ids: Record<string, string> = {};

  const indicator = (code: string, plan: string, unit: string, from: number, to: number, sort: number) =>
    repo().upsertPlanIndicator({
      code,
      plan,
      group: '测试',
      zh: code,
      unit,
      baseline: null,
      baselineYear: null,
      target: 10,
      periodFrom: from,
      periodTo: to,
      kind: null,
      attribute: null,
      source: '004_775789dabe30af71.txt:144',
      sort,
    });

  async function outcome(
    key: string,
    projectId: string,
    record: Partial<OutcomeRecord> & Pick<OutcomeRecord, 'type' | 'details' | 'occurredOn'>,
    status: 'submitted' | 'verified' | 'returned' | 'rejected',
  ) {
    const id = uniqueId();
    ids[key] = id;
    const full = {
      title: `成果 ${key}`,
      evidence: { reference: `REF-${key}`, attachmentIds: [] },
      keyField: projectId === projectA ? 'eco_aluminium' : 'modern_agriculture_forestry',
      county: projectId === projectA ? '平果市' : '田东县',
      placementNote: null,
      ...record,
    } as OutcomeRecord;
    await repo().insert(
      { id, projectId, record: full, registeredBy: uniqueId(), at: new Date() },
      outcomeContributions(full),
    );
    if (status !== 'submitted')
      await repo().decide(
        id,
        status,
        status === 'verified' ? 'verify' : status === 'returned' ? 'return' : 'reject',
        null,
        uniqueId(),
        new Date(),
      );
    return id;
  }

  beforeAll(async () => {
    for (const [n, [code, plan, unit, from, to]] of (
      [
        ['results_transferred', 'plan_2021_2025', '项', 2021, 2025],
        ['tech_contract_turnover_cumulative', 'plan_2021_2025', '亿元', 2021, 2025],
        ['high_tech_enterprises', 'plan_2021_2025', '家', 2021, 2025],
        ['provincial_platforms', 'plan_2021_2025', '个', 2021, 2025],
        ['invention_patents_per_10k', 'plan_2021_2025', '件', 2021, 2025],
        ['results_transferred_2022', 'work_points_2022', '项', 2022, 2022],
        ['tech_contract_turnover_2022', 'work_points_2022', '亿元', 2022, 2022],
        ['platforms_new_2022', 'work_points_2022', '家', 2022, 2022],
        ['star_innovation_spaces_2022', 'work_points_2022', '家', 2022, 2022],
      ] as const
    ).entries())
      await indicator(code, plan, unit, from, to, n);
    const f = await awardFixture(db.ds, 0);
    const projects = new ProjectRepository(db.ds);
    for (const [id, program, title, county, field] of [
      [projectA, programA, '铝精深加工关键技术', '平果市', 'eco_aluminium'],
      [projectB, programB, '芒果科技特派员服务', '田东县', 'modern_agriculture_forestry'],
    ]) {
      await projects.insert(id, {
        programCode: program,
        title,
        summary: '',
        piId: f.piId,
        institutionId: f.institutionId,
        status: 'ongoing',
        startsOn: '2021-01-01',
        endsOn: '2023-12-31',
        acceptedOn: null,
        source: `测试 ${run}`,
      });
      await db.ds.query(`UPDATE projects SET county = $2, key_field = $3 WHERE id = $1`, [id, county, field]);
    }
    const contract = (amountFen: number) => ({ amountFen, counterparty: '百色某铝业' });
    await outcome(
      'contractA',
      projectA,
      { type: 'technology_contract', details: contract(15_000_000_000), occurredOn: '2022-05-01' },
      'verified',
    );
    await outcome(
      'transferA',
      projectA,
      {
        type: 'result_transferred',
        details: { counterparty: '某公司', amountFen: 0 },
        occurredOn: '2022-06-01',
      },
      'verified',
    );
    await outcome(
      'transferB',
      projectB,
      {
        type: 'result_transferred',
        details: { counterparty: '某合作社', amountFen: 0 },
        occurredOn: '2023-03-01',
      },
      'verified',
    );
    await outcome(
      'starB',
      projectB,
      {
        type: 'platform_built',
        details: { level: 'provincial', kind: 'star_space' },
        occurredOn: '2022-09-01',
      },
      'verified',
    );
    // Not counted: awaiting verification, rejected, before the plan's period.
    await outcome(
      'patentA',
      projectA,
      { type: 'invention_patent_granted', details: {}, occurredOn: '2024-01-10' },
      'submitted',
    );
    await outcome(
      'rejectedB',
      projectB,
      {
        type: 'result_transferred',
        details: { counterparty: '某公司', amountFen: 0 },
        occurredOn: '2022-01-10',
      },
      'rejected',
    );
    await outcome(
      'oldContractB',
      projectB,
      { type: 'technology_contract', details: contract(7_000), occurredOn: '2020-12-31' },
      'verified',
    );
    await outcome(
      'paperA',
      projectA,
      { type: 'paper', details: { venue: '轻金属' }, occurredOn: '2023-02-01' },
      'verified',
    );
    // Returned, then resubmitted as another type: what it adds is the new version's.
    const fixed = await outcome(
      'fixedB',
      projectB,
      {
        type: 'result_transferred',
        details: { counterparty: '某公司', amountFen: 0 },
        occurredOn: '2023-05-01',
      },
      'returned',
    );
    const v2 = {
      type: 'high_tech_enterprise',
      details: { enterpriseName: '田东某农业科技公司' },
      title: '认定高新技术企业',
      occurredOn: '2023-05-01',
      evidence: { reference: 'GR202345000123', attachmentIds: [] },
      keyField: 'modern_agriculture_forestry',
      county: '右江区',
      placementNote: '企业注册地在右江区',
    } as OutcomeRecord;
    await repo().resubmit(fixed, v2, 2, new Date(), outcomeContributions(v2));
    await repo().decide(fixed, 'verified', 'verify', null, uniqueId(), new Date());
  });

  const mine = <T extends { projects: Array<{ id: string }> }>(rows: T[]) =>
    rows.filter((r) => r.projects.some((p) => p.id === projectA || p.id === projectB));

  it('keeps an outcome with its project, contributions and the latest version', async () => {
    const fixed = await repo().get(ids.fixedB);
    expect(fixed).toMatchObject({
      projectId: projectB,
      projectTitle: '芒果科技特派员服务',
      programCode: programB,
      type: 'high_tech_enterprise',
      status: 'verified',
      version: 2,
      county: '右江区',
      placementNote: '企业注册地在右江区',
      occurredOn: '2023-05-01',
      decision: 'verify',
      contributions: [
        { indicatorCode: 'high_tech_enterprises', value: 1 },
        { indicatorCode: 'high_tech_enterprises_new_2022', value: 1 },
      ],
    });
    expect((await repo().get(ids.contractA))!.contributions).toEqual([
      { indicatorCode: 'tech_contract_turnover_2022', value: 15_000_000_000 },
      { indicatorCode: 'tech_contract_turnover_cumulative', value: 15_000_000_000 },
    ]);
    expect(await repo().get(uniqueId())).toBeNull();
  });

  it('sums verified outcomes per indicator within its period, with the projects behind each number', async () => {
    const rows = await repo().rollupIndicators('indicator');
    const by = Object.fromEntries(rows.map((r) => [r.indicatorCode, r]));
    // Hand count: transfers A (2022) and B (2023) are verified; the rejected one is not counted.
    expect(by.results_transferred).toMatchObject({ key: null, value: 2, outcomes: 2, projectCount: 2 });
    expect(by.results_transferred.projects).toEqual(
      expect.arrayContaining([
        { id: projectA, title: '铝精深加工关键技术' },
        { id: projectB, title: '芒果科技特派员服务' },
      ]),
    );
    expect(by.results_transferred_2022).toMatchObject({
      value: 1,
      projectCount: 1,
      projects: [{ id: projectA, title: '铝精深加工关键技术' }],
    });
    // 1.5 亿元 in 2022; the 2020 contract is before the plan's period.
    expect(by.tech_contract_turnover_cumulative.value).toBe(1.5 * FEN_PER_YI);
    expect(by.tech_contract_turnover_2022.value).toBe(1.5 * FEN_PER_YI);
    expect(by.star_innovation_spaces_2022).toMatchObject({ value: 1, outcomes: 1 });
    expect(by.provincial_platforms.value).toBe(1);
    expect(by.platforms_new_2022.value).toBe(1);
    // The resubmitted version counts, dated 2023: the plan's indicator, not the 2022 target.
    expect(by.high_tech_enterprises.value).toBe(1);
    // Awaiting verification: not counted.
    expect(by.invention_patents_per_10k).toBeUndefined();
    // One plan only.
    const work = await repo().rollupIndicators('indicator', 'work_points_2022');
    expect(work.map((r) => r.indicatorCode).sort()).toEqual([
      'platforms_new_2022',
      'results_transferred_2022',
      'star_innovation_spaces_2022',
      'tech_contract_turnover_2022',
    ]);
  });

  it('splits by county, key field, program and year, adding up to the totals', async () => {
    const county = await repo().rollupIndicators('county');
    const transfers = county.filter((r) => r.indicatorCode === 'results_transferred');
    expect(transfers.map((r) => [r.key, r.value])).toEqual([
      ['平果市', 1],
      ['田东县', 1],
    ]);
    expect(county.find((r) => r.indicatorCode === 'high_tech_enterprises')!.key).toBe('右江区');
    const field = await repo().rollupIndicators('field');
    expect(
      field.filter((r) => r.indicatorCode === 'results_transferred').map((r) => [r.key, r.value]),
    ).toEqual([
      ['eco_aluminium', 1],
      ['modern_agriculture_forestry', 1],
    ]);
    const program = mine(await repo().rollupIndicators('program'));
    expect(
      program.filter((r) => r.indicatorCode === 'results_transferred').map((r) => [r.key, r.value]),
    ).toEqual(
      [
        [programA, 1],
        [programB, 1],
      ].sort(),
    );
    const year = await repo().rollupIndicators('year');
    expect(
      year.filter((r) => r.indicatorCode === 'results_transferred').map((r) => [r.key, r.value]),
    ).toEqual([
      ['2022', 1],
      ['2023', 1],
    ]);
    const total = (rows: Array<{ indicatorCode: string; value: number }>) =>
      rows
        .filter((r) => r.indicatorCode === 'tech_contract_turnover_cumulative')
        .reduce((s, r) => s + r.value, 0);
    expect(total(county)).toBe(1.5 * FEN_PER_YI);
    expect(total(year)).toBe(1.5 * FEN_PER_YI);
  });

  it('counts verified outcomes by type, also those no indicator counts', async () => {
    const types = Object.fromEntries((await repo().rollupTypes('indicator')).map((r) => [r.type, r]));
    expect(types.technology_contract).toMatchObject({
      outcomes: 2,
      amountFen: 15_000_007_000,
      projectCount: 2,
    });
    expect(types.paper).toMatchObject({
      outcomes: 1,
      amountFen: 0,
      projects: [{ id: projectA, title: '铝精深加工关键技术' }],
    });
    expect(types.result_transferred).toMatchObject({ outcomes: 2 });
    expect(types.invention_patent_granted).toBeUndefined();
    const byYear = await repo().rollupTypes('year');
    expect(byYear.filter((r) => r.type === 'technology_contract').map((r) => [r.key, r.outcomes])).toEqual([
      ['2020', 1],
      ['2022', 1],
    ]);
  });

  it('lists outcomes newest first with filters, page by page', async () => {
    const { items: all, pages } = await readAllPages((page) => repo().page({ projectId: projectA }, page), 2);
    expect(all.map((o) => o.id).sort()).toEqual(
      [ids.contractA, ids.transferA, ids.patentA, ids.paperA].sort(),
    );
    expect(pages).toBe(2);
    const verified = (
      await repo().page(
        { projectId: projectB, status: 'verified', type: 'result_transferred' },
        { limit: 10 },
      )
    ).items;
    expect(verified.map((o) => o.id)).toEqual([ids.transferB]);
    expect(
      (await repo().page({ county: '右江区', programCode: programB }, { limit: 10 })).items.map((o) => o.id),
    ).toEqual([ids.fixedB]);
    expect(
      (await repo().page({ projectId: projectB, year: 2020 }, { limit: 10 })).items.map((o) => o.id),
    ).toEqual([ids.oldContractB]);
  });

  it('reads the plan indicators in order', async () => {
    const codes = (await repo().planIndicators()).map((i) => i.code);
    expect(codes.indexOf('results_transferred')).toBeLessThan(codes.indexOf('results_transferred_2022'));
  });
});
