import ExcelJS from 'exceljs';
import { apiUrl, as, closeDb, Client, count, readAll, request } from './support/api';
import { drillProgram, signedDirectedProjects } from './support/flows';

const FEN_PER_YI = 10_000_000_000;

type Rollup = {
  indicators: Array<{
    key: string | null;
    indicatorCode: string;
    value: number;
    valueInUnit: string;
    outcomes: number;
    projectCount: number;
    projects: Array<{ id: string; title: string }>;
  }>;
  types: Array<{ key: string | null; type: string; outcomes: number; amountFen: number }>;
};

/**
 * 成果 (issue 16 §3) on the real stack: a signed project and one from the bureau's earlier records
 * register outcomes of several types; the officer verifies some, returns one (resubmitted, then
 * verified), rejects one and leaves one waiting; the roll-ups and the .xlsx match a hand count.
 */
describe('outcomes (成果) against the plan’s indicators', () => {
  let officer: Client;
  let admin: Client;
  let auditor: Client;
  let pi: Client;
  let host: Client;
  let pi2: Client;
  let programCode: string;
  let projectP: {
    id: string;
    title: string;
    county: string | null;
    keyField: string | null;
    applicationId: string;
  };
  let projectQ: { id: string; title: string };

  beforeAll(async () => {
    [officer, admin, auditor, pi, host, pi2] = await Promise.all(
      ['officer', 'admin', 'auditor', 'applicant', 'inst-admin', 'applicant2'].map(as),
    );
    programCode = (await drillProgram(admin, 'directed-key-industry')).code;
    const [p] = await signedDirectedProjects(programCode, [officer, admin], [[pi, host]]);
    const read = await pi.get(`/projects/${p.projectId}`);
    projectP = { ...read.body, applicationId: p.applicationId };
    // An earlier project (no county or key field on record): its outcomes name their own.
    const q = await officer.post('/projects', {
      programCode: 'key-rd',
      title: `芒果保鲜技术研究（成果测试 ${Date.now().toString(36)}）`,
      piId: pi2.user.id,
      institutionId: pi2.user.institutionId,
      status: 'accepted',
      startsOn: '2020-01-01',
      endsOn: '2021-12-31',
      acceptedOn: '2022-03-01',
      source: '百色市科技局 2020-031',
    });
    expect(q.status).toBe(201);
    projectQ = q.body;
  }, 300_000);
  afterAll(closeDb);

  const rollup = async (by: string): Promise<Rollup> => {
    const r = await auditor.get(`/outcomes/rollup?by=${by}` as '/outcomes/rollup');
    expect(r.status).toBe(200);
    return r.body;
  };
  const value = (r: Rollup, code: string, key: string | null = null) =>
    r.indicators.filter((x) => x.indicatorCode === code && x.key === key).reduce((s, x) => s + x.value, 0);
  /** Outcomes of projectP, which every registration and refusal here names. */
  const outcomes = () => count('SELECT 1 FROM outcomes WHERE project_id = $1', [projectP.id]);

  it('registers, verifies, returns and rejects outcomes, and rolls them up to a hand count', async () => {
    const before = {
      indicator: await rollup('indicator'),
      year: await rollup('year'),
      county: await rollup('county'),
    };
    const register = async (client: Client, projectId: string, body: Record<string, unknown>) => {
      const r = await client.post(`/projects/${projectId}/outcomes` as '/projects/{id}/outcomes', body);
      expect({ status: r.status, body: r.body }).toMatchObject({ status: 201 });
      return r.body;
    };
    const decide = (id: string, decision: string, comment: string | null = null) =>
      officer.post(`/outcomes/${id}/verification` as '/outcomes/{id}/verification', { decision, comment });

    // A technology contract of 1.2 亿元 in 2022 (the PI), a result transferred in 2023 (the host institution).
    const contractBody = {
      type: 'technology_contract',
      title: '赤泥基免烧砖生产技术许可合同',
      occurredOn: '2022-06-15',
      evidence: { reference: '2022450100000123' },
      details: { amountFen: 1.2 * FEN_PER_YI, counterparty: '广西平果某建材有限公司' },
    };
    const contract = await register(pi, projectP.id, contractBody);
    expect(contract).toMatchObject({
      status: 'submitted',
      version: 1,
      projectTitle: projectP.title,
      programCode,
      keyField: projectP.keyField,
      county: projectP.county,
      placementNote: null,
      contributions: [
        { indicatorCode: 'tech_contract_turnover_2022', value: 1.2 * FEN_PER_YI },
        { indicatorCode: 'tech_contract_turnover_cumulative', value: 1.2 * FEN_PER_YI },
      ],
    });
    const transfer = await register(host, projectP.id, {
      type: 'result_transferred',
      title: '赤泥脱碱技术成果转化',
      occurredOn: '2023-03-10',
      evidence: { reference: '转化协议 BS-2023-007' },
      details: { counterparty: '百色某环保科技公司' },
    });
    const patentBody = {
      type: 'invention_patent_granted',
      title: '一种赤泥基免烧砖的制备方法',
      occurredOn: '2024-11-20',
      evidence: { reference: 'ZL202310000001.2' },
      details: {},
    };
    const patent = await register(pi, projectP.id, patentBody);
    const platform = await register(pi, projectP.id, {
      type: 'platform_built',
      title: '百色赤泥综合利用星创天地',
      occurredOn: '2022-09-01',
      evidence: { reference: '桂科字〔2022〕88号' },
      details: { level: 'provincial', kind: 'star_space' },
    });
    const paper = await register(pi, projectP.id, {
      type: 'paper',
      title: '赤泥基免烧砖的力学性能研究',
      occurredOn: '2023-01-05',
      evidence: { reference: 'doi:10.0000/kjflow.2023.001' },
      details: { venue: '轻金属' },
    });
    const talent = await register(pi, projectP.id, {
      type: 'talent_trained',
      title: '培养自治区级高层次人才',
      occurredOn: '2024-05-01',
      evidence: { reference: '桂人才〔2024〕5号' },
      details: { count: 2, highLevel: true },
    });
    // The earlier project's enterprise, placed in its own county and field from the evidence.
    const hte = await register(pi2, projectQ.id, {
      type: 'high_tech_enterprise',
      title: '百色某芒果科技公司认定为高新技术企业',
      occurredOn: '2022-12-01',
      evidence: { reference: 'GR202245000321' },
      details: { enterpriseName: '百色某芒果科技有限公司' },
      county: '田阳区',
      keyField: 'modern_agriculture_forestry',
      placementNote: '高新技术企业证书载明的企业注册地为田阳区',
    });
    expect(hte).toMatchObject({ county: '田阳区', keyField: 'modern_agriculture_forestry' });

    // A retried registration with its Idempotency-Key gets the first answer; one outcome is written.
    const key = `outcome-${Date.now().toString(36)}`;
    const standard = {
      type: 'standard',
      title: '赤泥基免烧砖团体标准',
      occurredOn: '2024-02-01',
      evidence: { reference: 'T/GXAS 000-2024' },
      details: { level: 'group' },
    };
    const rows = await outcomes();
    const first = await pi.post(`/projects/${projectP.id}/outcomes` as '/projects/{id}/outcomes', standard, {
      'Idempotency-Key': key,
    });
    const retry = await pi.post(`/projects/${projectP.id}/outcomes` as '/projects/{id}/outcomes', standard, {
      'Idempotency-Key': key,
    });
    expect([first.status, retry.status, retry.body.id]).toEqual([201, 201, first.body.id]);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await outcomes()).toBe(rows + 1);

    // Refusals change nothing, each naming its field.
    const n = await outcomes();
    const refused = async (client: Client, body: Record<string, unknown>, path: string) => {
      const r = await client.post(`/projects/${projectP.id}/outcomes` as '/projects/{id}/outcomes', body);
      expect({ status: r.status, paths: r.body.error.fields.map((f: { path: string }) => f.path) }).toEqual({
        status: 400,
        paths: [path],
      });
      expect(r.body.error.fields[0].message.zh).toBeTruthy();
    };
    await refused(pi, { ...patentBody, occurredOn: '2099-01-01' }, 'occurredOn');
    await refused(pi, { ...patentBody, evidence: {} }, 'evidence.reference');
    await refused(pi, { ...patentBody, county: '凌云县' }, 'placementNote');
    await refused(pi, { ...contractBody, details: { counterparty: '某公司' } }, 'details.amountFen');
    await refused(
      pi,
      { ...patentBody, evidence: { attachmentIds: ['3f1c2b9e-8d4a-4c1e-9b7f-2a6d5e4c3b21'] } },
      'evidence.attachmentIds.0',
    );
    expect((await decide(patent.id, 'return', '')).status).toBe(400);
    expect(
      (await pi.post(`/outcomes/${patent.id}/resubmission` as '/outcomes/{id}/resubmission', patentBody))
        .status,
    ).toBe(409);
    expect(await outcomes()).toBe(n);

    // The officer: verify four, return the patent (resubmitted with its certificate), reject one,
    // leave the talent waiting.
    for (const o of [contract, transfer, paper, hte]) expect((await decide(o.id, 'verify')).status).toBe(200);
    expect((await decide(contract.id, 'verify')).status).toBe(409);
    const returned = await decide(patent.id, 'return', '请上传专利证书扫描件');
    expect(returned.body).toMatchObject({
      status: 'returned',
      decision: { decision: 'return', comment: '请上传专利证书扫描件' },
    });
    // Each waits in the inbox of whoever acts next: the returned one in its PI's, the rest in the bureau's.
    const inboxRefs = async (client: Client, kind: string) =>
      (
        await readAll<{ subject: { id: string; ref: string } }>(
          client,
          `/inbox?kind=${kind}` as '/inbox',
          200,
        )
      ).items
        .filter((i) => i.subject.id === projectP.id)
        .map((i) => i.subject.ref);
    expect(await inboxRefs(pi, 'outcome_revision')).toEqual([patent.id]);
    expect((await inboxRefs(officer, 'outcome_verification')).sort()).toEqual(
      [talent.id, platform.id, first.body.id].sort(),
    );
    const files = await pi.get(
      `/applications/${projectP.applicationId}/attachments` as '/applications/{id}/attachments',
    );
    const certificate = files.body.items[0].id;
    const again = await pi.post(`/outcomes/${patent.id}/resubmission` as '/outcomes/{id}/resubmission', {
      ...patentBody,
      evidence: { reference: 'ZL202310000001.2', attachmentIds: [certificate] },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      status: 'submitted',
      version: 2,
      evidence: { attachmentIds: [certificate] },
    });
    expect(await inboxRefs(pi, 'outcome_revision')).toEqual([]);
    expect((await decide(patent.id, 'verify', '证书与专利号一致')).body.status).toBe('verified');
    const rejected = await decide(platform.id, 'reject', '星创天地由其他单位建设，非本项目成果');
    expect(rejected.body.status).toBe('rejected');
    expect((await pi.get(`/outcomes/${talent.id}` as '/outcomes/{id}')).body.status).toBe('submitted');

    // The project's outcomes, to its PI; every outcome, filtered, to the staff.
    const mine = await pi.get(`/projects/${projectP.id}/outcomes?limit=200` as '/projects/{id}/outcomes');
    expect(mine.body.items.map((o: { id: string }) => o.id).sort()).toEqual(
      [contract.id, transfer.id, patent.id, platform.id, paper.id, talent.id, first.body.id].sort(),
    );
    const verifiedHere = await officer.get(
      `/outcomes?projectId=${projectP.id}&status=verified&limit=200` as '/outcomes',
    );
    expect(verifiedHere.body.items.map((o: { id: string }) => o.id).sort()).toEqual(
      [contract.id, transfer.id, patent.id, paper.id].sort(),
    );
    expect(
      (
        await officer.get(`/outcomes?county=${encodeURIComponent('田阳区')}&year=2022` as '/outcomes')
      ).body.items.map((o: { id: string }) => o.id),
    ).toContain(hte.id);

    // Hand count, verified only, each within its indicator's period.
    const after = {
      indicator: await rollup('indicator'),
      year: await rollup('year'),
      county: await rollup('county'),
    };
    const delta = (by: keyof typeof after, code: string, key: string | null = null) =>
      value(after[by], code, key) - value(before[by], code, key);
    expect({
      contracts: delta('indicator', 'tech_contract_turnover_cumulative'),
      contracts2022: delta('indicator', 'tech_contract_turnover_2022'),
      transferred: delta('indicator', 'results_transferred'),
      transferred2022: delta('indicator', 'results_transferred_2022'),
      patents: delta('indicator', 'invention_patents_per_10k'),
      highTech: delta('indicator', 'high_tech_enterprises'),
      highTech2022: delta('indicator', 'high_tech_enterprises_new_2022'),
      starSpaces2022: delta('indicator', 'star_innovation_spaces_2022'),
      talents: delta('indicator', 'provincial_high_level_talents'),
    }).toEqual({
      contracts: 1.2 * FEN_PER_YI,
      contracts2022: 1.2 * FEN_PER_YI,
      transferred: 1,
      transferred2022: 0, // transferred in 2023
      patents: 1, // verified after its resubmission
      highTech: 1,
      highTech2022: 1,
      starSpaces2022: 0, // rejected
      talents: 0, // still awaiting verification
    });
    // Every indicator is listed per indicator; those outcomes do not measure say so.
    const rd = after.indicator.indicators.find((r) => r.indicatorCode === 'rd_intensity')!;
    expect(rd).toMatchObject({ measure: null, value: 0, valueInUnit: '0' });
    expect(
      after.indicator.indicators.find((r) => r.indicatorCode === 'commissioners_dispatched_2022'),
    ).toMatchObject({
      target: 400,
      // Counted from commissioner dispatches (test/commissioner.e2e-spec.ts), not from outcomes.
      measure: 'count',
    });
    // Per program: the drill program's numbers are this project's alone, with the project named.
    const byProgram = await rollup('program');
    const mineByProgram = byProgram.indicators.filter((r) => r.key === programCode);
    expect(Object.fromEntries(mineByProgram.map((r) => [r.indicatorCode, r.value]))).toEqual({
      tech_contract_turnover_cumulative: 1.2 * FEN_PER_YI,
      tech_contract_turnover_2022: 1.2 * FEN_PER_YI,
      results_transferred: 1,
      invention_patents_per_10k: 1,
    });
    for (const r of mineByProgram) expect(r.projects).toEqual([{ id: projectP.id, title: projectP.title }]);
    expect(
      mineByProgram.find((r) => r.indicatorCode === 'tech_contract_turnover_cumulative')!.valueInUnit,
    ).toBe('1.2');
    expect(
      byProgram.indicators.find((r) => r.key === 'key-rd' && r.indicatorCode === 'high_tech_enterprises')!
        .projects,
    ).toContainEqual({ id: projectQ.id, title: projectQ.title });
    // Per year and per county.
    expect(delta('year', 'tech_contract_turnover_cumulative', '2022')).toBe(1.2 * FEN_PER_YI);
    expect(delta('year', 'invention_patents_per_10k', '2024')).toBe(1);
    expect(delta('year', 'results_transferred', '2023')).toBe(1);
    expect(delta('county', 'high_tech_enterprises', '田阳区')).toBe(1);
    if (projectP.county) expect(delta('county', 'results_transferred', projectP.county)).toBe(1);
    // By type, also the paper no indicator counts.
    const papers = (r: Rollup) =>
      r.types.filter((t) => t.type === 'paper').reduce((s, t) => s + t.outcomes, 0);
    expect(papers(after.indicator) - papers(before.indicator)).toBe(1);

    // The workbook opens with the same numbers.
    const file = await fetch(`${apiUrl()}/outcomes/rollup.xlsx`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '按指标 By indicator',
      '按领域 By key field',
      '按县区 By county',
      '按计划 By program',
      '按年度 By year',
      '科技特派员 Commissioners',
      '成果类型 Types',
    ]);
    const sheetRow = (sheet: string, code: string, key?: string) => {
      const ws = wb.getWorksheet(sheet)!;
      // Cell values start at index 1 (a hole at 0).
      const header = Array.from(ws.getRow(1).values as unknown[], (v) => String(v ?? ''));
      const col = (h: string) => header.findIndex((x) => x.startsWith(h));
      for (let i = 2; i <= ws.rowCount; i++) {
        const row = ws.getRow(i);
        if (row.getCell(col('指标代码')).value !== code) continue;
        if (key !== undefined && row.getCell(col(key === programCode ? '科技计划' : '年度')).value !== key)
          continue;
        return {
          achieved: row.getCell(col('完成值')).value,
          outcomes: row.getCell(col('成果数')).value,
          projects: row.getCell(col('项目 The')).value,
        };
      }
      return null;
    };
    const api = (r: Rollup, code: string, key: string | null = null) =>
      r.indicators.find((x) => x.indicatorCode === code && x.key === key)!;
    expect(sheetRow('按指标 By indicator', 'tech_contract_turnover_cumulative')).toMatchObject({
      achieved: api(after.indicator, 'tech_contract_turnover_cumulative').valueInUnit,
      outcomes: api(after.indicator, 'tech_contract_turnover_cumulative').outcomes,
    });
    expect(sheetRow('按指标 By indicator', 'results_transferred')).toMatchObject({
      achieved: api(after.indicator, 'results_transferred').value,
    });
    expect(sheetRow('按计划 By program', 'results_transferred', programCode)).toEqual({
      achieved: 1,
      outcomes: 1,
      projects: projectP.title,
    });
  }, 120_000);

  it('publishes the plan’s indicators with their sources, without a login', async () => {
    const r = await request('GET', '/plan-indicators');
    expect(r.status).toBe(200);
    const by = Object.fromEntries(r.body.items.map((i: { code: string }) => [i.code, i]));
    // 12 of seed 004 表2, 11 of seed 002, 3 commissioner targets over a span (seeds 003, 004).
    expect(r.body.items).toHaveLength(26);
    expect(by.results_transferred).toMatchObject({
      plan: 'plan_2021_2025',
      baseline: 87,
      baselineYear: 2020,
      target: 150,
      periodFrom: 2021,
      periodTo: 2025,
      measure: 'count',
      outcomeTypes: ['result_transferred'],
      source: '004_775789dabe30af71.txt:144',
    });
    expect(by.commissioners_dispatched_2022).toMatchObject({
      plan: 'work_points_2022',
      target: 400,
      unit: '人次',
      periodFrom: 2022,
      periodTo: 2022,
      measure: 'count',
      countedFrom: 'dispatches',
      source: '002_dfb2497add13960a.txt:59',
    });
    expect(by.tech_contract_turnover_cumulative).toMatchObject({
      unit: '亿元',
      target: 200,
      measure: 'amount_fen',
    });
  });
});
