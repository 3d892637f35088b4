import { z } from 'zod';
import { declaredConflictSchema, relationSchema } from './conflict-of-interest';
import { Bilingual, bilingualSchema, DomainError, FieldMessage } from '../kernel/messages';
import { KEY_FIELDS, keyFieldSchema } from '../kernel/reference-data';
import { bilingual, fieldMessages } from '../kernel/validation';
import { organisationKey } from './review-round';
import { pageQuerySchema, searchTextSchema } from '../kernel/page';
export * from './expert.rules';

/**
 * The expert pool (专家库, RULES §5): registered reviewers with their key fields, organisation,
 * relations and declared conflicts, the finance flag panels need, availability and a per-round
 * load cap. Officers register experts one by one or import a spreadsheet (CSV or .xlsx) whose
 * rows are keyed by the pool number (编号, `externalRef`), so a re-import updates instead of
 * duplicating. Pure: parsing, validation and the sheet's text format; the API does the I/O.
 */

// ---------------------------------------------------------------------------------------------
// Fields

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

const uniqueList = <T>(items: T[]) => [...new Set(items)];

/** One key field per entry, each once (a repeated one is dropped, not an error). */
const keyFieldsSchema = z
  .array(keyFieldSchema)
  .max(KEY_FIELDS.length)
  .transform(uniqueList)
  .describe('Key fields (重点产业领域) the expert reviews, by code');

const keywordsSchema = z
  .array(text(1, 50))
  .max(50)
  .transform(uniqueList)
  .describe('Subject keywords, matched against application texts when experts are drawn');

const externalRefSchema = text(1, 64).describe(
  'The pool number (专家库编号); unique, the key of spreadsheet imports',
);

const expertFields = {
  externalRef: externalRefSchema.optional(),
  name: text(2, 50).describe('姓名'),
  title: text(1, 50).describe('职称, e.g. 教授, 正高级工程师'),
  organisation: text(2, 200).describe('The organisation’s name (工作单位)'),
  institutionId: z
    .uuid()
    .optional()
    .describe(
      'The organisation’s id when it is registered as an institution; conflict rules then compare ids',
    ),
  keyFields: keyFieldsSchema.default([]),
  keywords: keywordsSchema.default([]),
  region: text(2, 100).describe('Where the expert works, e.g. 广西百色'),
  finance: z.boolean().default(false).describe('A finance / budget expert (财务专家)'),
  available: z.boolean().default(true).describe('Drawn for new rounds (false: on leave, retired, removed)'),
  loadCap: z.number().int().min(1).max(500).default(20).describe('Most applications per review round'),
  relations: z.array(relationSchema).max(500).default([]),
  declaredConflicts: z.array(declaredConflictSchema).max(500).default([]),
  phone: z
    .string()
    .trim()
    .regex(
      /^\+?[0-9][0-9 ()-]{4,29}$/,
      bilingual({ zh: '电话号码格式不正确', en: 'Not a valid phone number' }),
    )
    .optional(),
  email: z.email().max(200).optional(),
};

type Ctx = z.RefinementCtx;

/** Cross-field rules of an expert record. */
function checkExpert(e: { finance: boolean; keyFields: string[] }, ctx: Ctx): void {
  if (!e.finance && e.keyFields.length === 0) {
    ctx.addIssue({
      code: 'custom',
      input: e.keyFields,
      ...bilingual(
        {
          zh: '非财务专家须至少填写一个重点产业领域',
          en: 'An expert who is not a finance expert needs at least one key field',
        },
        ['keyFields'],
      ),
    });
  }
}

/** A login for the expert (role `expert`), created with the record. */
export const expertAccountSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/,
      bilingual({
        zh: '用户名为 3–64 位字母、数字、点、下划线或连字符',
        en: 'A username has 3–64 letters, digits, dots, underscores or hyphens',
      }),
    ),
  password: z.string().min(8).max(200).describe('At least 8 characters; stored as a bcrypt hash'),
});

