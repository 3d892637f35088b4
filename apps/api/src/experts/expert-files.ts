import * as ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import {
  decodeSheetText,
  DomainError,
  EXPERT_COLUMNS,
  ExpertColumn,
  formatCsv,
  parseCsv,
  SheetRow,
} from '@kjflow/domain';

/** An import file may not be larger than this. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Media types an import may declare. The content decides how it is read (a zip is .xlsx, else
 * CSV text), so a CSV that a browser labels `application/vnd.ms-excel` (Windows with Excel
 * installed does) or `application/octet-stream` is read all the same.
 */
const IMPORT_MEDIA_TYPES =
  /^(text\/csv|application\/(vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|vnd\.ms-excel|octet-stream))(;.*)?$/i;

function bad(message: { zh: string; en: string }): DomainError {
  return new DomainError('validation_failed', message, [{ path: 'file', message }]);
}

export function assertImportMediaType(contentType: string | undefined): void {
  if (contentType && IMPORT_MEDIA_TYPES.test(contentType)) return;
  const message = {
    zh: `请以 CSV（text/csv）或 Excel（${XLSX_MEDIA_TYPE}）文件内容作为请求体上传`,
    en: `Send the file as the request body, as CSV (text/csv) or Excel (${XLSX_MEDIA_TYPE})`,
  };
  throw new DomainError('unsupported_media_type', message, [{ path: 'file', message }]);
}

/**
 * The whole body, at most `maxBytes`. A larger one is read to its end and refused, so the client
 * gets the answer instead of a reset connection.
 */
export async function readBody(body: Readable, maxBytes = IMPORT_MAX_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) {
    const message = {
      zh: `导入文件不能超过 ${maxBytes / 1024 / 1024} MB`,
      en: `An import file may not exceed ${maxBytes / 1024 / 1024} MB`,
    };
    throw new DomainError('payload_too_large', message, [{ path: 'file', message }]);
  }
  if (size === 0) throw bad({ zh: '文件为空', en: 'The file is empty' });
  return Buffer.concat(chunks);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

/** The rows of an uploaded sheet: .xlsx (first worksheet with content) or CSV text. */
export async function readSheetRows(file: Buffer): Promise<{ format: 'csv' | 'xlsx'; rows: SheetRow[] }> {
  if (startsWith(file, OLE))
    throw bad({
      zh: '不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV（UTF-8）后上传',
      en: 'Old Excel files (.xls) are not supported: save as .xlsx or CSV (UTF-8) and upload that',
    });
  if (!startsWith(file, ZIP)) return { format: 'csv', rows: parseCsv(decodeSheetText(file)) };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw bad({
      zh: '无法读取该 Excel 文件，请确认是 .xlsx 格式且未加密',
      en: 'The Excel file cannot be read: it must be an unencrypted .xlsx workbook',
    });
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw bad({ zh: '工作簿中没有内容', en: 'The workbook has no content' });
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push({ row: number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return { format: 'xlsx', rows };
}

/** A cell's value as the text the user sees (rich text, links and formula results included). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value)
    return typeof value.text === 'string' ? value.text : cellText(value.text as never);
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  return '';
}

const HEADER = EXPERT_COLUMNS.map((c) => c.zh);
const KEYS = EXPERT_COLUMNS.map((c) => c.key);

/** CSV in UTF-8 with a BOM, so Excel shows the Chinese text correctly. */
export function expertsCsv(rows: Array<Record<ExpertColumn, string>>): Buffer {
  const text = formatCsv([HEADER, ...rows.map((r) => KEYS.map((k) => r[k]))]);
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

const WIDTHS: Partial<Record<ExpertColumn, number>> = {
  externalRef: 14,
  organisation: 28,
  institutionId: 38,
  keyFields: 24,
  keywords: 28,
  region: 12,
  phone: 16,
  email: 24,
  id: 38,
};

/** One worksheet 专家库, the import's columns, every cell text but the load cap. */
export async function expertsXlsx(rows: Array<Record<ExpertColumn, string>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'kjflow';
  const sheet = workbook.addWorksheet('专家库', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPERT_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: WIDTHS[c.key] ?? 10 }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow({ ...r, loadCap: Number(r.loadCap) });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
