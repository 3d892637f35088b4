import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** What a reader of the PDF sees, whitespace removed (wrapping is layout), via tools/pdf-text.mjs. */
export function pdfText(pdf: Buffer): string {
  const out = execFileSync(process.execPath, [path.resolve(__dirname, '../../tools/pdf-text.mjs')], {
    input: pdf,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(out) as string[]).join('\n').replace(/\s+/g, '');
}