/** An expert's data without the login: what is stored, seeded and re-validated on every change. */
export const expertRecordSchema = z.strictObject(expertFields).superRefine(checkExpert);
export type ExpertRecord = z.output<typeof expertRecordSchema>;
export type ExpertRecordInput = z.input<typeof expertRecordSchema>;

/** POST /experts. */
export const expertInputSchema = z
  .strictObject({ ...expertFields, account: expertAccountSchema.optional() })
  .superRefine(checkExpert);
export type ExpertInput = z.output<typeof expertInputSchema>;

/** PATCH /experts/:id: any subset; `null` clears an optional field. */
export const expertPatchSchema = z
  .strictObject({
    externalRef: externalRefSchema.nullable(),
    name: expertFields.name,
    title: expertFields.title,
    organisation: expertFields.organisation,
    institutionId: z.uuid().nullable(),
    keyFields: keyFieldsSchema,
    keywords: keywordsSchema,
    region: expertFields.region,
    finance: z.boolean(),
    available: z.boolean(),
    loadCap: z.number().int().min(1).max(500),
    relations: z.array(relationSchema).max(500),
    declaredConflicts: z.array(declaredConflictSchema).max(500),
    phone: expertFields.phone.unwrap().nullable(),
    email: z.email().max(200).nullable(),
  })
  .partial()
  .refine(
    (p) => Object.keys(p).length > 0,
    bilingual({ zh: '至少修改一个字段', en: 'Change at least one field' }),
  );
export type ExpertPatch = z.output<typeof expertPatchSchema>;

/**
 * What conflict rules compare (RULES §5 same-unit recusal): the registered institution's id, else
 * `name:<organisation>`, so two experts of one unregistered organisation still count as one unit.
 */
export function expertOrganisationKey(e: { institutionId?: string | null; organisation: string }): string {
  return organisationKey({ institutionId: e.institutionId, name: e.organisation });
}

/** A record with an update applied (`null` clears), as the next stored record. */
export function applyExpertPatch(current: ExpertRecordInput, patch: ExpertPatch): ExpertRecordInput {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next as ExpertRecordInput;
}

// ---------------------------------------------------------------------------------------------
// View

