import { as, closeDb, completeDraft, count, Client } from './support/api';

const BAISE_UNIVERSITY = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02'; // 百色学院

/** Directed commission (定向委托): the bureau names the institutions; nobody else may apply. */
describe('directed calls (定向委托)', () => {
  let officer: Client;
  let applicant: Client; // 百色学院
  let applicant2: Client; // 右江民族医学院

  beforeAll(async () => {
    [officer, applicant, applicant2] = await Promise.all(['officer', 'applicant', 'applicant2'].map(as));
  });
  afterAll(closeDb);

  const window = () => ({
    windowStart: new Date(Date.now() - 60_000).toISOString(),
    windowEnd: new Date(Date.now() + 600_000).toISOString(),
  });

  it('lets only the invited institution apply', async () => {
    const call = await officer.post('/calls', {
      title: '赤泥综合利用关键技术定向委托项目',
      mode: 'directed',
      ...window(),
      budgetCapFen: 100_000_000,
      invitedInstitutionIds: [BAISE_UNIVERSITY],
    });
    expect(call.status).toBe(201);
    expect(call.body.invitedInstitutionIds).toEqual([BAISE_UNIVERSITY]);

    const invited = await applicant.post('/applications', { callId: call.body.id, ...completeDraft });
    expect(invited.status).toBe(201);
    const before = await count('SELECT 1 FROM applications WHERE call_id = $1', [call.body.id]);
    const other = await applicant2.post('/applications', { callId: call.body.id, ...completeDraft });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toEqual({
      zh: '本批次为定向委托，仅受邀单位可以申报',
      en: 'This call is a directed commission; only invited institutions may apply',
    });
    expect(await count('SELECT 1 FROM applications WHERE call_id = $1', [call.body.id])).toBe(before);
  });

  it('requires the invited institutions for a directed call, and only there', async () => {
    const before = await count('SELECT 1 FROM calls');
    const missing = await officer.post('/calls', {
      title: '缺少受托单位',
      mode: 'directed',
      ...window(),
      budgetCapFen: 1_000,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['invitedInstitutionIds']);
    const open = await officer.post('/calls', {
      title: '公开竞争却指定单位',
      mode: 'open_competition',
      ...window(),
      budgetCapFen: 1_000,
      invitedInstitutionIds: [BAISE_UNIVERSITY],
    });
    expect(open.status).toBe(400);
    expect(await count('SELECT 1 FROM calls')).toBe(before);
  });
});
