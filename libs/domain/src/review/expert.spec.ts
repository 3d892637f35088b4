import {
  applyExpertPatch,
  assertExpertNotRegistered,
  assertExpertRefFree,
  assertUsernameFree,
  decodeSheetText,
  duplicateExpertRef,
  duplicateUsername,
  repeatedImportRow,
  unknownExpertId,
  unknownExpertInstitution,
  EXPERT_COLUMNS,
  expertColumnHeader,
  expertColumnOf,
  expertInputSchema,
  expertOrganisationKey,
  expertPatchSchema,
  expertRecordSchema,
  expertToRow,
  formatCsv,
  keyFieldCode,
  parseCsv,
  parseExpertRow,
  readExpertSheet,
  SheetRow,
} from './expert';
import { KEY_FIELD_CODES } from '../kernel/reference-data';
import { caught, HAN } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';

const INSTITUTION = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02';

const valid = {
  externalRef: 'BS-EXP-001',
  name: '黄志强',
  title: '教授',
  organisation: '百色学院',
  institutionId: INSTITUTION,
  keyFields: ['eco_aluminium'],
  keywords: ['赤泥', '氧化铝'],
  region: '广西百色',
};

function pathsOf(fn: () => unknown): string[] {
  return caught(fn).fields.map((f) => f.path);
}

function sheet(...rows: string[][]): SheetRow[] {
  return rows.map((cells, i) => ({ row: i + 1, cells }));
}

describe('expertInputSchema', () => {
  it('applies the defaults: available, load cap 20, no relations', () => {
    const e = parseOrThrow(expertInputSchema, valid);
    expect(e).toMatchObject({
      finance: false,
      available: true,
      loadCap: 20,
      relations: [],
      declaredConflicts: [],
    });
  });

  it('reports every bad field at its path, in Chinese and English', () => {
    const err = caught(() =>
      parseOrThrow(expertInputSchema, {
        ...valid,
        name: '',
        keyFields: ['eco_aluminium', 'mining'],
        loadCap: 0,
        email: 'not-an-email',
        relations: [{ kind: 'coauthor' }],
        account: { username: 'hzq', password: 'short' },
      }),
    );
    expect(err.code).toBe('validation_failed');
    expect(err.fields.map((f) => f.path).sort()).toEqual(
      ['name', 'keyFields.1', 'loadCap', 'email', 'relations.0.personId', 'account.password'].sort(),
    );
    for (const f of err.fields) {
      expect(f.message.zh).toMatch(HAN);
      expect(f.message.en).toMatch(/[a-z]/);
    }
  });

  it('needs a key field unless the expert is a finance expert', () => {
    expect(pathsOf(() => parseOrThrow(expertInputSchema, { ...valid, keyFields: [] }))).toEqual([
      'keyFields',
    ]);
    expect(parseOrThrow(expertInputSchema, { ...valid, keyFields: [], finance: true }).finance).toBe(true);
  });

  it('drops repeated key fields and keywords', () => {
    const e = parseOrThrow(expertInputSchema, {
      ...valid,
      keyFields: ['eco_aluminium', 'eco_aluminium'],
      keywords: ['赤泥', ' 赤泥 '],
    });
    expect(e.keyFields).toEqual(['eco_aluminium']);
    expect(e.keywords).toEqual(['赤泥']);
  });

  it('refuses unknown fields (a typo is not silently ignored)', () => {
    expect(pathsOf(() => parseOrThrow(expertInputSchema, { ...valid, loadcap: 3 }))).toEqual(['(root)']);
  });

  it('checks the login it creates', () => {
    expect(
      pathsOf(() =>
        parseOrThrow(expertInputSchema, { ...valid, account: { username: 'a b', password: '12345678' } }),
      ),
    ).toEqual(['account.username']);
    expect(
      parseOrThrow(expertInputSchema, { ...valid, account: { username: 'huang.zq', password: '12345678' } })
        .account,
    ).toEqual({ username: 'huang.zq', password: '12345678' });
  });
});