export const expertViewSchema = z.object({
  id: z.uuid(),
  externalRef: z.string().nullable(),
  name: z.string(),
  title: z.string(),
  organisation: z.string(),
  institutionId: z.uuid().nullable(),
  organisationKey: z
    .string()
    .describe('What conflict rules compare: the institution id, else name:<organisation>'),
  keyFields: z.array(z.string()),
  keywords: z.array(z.string()),
  region: z.string(),
  finance: z.boolean(),
  available: z.boolean(),
  loadCap: z.number().int(),
  relations: z.array(relationSchema),
  declaredConflicts: z.array(declaredConflictSchema),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  userId: z.uuid().nullable().describe('The expert’s login, when there is one'),
  eligible: z.boolean().describe('May serve as a review expert under the credit rules (信用)'),
  eligibilityReason: bilingualSchema
    .nullable()
    .describe('Why not, from the credit rating; null when eligible'),
  ineligibleUntil: z
    .string()
    .nullable()
    .describe('When the credit ban ends (YYYY-MM-DD, free on that date), "permanent", or null'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExpertView = z.infer<typeof expertViewSchema>;

/** The pool's filters, paged like every list. */
export const expertListQuerySchema = pageQuerySchema.extend({
  keyField: keyFieldSchema.optional(),
  available: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  finance: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: searchTextSchema('the name, number, title, organisation or a keyword'),
});
export type ExpertListQuery = z.output<typeof expertListQuerySchema>;

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const expertExportQuerySchema = z.object({ format: z.enum(EXPORT_FORMATS).default('xlsx') });

export const expertImportReportSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  rows: z.number().int().describe('Data rows read (blank rows skipped)'),
  imported: z.number().int().describe('New experts'),
  updated: z
    .number()
    .int()
    .describe('Existing experts matched by 编号 or 系统ID (written only where something changed)'),
  failed: z.array(
    z.object({
      row: z.number().int().describe('The row number in the sheet (the header row is row 1)'),
      externalRef: z.string().nullable(),
      errors: z.array(
        z.object({
          path: z.string(),
          column: z.string().nullable().describe('The column as headed in the file'),
          message: bilingualSchema,
        }),
      ),
    }),
  ),
});
export type ExpertImportReport = z.infer<typeof expertImportReportSchema>;

// ---------------------------------------------------------------------------------------------
// Spreadsheet rows (import and export share the columns, so an export re-imports cleanly)

export const EXPERT_COLUMNS = [
  { key: 'externalRef', zh: '编号', aliases: ['专家库编号', '专家编号', 'external_ref', 'ref'] },
  { key: 'name', zh: '姓名', aliases: ['专家姓名'] },
  { key: 'title', zh: '职称', aliases: [] },
  { key: 'organisation', zh: '单位', aliases: ['工作单位', '所在单位', 'organization'] },
  { key: 'institutionId', zh: '单位ID', aliases: ['单位编号', 'institution_id'] },
  { key: 'keyFields', zh: '领域', aliases: ['重点产业领域', '专业领域', 'key_fields', 'fields'] },
  { key: 'keywords', zh: '关键词', aliases: ['研究方向'] },
  { key: 'region', zh: '地区', aliases: ['所在地区', '地域'] },
  { key: 'finance', zh: '财务专家', aliases: ['是否财务专家'] },
  { key: 'available', zh: '可用', aliases: ['是否可用', '状态可用'] },
  { key: 'loadCap', zh: '每轮上限', aliases: ['评审上限', 'load_cap'] },
  { key: 'phone', zh: '电话', aliases: ['联系电话', '手机', '手机号码', 'mobile'] },
  { key: 'email', zh: '邮箱', aliases: ['电子邮箱', '电子邮件', 'e-mail', 'mail'] },
  { key: 'id', zh: '系统ID', aliases: ['系统编号', 'expert_id'] },
] as const;
export type ExpertColumn = (typeof EXPERT_COLUMNS)[number]['key'];
export type ExpertRowCells = Partial<Record<ExpertColumn, string>>;

/** Columns every import needs; besides, `编号` or `系统ID` names the expert. */
export const REQUIRED_EXPERT_COLUMNS: readonly ExpertColumn[] = [
  'name',
  'title',
  'organisation',
  'keyFields',
  'region',
];

/** The header text of a column in exports: `姓名`. */
export function expertColumnHeader(key: ExpertColumn): string {
  return EXPERT_COLUMNS.find((c) => c.key === key)!.zh;
}

/** Full-width to half-width, no spaces, no "(是/否)" hint, lower case, no `_`/`-`. */
function normaliseHeader(cell: string): string {
  return cell
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\(.*\)$/, '')
    .toLowerCase()
    .replace(/[_-]/g, '');
}

const HEADER_INDEX = new Map<string, ExpertColumn>(
  EXPERT_COLUMNS.flatMap((c) =>
    [c.zh, c.key, ...c.aliases].map((h) => [normaliseHeader(h), c.key] as [string, ExpertColumn]),
  ),
);

/** Which column a header cell names, in Chinese or English (`姓名`, `name`, `财务专家（是/否）`). */
export function expertColumnOf(header: string): ExpertColumn | null {
  return HEADER_INDEX.get(normaliseHeader(header)) ?? null;
}

/** One row of a sheet: its number as the user sees it (1-based) and its cells as text. */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface ExpertSheet {
  headerRow: number;
  /** Column index → field, for the recognised columns. */
  columns: Map<number, ExpertColumn>;
  /** Field → the header as written in the file. */
  headers: Map<ExpertColumn, string>;
  records: Array<{ row: number; cells: ExpertRowCells }>;
}

const HEADER_SEARCH_ROWS = 10;

