import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface SheetSpec {
  name: string;
  columns: Array<{ header: string; key: string; width: number }>;
  rows: Array<Record<string, string | number | null>>;
}

/** A workbook of `sheets`, each with its bilingual headers, as the bytes of an .xlsx file. */
export async function workbook(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.columns = s.columns;
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Answers with an .xlsx file as a download named `fileName`. */
export function sendXlsx(res: FastifyReply, fileName: string, file: Buffer) {
  return res
    .header('content-type', XLSX_MEDIA_TYPE)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(file);
}