describe('expertPatchSchema and applyExpertPatch', () => {
  it('takes any subset, null clearing an optional field', () => {
    const patch = parseOrThrow(expertPatchSchema, { available: false, loadCap: 5, phone: null });
    const current = parseOrThrow(expertRecordSchema, { ...valid, phone: '0776-2848000' });
    const next = parseOrThrow(expertRecordSchema, applyExpertPatch(current, patch));
    expect(next).toMatchObject({ available: false, loadCap: 5, name: '黄志强' });
    expect(next.phone).toBeUndefined();
  });

  it('refuses an empty patch and bad values at their paths', () => {
    expect(pathsOf(() => parseOrThrow(expertPatchSchema, {}))).toEqual(['(root)']);
    expect(pathsOf(() => parseOrThrow(expertPatchSchema, { loadCap: -1, keyFields: ['x'] })).sort()).toEqual([
      'keyFields.0',
      'loadCap',
    ]);
  });
});

describe('expertOrganisationKey', () => {
  it('is the institution id when registered, else the name', () => {
    expect(expertOrganisationKey({ institutionId: INSTITUTION, organisation: '百色学院' })).toBe(INSTITUTION);
    expect(expertOrganisationKey({ organisation: ' 广西大学 ' })).toBe('name:广西大学');
    expect(expertOrganisationKey({ institutionId: null, organisation: '中南大学' })).toBe('name:中南大学');
  });
});

describe('sheet header', () => {
  it('recognises Chinese and English headers, with hints and full-width characters', () => {
    expect(expertColumnOf('姓名')).toBe('name');
    expect(expertColumnOf(' Name ')).toBe('name');
    expect(expertColumnOf('财务专家（是/否）')).toBe('finance');
    expect(expertColumnOf('externalRef')).toBe('externalRef');
    expect(expertColumnOf('专家库编号')).toBe('externalRef');
    expect(expertColumnOf('单位ID')).toBe('institutionId');
    expect(expertColumnOf('单位')).toBe('organisation');
    expect(expertColumnOf('load_cap')).toBe('loadCap');
    expect(expertColumnOf('备注')).toBeNull();
    for (const c of EXPERT_COLUMNS) expect(expertColumnOf(expertColumnHeader(c.key))).toBe(c.key);
  });

  it('finds the header below a title row and keeps the sheet’s row numbers', () => {
    const s = readExpertSheet(
      sheet(
        ['百色市科技专家库名单（2026年）'],
        ['编号', '姓名', '职称', '单位', '领域', '地区', '备注'],
        ['E1', '黄志强', '教授', '百色学院', '生态铝', '广西百色', '无'],
        ['', '', '', '', '', '', ''],
        ['E2', '韦丽', '研究员', '广西大学', '新材料', '广西南宁', ''],
      ),
    );
    expect(s.headerRow).toBe(2);
    expect(s.records.map((r) => r.row)).toEqual([3, 5]);
    expect(s.records[0].cells).toEqual({
      externalRef: 'E1',
      name: '黄志强',
      title: '教授',
      organisation: '百色学院',
      keyFields: '生态铝',
      region: '广西百色',
    });
  });

  it('refuses a file with no recognisable header or with a needed column missing', () => {
    expect(caught(() => readExpertSheet(sheet(['a', 'b'], ['1', '2']))).fields[0].path).toBe('file');
    expect(pathsOf(() => readExpertSheet(sheet(['姓名', '职称', '单位', '领域'], ['x'])))).toEqual([
      'header.region',
      'header.externalRef',
    ]);
    expect(
      pathsOf(() => readExpertSheet(sheet(['编号', '姓名', 'name', '职称', '单位', '领域', '地区']))),
    ).toEqual(['header.name']);
  });
});