function unreadable(message: Bilingual, fields: FieldMessage[] = []): DomainError {
  return new DomainError('validation_failed', message, fields.length ? fields : [{ path: 'file', message }]);
}

/**
 * Finds the header (the row among the first ten naming the most known columns, so a title row
 * above it is fine), maps the columns and returns the non-blank data rows below it. Throws a 400
 * when no header is recognisable or a needed column is missing.
 */
export function readExpertSheet(rows: SheetRow[]): ExpertSheet {
  let found: { index: number; columns: Map<number, ExpertColumn> } | null = null;
  for (const [index, r] of rows.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const columns = new Map<number, ExpertColumn>();
    r.cells.forEach((cell, i) => {
      const key = expertColumnOf(cell);
      if (key) columns.set(i, key);
    });
    if (columns.size > (found?.columns.size ?? 0)) found = { index, columns };
  }
  if (!found || found.columns.size < 2) {
    throw unreadable({
      zh: `未找到表头：前 ${HEADER_SEARCH_ROWS} 行中没有可识别的列名（如 编号、姓名、职称、单位、领域、地区）`,
      en: `No header found: none of the first ${HEADER_SEARCH_ROWS} rows names known columns (e.g. externalRef, name, title, organisation, keyFields, region)`,
    });
  }
  const header = rows[found.index];
  const headers = new Map<ExpertColumn, string>();
  const fields: FieldMessage[] = [];
  for (const [i, key] of found.columns) {
    if (headers.has(key)) {
      fields.push({
        path: `header.${key}`,
        message: {
          zh: `列“${header.cells[i]}”与“${headers.get(key)}”重复`,
          en: `Column “${header.cells[i]}” repeats “${headers.get(key)}”`,
        },
      });
    } else headers.set(key, header.cells[i].trim());
  }
  for (const key of REQUIRED_EXPERT_COLUMNS)
    if (!headers.has(key))
      fields.push({
        path: `header.${key}`,
        message: { zh: `缺少“${expertColumnHeader(key)}”列`, en: `The “${key}” column is missing` },
      });
  if (!headers.has('externalRef') && !headers.has('id'))
    fields.push({
      path: 'header.externalRef',
      message: {
        zh: '缺少“编号”列（或导出文件中的“系统ID”列），导入以此识别专家',
        en: 'The “externalRef” column (or the exported “id” column) is missing: imports match experts by it',
      },
    });
  if (fields.length)
    throw unreadable(
      { zh: `表头（第 ${header.row} 行）有误`, en: `The header (row ${header.row}) is invalid` },
      fields,
    );

  const records = rows
    .slice(found.index + 1)
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => {
      const cells: ExpertRowCells = {};
      for (const [i, key] of found.columns) if (!(key in cells)) cells[key] = r.cells[i] ?? '';
      return { row: r.row, cells };
    });
  return { headerRow: header.row, columns: found.columns, headers, records };
}

const LIST_SEPARATORS = /[;；、,，\n]+/;

