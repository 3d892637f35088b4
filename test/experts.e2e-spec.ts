import * as ExcelJS from 'exceljs';
import { apiUrl, as, closeDb, count, Client, db, request } from './support/api';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const BSU = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02'; // 百色学院

const USERS = ['applicant', 'applicant2', 'inst-admin', 'expert', 'auditor', 'officer', 'admin'] as const;
type User = (typeof USERS)[number];

/** Sends a file as the raw body, the way the import takes it. */
async function importFile(client: { token: string }, body: Buffer | string, contentType: string) {
  const res = await fetch(`${apiUrl()}/experts/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, 'content-type': contentType },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function exportFile(client: { token: string }, format: 'csv' | 'xlsx') {
  const res = await fetch(`${apiUrl()}/experts/export?format=${format}`, {
    headers: { authorization: `Bearer ${client.token}` },
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/**
 * This file's experts: its pool numbers start with T- (other files register theirs under prefixes
 * of their own meanwhile), and the seeded pool (BSZJ-) it edits. Counts stay this file's.
 */
const expertCount = () => count(`SELECT 1 FROM experts WHERE external_ref LIKE 'T-%'`);
const expertEvents = () =>
  count(
    `SELECT 1 FROM domain_events WHERE subject_type = 'expert' AND subject_id IN (
       SELECT id::text FROM experts WHERE external_ref LIKE 'T-%' OR external_ref LIKE 'BSZJ-%')`,
  );
/** Logins of this file's experts, and any of the usernames its requests ask for. */
const userCount = () =>
  count(
    `SELECT 1 FROM users WHERE id IN (SELECT user_id FROM experts WHERE external_ref LIKE 'T-%')
        OR username IN ('zhong.ht', 'bad user')`,
  );

const newExpert = (ref: string, extra: Record<string, unknown> = {}) => ({
  externalRef: ref,
  name: '钟海涛',
  title: '教授',
  organisation: '广西大学',
  keyFields: ['new_materials'],
  keywords: ['稀土功能材料'],
  region: '广西南宁',
  ...extra,
});

/**
 * The expert pool (专家库): registration with a login, validation and duplicates, updates, CSV
 * and .xlsx import with a per-row report, export that re-imports cleanly, permissions for every
 * role, and credit bans showing as ineligibility.
 */
describe('expert pool (专家库)', () => {
  const c = {} as Record<User, Client>;

  beforeAll(async () => {
    for (const u of USERS) c[u] = await as(u);
  });
  afterAll(closeDb);

  it('seeds the demo pool and links the demo login `expert` to its record', async () => {
    const list = await c.officer.get('/experts?limit=200');
    expect(list.status).toBe(200);
    const seeded = list.body.items.filter((e: { externalRef: string | null }) =>
      e.externalRef?.startsWith('BSZJ-'),
    );
    expect(seeded.length).toBeGreaterThanOrEqual(24);
    expect(seeded.filter((e: { finance: boolean }) => e.finance).length).toBeGreaterThanOrEqual(4);
    const nongyan = seeded.find((e: { name: string }) => e.name === '农艳');
    expect(nongyan).toMatchObject({
      userId: c.expert.user.id,
      organisation: '百色芒果研究院',
      organisationKey: nongyan.institutionId,
      eligible: true,
      eligibilityReason: null,
    });
    expect(seeded.find((e: { organisation: string }) => e.organisation === '中南大学').organisationKey).toBe(
      'name:中南大学',
    );
    const me = await c.expert.get('/experts/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(nongyan.id);
  });

  it('registers an expert with a login that works', async () => {
    const before = { experts: await expertCount(), users: await userCount() };
    const res = await c.officer.post(
      '/experts',
      newExpert('T-API-001', {
        institutionId: BSU,
        organisation: '百色学院',
        finance: true,
        phone: '0776-2849001',
        email: 'zhong@example.cn',
        relations: [{ kind: 'coauthor', personId: c.applicant.user.id, from: '2025-01-01' }],
        account: { username: 'zhong.ht', password: 'review-2026' },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      externalRef: 'T-API-001',
      organisationKey: BSU,
      finance: true,
      available: true,
      loadCap: 20,
      eligible: true,
      relations: [{ kind: 'coauthor', personId: c.applicant.user.id }],
    });
    expect(res.body.userId).toEqual(expect.any(String));
    expect(res.body).not.toHaveProperty('account');
    expect(await expertCount()).toBe(before.experts + 1);
    expect(await userCount()).toBe(before.users + 1);
    const { rows } = await db().query(
      `SELECT type, payload FROM domain_events WHERE subject_type = 'expert' AND subject_id = $1`,
      [res.body.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['expert.registered']);
    expect(JSON.stringify(rows[0].payload)).not.toContain('review-2026');

    const login = await request('POST', '/auth/login', {
      body: { username: 'zhong.ht', password: 'review-2026' },
    });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ roles: ['expert'], displayName: '钟海涛', institutionId: BSU });
    const me = await request('GET', '/experts/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(res.body.id);
    // An expert reads only their own record.
    expect((await request('GET', '/experts', { token: login.body.accessToken })).status).toBe(403);
  });

  it('refuses bad input at its paths and writes nothing', async () => {
    const before = { experts: await expertCount(), users: await userCount(), events: await expertEvents() };
    const res = await c.officer.post('/experts', {
      ...newExpert('T-API-BAD'),
      name: '',
      keyFields: ['new_materials', 'mining'],
      loadCap: 0,
      email: 'not-an-email',
      relations: [{ kind: 'friend', personId: 'x' }],
      account: { username: 'bad user', password: 'short' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'keyFields.1',
        'loadCap',
        'email',
        'relations.0.kind',
        'account.username',
        'account.password',
      ]),
    );
    for (const f of res.body.error.fields) expect(f.message.zh).toMatch(/\p{Script=Han}/u);

    const noField = await c.officer.post('/experts', newExpert('T-API-BAD', { keyFields: [] }));
    expect(noField.status).toBe(400);
    expect(noField.body.error.fields).toEqual([
      {
        path: 'keyFields',
        message: { zh: '非财务专家须至少填写一个重点产业领域', en: expect.any(String) },
      },
    ]);

    const unknownInst = await c.officer.post(
      '/experts',
      newExpert('T-API-BAD', { institutionId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(unknownInst.status).toBe(400);
    expect(unknownInst.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['institutionId']);

    expect(await expertCount()).toBe(before.experts);
    expect(await userCount()).toBe(before.users);
    expect(await expertEvents()).toBe(before.events);
  });

  it('refuses a duplicate pool number or username with 409 and writes nothing', async () => {
    const first = await c.officer.post('/experts', newExpert('T-DUP-001'));
    expect(first.status).toBe(201);
    const before = { experts: await expertCount(), users: await userCount(), events: await expertEvents() };

    const sameRef = await c.admin.post('/experts', newExpert('T-DUP-001', { name: '另一位专家' }));
    expect(sameRef.status).toBe(409);
    expect(sameRef.body.error).toMatchObject({ code: 'conflict', fields: [{ path: 'externalRef' }] });

    const sameUser = await c.officer.post(
      '/experts',
      newExpert('T-DUP-002', { account: { username: 'officer', password: 'whatever-123' } }),
    );
    expect(sameUser.status).toBe(409);
    expect(sameUser.body.error.fields[0].path).toBe('account.username');

    expect(await expertCount()).toBe(before.experts);
    expect(await userCount()).toBe(before.users);
    expect(await expertEvents()).toBe(before.events);
  });

  it('updates any subset of fields, recording what changed', async () => {
    const created = await c.officer.post('/experts', newExpert('T-PATCH-001', { phone: '0771-3230001' }));
    const id = created.body.id;
    const res = await c.officer.patch(`/experts/${id}`, {
      available: false,
      loadCap: 5,
      keywords: ['稀土功能材料', '磁性材料'],
      phone: null,
      institutionId: BSU,
      declaredConflicts: [{ organisationId: BSU, reason: '曾在该单位兼职，近三年内' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      available: false,
      loadCap: 5,
      keywords: ['稀土功能材料', '磁性材料'],
      phone: null,
      organisationKey: BSU,
      declaredConflicts: [{ organisationId: BSU }],
    });
    const { rows } = await db().query(
      `SELECT payload FROM domain_events WHERE subject_id = $1 AND type = 'expert.updated'`,
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].payload.fields.sort()).toEqual(
      ['available', 'declaredConflicts', 'institutionId', 'keywords', 'loadCap', 'phone'].sort(),
    );

    const events = await expertEvents();
    // The same values again change nothing and record nothing.
    expect((await c.officer.patch(`/experts/${id}`, { loadCap: 5 })).status).toBe(200);
    expect(await expertEvents()).toBe(events);
    // Bad values are refused at their paths; the merged record is checked too.
    const bad = await c.officer.patch(`/experts/${id}`, { loadCap: 0, keyFields: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['loadCap']);
    const noField = await c.officer.patch(`/experts/${id}`, { keyFields: [] });
    expect(noField.status).toBe(400);
    expect(noField.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['keyFields']);
    expect((await c.officer.patch(`/experts/${id}`, { loadcap: 3 })).status).toBe(400);
    expect(
      (await c.officer.patch('/experts/00000000-0000-4000-8000-000000000000', { loadCap: 3 })).status,
    ).toBe(404);
    expect(await expertEvents()).toBe(events);
  });

  it('filters by key field, availability, finance flag and text', async () => {
    const bio = await c.auditor.get('/experts?keyField=biopharma');
    expect(bio.status).toBe(200);
    expect(bio.body.items.length).toBeGreaterThan(0);
    expect(bio.body.items.every((e: { keyFields: string[] }) => e.keyFields.includes('biopharma'))).toBe(
      true,
    );
    const off = await c.officer.get('/experts?available=false');
    expect(off.body.items.length).toBeGreaterThan(0);
    expect(off.body.items.every((e: { available: boolean }) => !e.available)).toBe(true);
    const finance = await c.officer.get('/experts?finance=true');
    expect(finance.body.items.every((e: { finance: boolean }) => e.finance)).toBe(true);
    const q = await c.officer.get(`/experts?q=${encodeURIComponent('芒果')}`);
    expect(q.body.items.map((e: { name: string }) => e.name)).toContain('农艳');
    expect((await c.officer.get('/experts?keyField=mining')).status).toBe(400);
  });

  const CSV = [
    '编号,姓名,职称,单位,单位ID,领域,关键词,地区,财务专家,可用,每轮上限,电话,邮箱',
    `T-CSV-001,何建国,教授,百色学院,${BSU},生态铝；新材料,赤泥、铝合金,广西百色,否,是,10,0776-2840001,hjg@example.cn`,
    'T-CSV-002,吴小兵,研究员,广西大学,,采矿,选矿,广西南宁,也许,是,,,',
    'T-CSV-003,"蓝海燕",高级会计师,"广西财经学院, 会计学院",,,预算评审,广西南宁,是,是,8,,',
    'T-CSV-004,,教授,中南大学,,new_materials,,湖南长沙,否,是,,,',
    'T-CSV-005,潘德明,正高级工程师,中铝广西分公司,,eco_aluminium;green_chemicals,"氧化铝, 赤泥",广西百色,false,true,12,,',
  ].join('\r\n');

  it('imports a CSV row by row: good rows in, bad rows reported with their row and paths', async () => {
    const before = { experts: await expertCount(), events: await expertEvents() };
    const res = await importFile(c.officer, CSV, 'text/csv; charset=utf-8');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'csv', rows: 5, imported: 3, updated: 0 });
    expect(res.body.failed).toHaveLength(2);
    const [row3, row5] = res.body.failed;
    expect(row3).toMatchObject({ row: 3, externalRef: 'T-CSV-002' });
    expect(row3.errors.map((e: { path: string }) => e.path).sort()).toEqual(['finance', 'keyFields.0']);
    expect(row3.errors.find((e: { path: string }) => e.path === 'keyFields.0')).toMatchObject({
      column: '领域',
      message: { zh: expect.stringContaining('未知的重点产业领域“采矿”') },
    });
    expect(row5).toMatchObject({
      row: 5,
      externalRef: 'T-CSV-004',
      errors: [{ path: 'name', column: '姓名', message: { zh: '必填字段', en: 'Required' } }],
    });
    expect(await expertCount()).toBe(before.experts + 3);
    expect(await expertEvents()).toBe(before.events + 3);
    expect(await count(`SELECT 1 FROM experts WHERE external_ref IN ('T-CSV-002', 'T-CSV-004')`)).toBe(0);

    const list = await c.officer.get(`/experts?q=T-CSV`);
    const byRef = Object.fromEntries(list.body.items.map((e: { externalRef: string }) => [e.externalRef, e]));
    expect(byRef['T-CSV-001']).toMatchObject({
      name: '何建国',
      institutionId: BSU,
      organisationKey: BSU,
      keyFields: ['eco_aluminium', 'new_materials'],
      keywords: ['赤泥', '铝合金'],
      loadCap: 10,
      finance: false,
    });
    expect(byRef['T-CSV-003']).toMatchObject({
      organisation: '广西财经学院, 会计学院',
      organisationKey: 'name:广西财经学院, 会计学院',
      finance: true,
      keyFields: [],
      loadCap: 8,
    });
    expect(byRef['T-CSV-005']).toMatchObject({
      keyFields: ['eco_aluminium', 'green_chemicals'],
      loadCap: 12,
    });

    // The same file again: matched by 编号, updated, not duplicated; nothing changed, nothing recorded.
    const again = await importFile(c.officer, CSV, 'text/csv');
    expect(again.body).toMatchObject({ imported: 0, updated: 3 });
    expect(again.body.failed.map((f: { row: number }) => f.row)).toEqual([3, 5]);
    expect(await expertCount()).toBe(before.experts + 3);
    expect(await expertEvents()).toBe(before.events + 3);

    // A sheet of 编号 and a few columns changes only those columns.
    const partial = [
      '编号,姓名,职称,单位,领域,地区,可用',
      'T-CSV-001,何建国,教授,百色学院,生态铝,广西百色,否',
    ].join('\n');
    const upd = await importFile(c.officer, partial, 'text/csv');
    expect(upd.body).toMatchObject({ imported: 0, updated: 1, failed: [] });
    const one = (await c.officer.get(`/experts/${byRef['T-CSV-001'].id}`)).body;
    expect(one).toMatchObject({
      available: false,
      keyFields: ['eco_aluminium'],
      loadCap: 10,
      phone: '0776-2840001',
    });
    expect(await expertEvents()).toBe(before.events + 4);
  });

  it('imports an .xlsx workbook (title row, English headers, links, numbers, booleans)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Experts');
    ws.addRow(['2026 expert list']);
    ws.addRow([
      'externalRef',
      'name',
      'title',
      'organisation',
      'keyFields',
      'region',
      'finance',
      'loadCap',
      'email',
    ]);
    ws.addRow([
      'T-XLSX-001',
      '邓春生',
      '教授',
      '广西大学',
      'biopharma',
      '广西南宁',
      false,
      6,
      { text: 'dcs@example.cn', hyperlink: 'mailto:dcs@example.cn' },
    ]);
    ws.addRow(['T-XLSX-002', '冯雪', '高级会计师', '百色市财政局', '', '广西百色', true, 15, null]);
    ws.addRow(['T-XLSX-003', '', '教授', '广西大学', 'biopharma', '广西南宁', '否', 6, null]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await expertCount();
    const res = await importFile(c.admin, file, XLSX);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'xlsx', rows: 3, imported: 2, updated: 0 });
    expect(res.body.failed).toEqual([
      {
        row: 5,
        externalRef: 'T-XLSX-003',
        errors: [{ path: 'name', column: 'name', message: { zh: '必填字段', en: 'Required' } }],
      },
    ]);
    expect(await expertCount()).toBe(before + 2);
    const list = (await c.officer.get('/experts?q=T-XLSX')).body.items;
    expect(list).toEqual([
      expect.objectContaining({
        externalRef: 'T-XLSX-001',
        loadCap: 6,
        finance: false,
        email: 'dcs@example.cn',
      }),
      expect.objectContaining({ externalRef: 'T-XLSX-002', finance: true, keyFields: [], loadCap: 15 }),
    ]);
  });

  it('refuses unreadable files with 400, other types with 415, big ones with 413; nothing written', async () => {
    const before = { experts: await expertCount(), events: await expertEvents() };
    const noHeader = await importFile(c.officer, 'a,b,c\n1,2,3\n', 'text/csv');
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.fields[0].path).toBe('file');
    const missing = await importFile(c.officer, '编号,姓名,职称\nX,Y,Z\n', 'text/csv');
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'header.organisation',
      'header.keyFields',
      'header.region',
    ]);
    const broken = await importFile(c.officer, Buffer.from('PK\u0003\u0004 not really a zip'), XLSX);
    expect(broken.status).toBe(400);
    expect((await c.officer.post('/experts/import', { rows: [] })).status).toBe(415);
    expect((await importFile(c.officer, '%PDF-1.4', 'application/pdf')).status).toBe(415);
    const big = await importFile(c.officer, Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'text/csv');
    expect(big.status).toBe(413);
    expect(await expertCount()).toBe(before.experts);
    expect(await expertEvents()).toBe(before.events);
    // Up to 5 MB is fine (the 1 MB limit is for JSON bodies); an unknown column is ignored.
    const padded = `编号,姓名,职称,单位,领域,地区,备注\nT-BIG-001,韦大成,教授,广西大学,新材料,广西南宁,${'备'.repeat(1_500_000)}\n`;
    const ok = await importFile(c.officer, padded, 'text/csv');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ imported: 1, failed: [] });
  });

  it('exports CSV (UTF-8 with BOM) and .xlsx that re-import as updates, none failed', async () => {
    // The whole pool: at least the experts there were before, at most those there are after
    // (other files register theirs meanwhile).
    const pool = () => count('SELECT 1 FROM experts');
    const atLeast = await pool();
    const csv = await exportFile(c.auditor, 'csv');
    const atMost = await pool();
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="experts-\d{8}\.csv"; filename\*=UTF-8''/,
    );
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.body.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      '编号,姓名,职称,单位,单位ID,领域,关键词,地区,财务专家,可用,每轮上限,电话,邮箱,系统ID',
    );
    expect(text).toContain('T-CSV-001,何建国,教授,百色学院');
    // Events about the exported experts (their 系统ID, the last column): the round trips add none.
    const exported = text
      .split('\r\n')
      .slice(1)
      .map((line) => /,([0-9a-f-]{36})$/.exec(line)?.[1])
      .filter((id) => id !== undefined);
    const events = () =>
      count(`SELECT 1 FROM domain_events WHERE subject_type = 'expert' AND subject_id = ANY($1)`, [exported]);
    const before = await events();
    const mine = await expertCount();

    const back = await importFile(c.officer, csv.body, 'text/csv');
    expect(back.status).toBe(200);
    const total = back.body.rows;
    expect([atLeast <= total, total <= atMost, exported.length]).toEqual([true, true, total]);
    expect(back.body).toMatchObject({ format: 'csv', imported: 0, updated: total, failed: [] });

    const xlsx = await exportFile(c.officer, 'xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(XLSX);
    expect(xlsx.headers.get('content-disposition')).toMatch(/filename="experts-\d{8}\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).getCell(2).value).toBe('姓名');
    const back2 = await importFile(c.officer, xlsx.body, XLSX);
    const total2 = back2.body.rows; // those registered since the CSV, too
    expect(total2).toBeGreaterThanOrEqual(total);
    expect(wb.worksheets[0].actualRowCount).toBe(total2 + 1);
    expect(back2.body).toMatchObject({
      format: 'xlsx',
      imported: 0,
      updated: total2,
      failed: [],
    });

    // Round trips change nothing: no update was recorded, relations are kept.
    expect(await events()).toBe(before);
    expect(await expertCount()).toBe(mine);
    const seeded = (await c.officer.get('/experts?q=BSZJ-2026-001')).body.items[0];
    expect(seeded.relations).toHaveLength(1);
  });

  it('lets officers and admins manage, auditors read, and no one else in', async () => {
    const target = (await c.officer.get('/experts?q=BSZJ-2026-002')).body.items[0].id as string;
    const csv = '编号,姓名,职称,单位,领域,地区\nT-PERM-001,权限测试,教授,广西大学,新材料,广西南宁\n';
    const expected: Record<User, { read: number; write: number }> = {
      applicant: { read: 403, write: 403 },
      applicant2: { read: 403, write: 403 },
      'inst-admin': { read: 403, write: 403 },
      expert: { read: 403, write: 403 },
      auditor: { read: 200, write: 403 },
      officer: { read: 200, write: 200 },
      admin: { read: 200, write: 200 },
    };
    for (const u of USERS) {
      const { read, write } = expected[u];
      const before = { experts: await expertCount(), events: await expertEvents() };
      const got = {
        list: (await c[u].get('/experts')).status,
        one: (await c[u].get(`/experts/${target}`)).status,
        export: (await exportFile(c[u], 'csv')).status,
        create: (await c[u].post('/experts', newExpert(`T-PERM-${u}`))).status,
        patch: (await c[u].patch(`/experts/${target}`, { loadCap: u === 'officer' ? 19 : 18 })).status,
        import: (await importFile(c[u], csv, 'text/csv')).status,
        me: (await c[u].get('/experts/me')).status,
      };
      expect({ u, ...got }).toEqual({
        u,
        list: read,
        one: read,
        export: read,
        create: write === 200 ? 201 : 403,
        patch: write,
        import: write,
        me: u === 'expert' ? 200 : 403,
      });
      if (write === 403) {
        expect(await expertCount()).toBe(before.experts);
        expect(await expertEvents()).toBe(before.events);
      }
    }
    expect((await request('GET', '/experts')).status).toBe(401);
  });

  it('shows an expert with a serious credit record as not eligible, with the reason', async () => {
    const created = await c.officer.post('/experts', newExpert('T-BAN-001'));
    const id = created.body.id;
    expect(created.body.eligible).toBe(true);
    const rec = await c.officer.post('/credit-records', {
      subject: { type: 'expert', id },
      kind: 'expert_leak',
      severity: 'serious',
      stage: 'review',
      facts: '评审期间向申报人泄露评审专家名单及评审意见。',
      decisionNo: '百科信〔2026〕9号',
      effectiveFrom: today(),
    });
    expect(rec.status).toBe(201);
    const banned = await c.auditor.get(`/experts/${id}`);
    expect(banned.body).toMatchObject({
      eligible: false,
      eligibilityReason: { zh: expect.stringContaining('不得担任评审专家'), en: expect.any(String) },
    });
    expect(banned.body.ineligibleUntil).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}$|^permanent$/));
    const listed = (await c.officer.get('/experts?q=T-BAN-001')).body.items[0];
    expect(listed.eligible).toBe(false);
    // Others are unaffected.
    expect((await c.officer.get('/experts?q=T-DUP-001')).body.items[0].eligible).toBe(true);
  });
});