describe('parseExpertRow', () => {
  const row = {
    externalRef: 'E1',
    name: '黄志强',
    title: '教授',
    organisation: '百色学院',
    keyFields: '生态铝；新材料、green_chemicals',
    keywords: '赤泥、氧化铝;电解铝',
    region: '广西百色',
    finance: '是',
    available: '否',
    loadCap: '8',
    phone: '0776-2848000',
    email: 'hzq@example.cn',
  };

  it('reads Chinese names, 是/否 and lists split on ; ； 、', () => {
    const r = parseExpertRow(row);
    expect(r).toEqual({
      ok: true,
      id: undefined,
      record: expect.objectContaining({
        externalRef: 'E1',
        keyFields: ['eco_aluminium', 'new_materials', 'green_chemicals'],
        keywords: ['赤泥', '氧化铝', '电解铝'],
        finance: true,
        available: false,
        loadCap: 8,
      }),
    });
  });

  it('reads true/false and applies defaults for empty cells', () => {
    const r = parseExpertRow({ ...row, finance: 'FALSE', available: '', loadCap: ' ' });
    expect(r.ok && r.record).toMatchObject({ finance: false, available: true, loadCap: 20 });
    const yes = parseExpertRow({ ...row, finance: 'true' });
    expect(yes.ok && yes.record.finance).toBe(true);
  });

  it('reports every problem of the row at its path, nothing accepted', () => {
    const r = parseExpertRow({
      ...row,
      name: '',
      keyFields: '生态铝、采矿',
      finance: '也许',
      loadCap: '十',
      email: 'x@',
      institutionId: 'not-a-uuid',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      ['name', 'keyFields.1', 'finance', 'loadCap', 'email', 'institutionId'].sort(),
    );
    expect(byPath.name).toEqual({ zh: '必填字段', en: 'Required' });
    expect(byPath['keyFields.1'].zh).toContain('未知的重点产业领域“采矿”');
    expect(byPath['keyFields.1'].zh).toContain('生态铝');
    expect(byPath['keyFields.1'].en).toContain('eco_aluminium');
    expect(byPath.finance.zh).toContain('“是”或“否”');
  });

  it('needs the pool number unless the row carries the exported id', () => {
    const r = parseExpertRow({ ...row, externalRef: '' });
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(['externalRef']);
    const id = '7d4f1a2b-6c3e-4b5a-8f9d-0e1c2b3a4d5f';
    const byId = parseExpertRow({ ...row, externalRef: '', id });
    expect(byId.ok && byId.id).toBe(id);
  });

  it('says the non-finance rule at keyFields, once', () => {
    const r = parseExpertRow({ ...row, finance: '否', keyFields: '' });
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(['keyFields']);
  });

  it('maps every key field by code and by Chinese name', () => {
    for (const code of KEY_FIELD_CODES) expect(keyFieldCode(code)).toBe(code);
    expect(keyFieldCode('现代特色农林')).toBe('modern_agriculture_forestry');
    expect(keyFieldCode('ECO_ALUMINIUM')).toBe('eco_aluminium');
    expect(keyFieldCode('铝')).toBeNull();
  });
});

describe('CSV', () => {
  it('parses quotes, doubled quotes, line breaks in cells and CRLF', () => {
    const rows = parseCsv('a,"b,1","say ""hi"""\r\n"multi\nline",,x\r\nlast,row,\n');
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b,1', 'say "hi"'] },
      { row: 2, cells: ['multi\nline', '', 'x'] },
      { row: 3, cells: ['last', 'row', ''] },
    ]);
  });

  it('reads tab-separated text too', () => {
    expect(parseCsv('编号\t姓名\nE1\t黄志强').map((r) => r.cells)).toEqual([
      ['编号', '姓名'],
      ['E1', '黄志强'],
    ]);
  });

  it('refuses an unclosed quote', () => {
    expect(caught(() => parseCsv('a,b\n"c,d\n')).message).toContain('row 2');
  });

  it('decodes UTF-8 with and without BOM, UTF-16 and GB18030 (Excel on Chinese Windows)', () => {
    const utf8 = Buffer.from('姓名,职称', 'utf8');
    expect(decodeSheetText(utf8)).toBe('姓名,职称');
    expect(decodeSheetText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))).toBe('姓名,职称');
    expect(decodeSheetText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名', 'utf16le')]))).toBe(
      '姓名',
    );
    // 姓名 in GBK
    expect(decodeSheetText(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]))).toBe('姓名');
  });

  it('round-trips an exported expert, formula-like cells guarded', () => {
    const view = {
      id: '7d4f1a2b-6c3e-4b5a-8f9d-0e1c2b3a4d5f',
      externalRef: 'E1',
      name: '黄志强',
      title: '教授',
      organisation: '百色学院, 材料学院',
      institutionId: INSTITUTION,
      keyFields: ['eco_aluminium', 'new_materials'],
      keywords: ['赤泥', '"高纯"铝'],
      region: '广西百色',
      finance: false,
      available: true,
      loadCap: 12,
      phone: '+86 776 2848000',
      email: null,
    };
    const cells = expertToRow(view);
    expect(cells.keyFields).toBe('生态铝、新材料');
    const text = formatCsv([EXPERT_COLUMNS.map((c) => c.zh), EXPERT_COLUMNS.map((c) => cells[c.key])]);
    expect(text).toContain(`,'+86 776 2848000,`);
    const s = readExpertSheet(parseCsv(text));
    const r = parseExpertRow(s.records[0].cells);
    expect(r).toEqual({
      ok: true,
      id: view.id,
      record: {
        externalRef: 'E1',
        name: '黄志强',
        title: '教授',
        organisation: '百色学院, 材料学院',
        institutionId: INSTITUTION,
        keyFields: ['eco_aluminium', 'new_materials'],
        keywords: ['赤泥', '"高纯"铝'],
        region: '广西百色',
        finance: false,
        available: true,
        loadCap: 12,
        relations: [],
        declaredConflicts: [],
        phone: '+86 776 2848000',
      },
    });
  });
});