function splitList(s: string): string[] {
  return s
    .split(LIST_SEPARATORS)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** A key field by code (`eco_aluminium`) or Chinese name (`生态铝`). */
export function keyFieldCode(token: string): string | null {
  const t = token.normalize('NFKC').trim();
  const found = KEY_FIELDS.find((f) => f.code === t.toLowerCase() || f.zh === t);
  return found?.code ?? null;
}

const KEY_FIELD_CHOICES = {
  zh: KEY_FIELDS.map((f) => f.zh).join('、'),
  en: KEY_FIELDS.map((f) => f.code).join(', '),
};

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×']);

function addCellIssue(ctx: Ctx, input: unknown, message: Bilingual, path: (string | number)[] = []): void {
  ctx.addIssue({ code: 'custom', input, ...bilingual(message, path) });
}

const yesNoCell = z.string().transform((s, ctx) => {
  const v = s.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  addCellIssue(ctx, s, { zh: `“${s}”应填“是”或“否”`, en: `“${s}” should be yes or no (是/否)` });
  return z.NEVER;
});

const keyFieldsCell = z.string().transform((s, ctx) => {
  const out: string[] = [];
  splitList(s).forEach((token, i) => {
    const code = keyFieldCode(token);
    if (code) out.push(code);
    else
      addCellIssue(
        ctx,
        token,
        {
          zh: `未知的重点产业领域“${token}”（可填：${KEY_FIELD_CHOICES.zh}）`,
          en: `Unknown key field “${token}” (use one of: ${KEY_FIELD_CHOICES.en})`,
        },
        [i],
      );
  });
  return out;
});

const loadCapCell = z.string().transform((s, ctx) => {
  const v = s.trim();
  if (/^\d+$/.test(v)) return Number(v);
  addCellIssue(ctx, s, { zh: `“${s}”不是正整数`, en: `“${s}” is not a whole number` });
  return z.NEVER;
});

/**
 * A sheet row, all cells text, as typed values: lists split on ; 、 , (full- or half-width), key
 * fields by code or Chinese name, 是/否 or true/false, whole numbers. The typed row then passes
 * {@link expertRecordSchema}, so a row and a POST are validated alike.
 */
export const expertRowSchema = z.object({
  id: z.uuid().optional().describe('系统ID: the expert’s id, as exported'),
  externalRef: z.string().optional().describe('编号'),
  name: z.string().optional().describe('姓名'),
  title: z.string().optional().describe('职称'),
  organisation: z.string().optional().describe('单位'),
  institutionId: z.string().optional().describe('单位ID'),
  keyFields: keyFieldsCell.optional().describe('领域, e.g. 生态铝、新材料 or eco_aluminium;new_materials'),
  keywords: z.string().transform(splitList).optional().describe('关键词, separated by 、 or ;'),
  region: z.string().optional().describe('地区'),
  finance: yesNoCell.optional().describe('财务专家: 是/否'),
  available: yesNoCell.optional().describe('可用: 是/否'),
  loadCap: loadCapCell.optional().describe('每轮上限'),
  phone: z.string().optional().describe('电话'),
  email: z.string().optional().describe('邮箱'),
});

export type ExpertRowResult =
  { ok: true; id: string | undefined; record: ExpertRecord } | { ok: false; errors: FieldMessage[] };

/** A CSV export guards formula-like cells with a leading `'`; an import removes it again. */
function cellText(raw: string): string {
  const t = raw.trim();
  return /^'[=+\-@]/.test(t) ? t.slice(1) : t;
}

/**
 * One row, validated whole before anything is written: every problem of the row is reported at
 * its field's path (`keyFields.1`, `finance`), in Chinese and English. An empty cell is a value
 * not given, so defaults apply (可用 → 是, 每轮上限 → 20).
 */
export function parseExpertRow(cells: ExpertRowCells): ExpertRowResult {
  const errors: FieldMessage[] = [];
  const failed = new Set<string>();
  const typed: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(cells) as Array<[ExpertColumn, string | undefined]>) {
    const value = cellText(raw ?? '');
    if (value === '') continue;
    const parsed = expertRowSchema.shape[key].safeParse(value, { reportInput: true });
    if (parsed.success) typed[key] = parsed.data;
    else {
      failed.add(key);
      for (const f of fieldMessages(parsed.error, value))
        errors.push({ ...f, path: f.path === '(root)' ? key : `${key}.${f.path}` });
    }
  }
  const { id, ...record } = typed as { id?: string } & Record<string, unknown>;
  const result = expertRecordSchema.safeParse(record, { reportInput: true });
  if (!result.success)
    // A cell that could not be read is reported once, not again as missing.
    errors.push(...fieldMessages(result.error, record).filter((f) => !failed.has(f.path.split('.')[0])));
  if (id === undefined && record.externalRef === undefined && !failed.has('id'))
    errors.push({
      path: 'externalRef',
      message: {
        zh: '须填写编号：导入以编号识别专家，重复导入时据此更新',
        en: 'The pool number is required: imports match experts by it, so a re-import updates',
      },
    });
  if (errors.length || !result.success) return { ok: false, errors };
  return { ok: true, id, record: result.data };
}

