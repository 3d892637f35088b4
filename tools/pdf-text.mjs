// The text a reader of a PDF sees, page by page (pdf.js): PDF on stdin, a JSON array of page
// texts on stdout. A script because pdf.js is ES modules only and the tests run as CommonJS.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import process from 'node:process';
import { Buffer } from 'node:buffer';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const pdf = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const { items } = await (await pdf.getPage(n)).getTextContent();
  pages.push(items.map((i) => i.str + (i.hasEOL ? '\n' : '')).join(''));
}
process.stdout.write(JSON.stringify(pages));