describe('expert pool refusals (expert.rules)', () => {
  it('registers once, keeps pool numbers unique, names the field of each refusal', () => {
    expect(() => assertExpertNotRegistered(false)).not.toThrow();
    expect(caught(() => assertExpertNotRegistered(true)).code).toBe('conflict');
    expect(() => assertExpertRefFree('R-1', null)).not.toThrow();
    expect(() => assertExpertRefFree('R-1', 'e1', 'e1')).not.toThrow();
    expect(() => assertExpertRefFree(undefined, 'e2', 'e1')).not.toThrow();
    const taken = caught(() => assertExpertRefFree('R-1', 'e2', 'e1'));
    expect(taken).toMatchObject({ code: 'conflict', fields: [{ path: 'externalRef' }] });
    expect(taken.bilingual.zh).toContain('R-1');
    expect(duplicateExpertRef('R-2').fields[0].path).toBe('externalRef');
    expect(duplicateUsername('zhang').fields[0].path).toBe('account.username');
    // A retried registration finds its own account under the username, not someone else's.
    expect(() => assertUsernameFree('zhang', null, 'u1')).not.toThrow();
    expect(() => assertUsernameFree('zhang', 'u1', 'u1')).not.toThrow();
    expect(caught(() => assertUsernameFree('zhang', 'u2', 'u1'))).toMatchObject({
      code: 'conflict',
      fields: [{ path: 'account.username' }],
    });
    expect(unknownExpertInstitution()).toMatchObject({
      code: 'validation_failed',
      fields: [{ path: 'institutionId' }],
    });
    expect(unknownExpertId().fields[0].path).toBe('id');
    expect(repeatedImportRow(3, true).fields[0]).toMatchObject({ path: 'id' });
    expect(repeatedImportRow(3, false).fields[0].message.zh).toContain('第 3 行');
  });
});