/** The sheet row of an expert, in the import's columns (key fields by Chinese name, 是/否). */
export function expertToRow(e: {
  id: string;
  externalRef: string | null;
  name: string;
  title: string;
  organisation: string;
  institutionId: string | null;
  keyFields: string[];
  keywords: string[];
  region: string;
  finance: boolean;
  available: boolean;
  loadCap: number;
  phone: string | null;
  email: string | null;
}): Record<ExpertColumn, string> {
  const yesNo = (b: boolean) => (b ? '是' : '否');
  return {
    externalRef: e.externalRef ?? '',
    name: e.name,
    title: e.title,
    organisation: e.organisation,
    institutionId: e.institutionId ?? '',
    keyFields: e.keyFields.map((c) => KEY_FIELDS.find((f) => f.code === c)?.zh ?? c).join('、'),
    keywords: e.keywords.join('、'),
    region: e.region,
    finance: yesNo(e.finance),
    available: yesNo(e.available),
    loadCap: String(e.loadCap),
    phone: e.phone ?? '',
    email: e.email ?? '',
    id: e.id,
  };
}

// ---------------------------------------------------------------------------------------------
// Sheet text: CSV (RFC 4180) as Excel writes and reads it

/**
 * The text of an uploaded CSV: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode
 * text"), else GB18030, which is what Excel on Chinese Windows saves as "CSV (逗号分隔)".
 */
export function decodeSheetText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * Records of a CSV text: quoted fields with `""` and line breaks, CRLF / LF / CR line ends.
 * The delimiter is a comma, or a tab when the first line has more tabs than commas.
 * Row numbers are record numbers (a quoted line break stays in its row, as in Excel).
 */
export function parseCsv(input: string): SheetRow[] {
  const firstLine = input.slice(0, input.search(/\r|\n|$/));
  const tabs = firstLine.split('\t').length;
  const commas = firstLine.split(',').length;
  const delimiter = tabs > commas ? '\t' : ',';
  const rows: SheetRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteStartRow = 0;
  const endCell = () => {
    cells.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push({ row: rows.length + 1, cells });
    cells = [];
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (input[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      quoteStartRow = rows.length + 1;
      cell = '';
    } else if (ch === delimiter) endCell();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      endRow();
    } else cell += ch;
  }
  if (quoted)
    throw unreadable({
      zh: `CSV 格式有误：第 ${quoteStartRow} 行的引号没有闭合`,
      en: `Malformed CSV: a quote opened in row ${quoteStartRow} is never closed`,
    });
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

/** Cells Excel would run as a formula (=, +, -, @) get a leading `'`; imports strip it. */
function guardFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** CSV text with CRLF line ends, quoting where needed; prepend a BOM for Excel. */
export function formatCsv(rows: string[][]): string {
  return rows
    .map((r) =>
      r
        .map((raw) => {
          const c = guardFormula(raw);
          return /[",\r\n]|^\s|\s$/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
        })
        .join(','),
    )
    .join('\r\n')
    .concat('\r\n');
}

/** The record as stored, for diffs and events: every field present, null when empty. */
export function comparableExpert(e: ExpertRecordInput): Record<string, unknown> {
  const parsed = expertRecordSchema.parse(e);
  return {
    externalRef: parsed.externalRef ?? null,
    name: parsed.name,
    title: parsed.title,
    organisation: parsed.organisation,
    institutionId: parsed.institutionId ?? null,
    keyFields: parsed.keyFields,
    keywords: parsed.keywords,
    region: parsed.region,
    finance: parsed.finance,
    available: parsed.available,
    loadCap: parsed.loadCap,
    relations: parsed.relations,
    declaredConflicts: parsed.declaredConflicts,
    phone: parsed.phone ?? null,
    email: parsed.email ?? null,
  };
}
