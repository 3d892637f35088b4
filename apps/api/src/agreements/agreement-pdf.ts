import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { formatYuan, tryParseIsoDuration } from '@kjflow/domain';

/**
 * The printable 任务书: an A4 PDF of the agreement's terms and signatures.
 *
 * Chinese text needs a CJK font embedded in the file, so that it prints the same on any machine
 * (no viewer font substitution). The font is Noto Sans Hans (Noto Sans CJK, Simplified Chinese
 * subset; SIL Open Font License 1.1) shipped as OpenType files by the npm package
 * `@embedpdf/fonts-sc`; pdfkit embeds only the glyphs a document uses (a subset, some tens of kB).
 * The font files are parsed once per process and the parsed fonts are shared by every document.
 */

export interface AgreementPdfInput {
  id: string;
  /** Project title (Chinese). */
  title: string;
  callTitle: string;
  /** Host institution (依托单位) name. */
  institution: string | null;
  piName: string;
  /** Integer fen, shown as yuan with two decimals (¥300,000.00). */
  amountFen: number;
  objectives: string;
  /** As in the application content: `{ name, unit, target, assessment }`; other keys are shown too. */
  indicators: Array<{
    name: string;
    unit?: string;
    target?: number | string;
    value?: number | string;
    [k: string]: unknown;
  }>;
  /**
   * As in the application's schedule: `{ title, start, end, deliverable }` (dates `YYYY-MM-DD`),
   * or with a single `due` date; other keys are shown too.
   */
  milestones: Array<{
    title?: string;
    due?: string;
    start?: string;
    end?: string;
    deliverable?: string;
    indicator?: string;
    [k: string]: unknown;
  }>;
  installments: Array<{
    seq: number;
    sharePercent: number;
    amountFen: number;
    releasedByLabel: { zh: string; en: string };
  }>;
  /** 军令状, challenge mode (揭榜挂帅) only. */
  performancePledge?: {
    goals: string;
    milestones: Array<{ title: string; due: string; indicator: string }>;
    consequences: string;
  } | null;
  /** 赛马制: the mid-term evaluation date and the other teams' project titles. */
  race?: { midpointDate: string; teams: string[] } | null;
  /** 科技特派员: where the commissioner serves, for the service term (ISO 8601). */
  dispatch?: {
    targetKindLabel: string;
    targetName: string;
    county: string;
    expertise: string;
    term: string;
  } | null;
  version: number;
  /** `signedAtLocal` is Beijing time text (formatShanghai). */
  signatures: Array<{ partyLabel: { zh: string; en: string }; signerName: string; signedAtLocal: string }>;
  /** When the last party signed, Beijing time text; null while unsigned. */
  signedAtLocal: string | null;
}

// ---- fonts ------------------------------------------------------------------------------------

const FONT_PACKAGE = '@embedpdf/fonts-sc';
const FONT_FILES = { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' } as const;
const REGULAR = 'zh';
const BOLD = 'zh-bold';

type Fonts = Record<keyof typeof FONT_FILES, fontkit.Font>;
let fonts: Promise<Fonts> | undefined;

/**
 * The package exports only its JavaScript entry (dist/index.cjs), not its files: resolve that and
 * step to its fonts/ folder. Resolved from node_modules, this works from the sources (jest) and
 * from the compiled tree in dist/ alike.
 */
function fontPath(file: string): string {
  return path.join(path.dirname(require.resolve(FONT_PACKAGE)), '..', 'fonts', file);
}

async function openFont(file: string): Promise<fontkit.Font> {
  const font = fontkit.create(await readFile(fontPath(file)));
  if ('fonts' in font) throw new Error(`${file}: expected a single font, got a ${font.type} collection`);
  if (!font.hasGlyphForCodePoint(0x4efb /* 任 */))
    throw new Error(`${file} (${font.postscriptName}) has no CJK glyphs`);
  return font;
}

function loadFonts(): Promise<Fonts> {
  fonts ??= Promise.all([openFont(FONT_FILES.regular), openFont(FONT_FILES.bold)]).then(
    ([regular, bold]) => ({ regular, bold }),
    (err: unknown) => {
      fonts = undefined; // let a later call try again
      throw err;
    },
  );
  return fonts;
}

// ---- layout -----------------------------------------------------------------------------------

const MARGIN = { top: 56, bottom: 72, left: 60, right: 60 };
const BODY = 10.5;
const SMALL = 9.5;
const LINE_GAP = 3;
const MUTED = '#555555';
const RULE = '#999999';
const HEAD_FILL = '#eeeeee';
const NONE = '（无）';
const NUMERALS = '一二三四五六七八九十';

/** Display text of a value of unknown shape; '' for nothing, never "undefined" or "[object Object]". */
function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(show).filter(Boolean).join('、');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => (show(v) ? `${labelOf(k)}：${show(v)}` : ''))
      .filter(Boolean)
      .join('；');
  return '';
}

const KEY_LABELS: Record<string, string> = {
  name: '名称',
  title: '名称',
  unit: '单位',
  target: '目标值',
  value: '完成值',
  baseline: '基线值',
  assessment: '考核方式',
  deliverable: '交付成果',
  indicator: '考核指标',
  start: '开始日期',
  end: '完成日期',
  due: '截止日期',
  note: '备注',
  notes: '备注',
  description: '说明',
};

function labelOf(key: string): string {
  return KEY_LABELS[key] ?? key;
}

/** `key：value` lines for the keys of `item` not in `known`, skipping empty values. */
function extraLines(item: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.entries(item)
    .filter(([k]) => !known.includes(k))
    .map(([k, v]) => [k, show(v)] as const)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${labelOf(k)}：${v}`);
}

function withUnit(value: unknown, unit: unknown): string {
  const v = show(value);
  if (!v) return '';
  const u = show(unit);
  return u ? `${v} ${u}` : v;
}

const INDICATOR_KEYS = ['name', 'unit', 'target', 'value', 'assessment'] as const;
const MILESTONE_KEYS = ['title', 'start', 'end', 'due', 'deliverable', 'indicator'] as const;

function milestonePeriod(m: AgreementPdfInput['milestones'][number]): string {
  const start = show(m.start);
  const end = show(m.end);
  const due = show(m.due);
  const lines: string[] = [];
  if (start && end) lines.push(start === end ? end : `${start} 至 ${end}`);
  else if (end) lines.push(`${end} 前`);
  else if (start) lines.push(`${start} 起`);
  if (due && due !== end) lines.push(lines.length ? `截止 ${due}` : due);
  return lines.join('\n');
}

type Doc = PDFKit.PDFDocument;
type Cell = string | PDFKit.Mixins.CellOptions;

class Writer {
  private section = 0;

  constructor(readonly doc: Doc) {}

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** A new page unless `height` points are left, so a heading does not sit alone at a page end. */
  keep(height: number): void {
    if (this.doc.y + height > this.doc.page.maxY()) this.doc.addPage();
  }

  heading(zh: string): void {
    this.doc.moveDown(0.8);
    this.keep(72);
    const n = NUMERALS[this.section++] ?? String(this.section);
    this.doc
      .font(BOLD)
      .fontSize(13)
      .fillColor('black')
      .text(`${n}、${zh}`, this.doc.page.margins.left, this.doc.y);
    this.doc.moveDown(0.4);
    this.doc.font(REGULAR).fontSize(BODY);
  }

  subheading(zh: string): void {
    this.doc.moveDown(0.3);
    this.keep(48);
    this.doc.font(BOLD).fontSize(BODY).text(zh, this.doc.page.margins.left, this.doc.y);
    this.doc.moveDown(0.2);
    this.doc.font(REGULAR);
  }

  /** Paragraphs (split on line breaks), first lines indented two characters; flows over pages. */
  paragraphs(text: string, empty = '（未填写）'): void {
    const paras = text
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    this.doc.font(REGULAR).fontSize(BODY).fillColor('black');
    if (!paras.length) {
      this.doc.fillColor(MUTED).text(empty, this.doc.page.margins.left).fillColor('black');
      return;
    }
    for (const p of paras)
      this.doc.text(p, this.doc.page.margins.left, this.doc.y, {
        width: this.width,
        indent: BODY * 2,
        lineGap: LINE_GAP,
        paragraphGap: 4,
      });
  }

  note(text: string): void {
    this.doc
      .font(REGULAR)
      .fontSize(SMALL)
      .fillColor(MUTED)
      .text(text, this.doc.page.margins.left, this.doc.y, { width: this.width, lineGap: 2 })
      .fillColor('black')
      .fontSize(BODY);
  }

  /**
   * A ruled table (pdfkit's): a row that does not fit on the page moves to the next one. Cell
   * texts here are bounded by the content schemas, so a row never needs more than a page.
   */
  table(columns: Array<number | '*'>, header: string[] | null, rows: Cell[][]): void {
    const th = (text: string): Cell => ({ text, font: { src: BOLD }, backgroundColor: HEAD_FILL });
    this.keep(64); // the header row and a first row together
    this.doc
      .font(REGULAR)
      .fontSize(SMALL + 0.5)
      .fillColor('black');
    this.doc.table({
      position: { x: this.doc.page.margins.left },
      maxWidth: this.width,
      columnStyles: columns,
      defaultStyle: {
        padding: [5, 6],
        border: 0.6,
        borderColor: RULE,
        textOptions: { lineGap: 2 },
      },
      data: [...(header ? [header.map(th)] : []), ...rows],
    });
    this.doc.x = this.doc.page.margins.left;
    this.doc.font(REGULAR).fontSize(BODY);
  }
}

function header(w: Writer, input: AgreementPdfInput): void {
  const { doc } = w;
  doc.font(BOLD).fontSize(20).text('百色市科技计划项目任务书', { align: 'center' });
  doc
    .font(REGULAR)
    .fontSize(SMALL)
    .fillColor(MUTED)
    .text('Baise Science and Technology Plan Project Agreement', { align: 'center' });
  doc.moveDown(0.6);
  doc.text(`任务书编号：${input.id}\u3000\u3000版本：第 ${input.version} 版`, { align: 'center' });
  doc.text(
    input.signedAtLocal ? `签订日期：${input.signedAtLocal}（北京时间）` : '状态：待签署（全部签署后生效）',
    { align: 'center' },
  );
  doc.fillColor('black').moveDown(1);
  const label = (text: string): Cell => ({ text, font: { src: BOLD }, backgroundColor: HEAD_FILL });
  w.table([96, '*'], null, [
    [label('项目名称'), show(input.title) || '—'],
    [label('批次'), show(input.callTitle) || '—'],
    [label('依托单位'), show(input.institution) || '—'],
    [label('项目负责人'), show(input.piName) || '—'],
    [label('资助金额'), `${formatYuan(input.amountFen)}（人民币元）`],
  ]);
}

function indicators(w: Writer, list: AgreementPdfInput['indicators']): void {
  w.heading('考核指标');
  if (!list.length) return w.paragraphs('', NONE);
  w.table(
    [34, 150, 90, '*'],
    ['序号', '指标', '目标值', '考核方式及说明'],
    list.map((item, i) => {
      const details = [
        show(item.assessment),
        ...(show(item.value) ? [`完成值：${withUnit(item.value, item.unit)}`] : []),
        ...extraLines(item, INDICATOR_KEYS),
      ].filter(Boolean);
      return [
        String(i + 1),
        show(item.name) || '—',
        withUnit(item.target, item.unit) || '—',
        details.join('\n') || '—',
      ];
    }),
  );
}

function milestones(w: Writer, list: AgreementPdfInput['milestones']): void {
  w.heading('进度与里程碑');
  if (!list.length) return w.paragraphs('', NONE);
  w.table(
    [34, 150, 96, '*'],
    ['序号', '里程碑', '时间', '交付成果及考核'],
    list.map((m, i) => {
      const details = [
        ...(show(m.deliverable) ? [`交付成果：${show(m.deliverable)}`] : []),
        ...(show(m.indicator) ? [`考核指标：${show(m.indicator)}`] : []),
        ...extraLines(m, MILESTONE_KEYS),
      ];
      return [String(i + 1), show(m.title) || '—', milestonePeriod(m) || '—', details.join('\n') || '—'];
    }),
  );
}

function installments(w: Writer, input: AgreementPdfInput): void {
  w.heading('经费拨付');
  w.paragraphs(`本项目资助经费共计 ${formatYuan(input.amountFen)}，按下列计划分期拨付：`);
  if (!input.installments.length) return w.paragraphs('', NONE);
  const bold = (text: string): Cell => ({ text, font: { src: BOLD } });
  const share = input.installments.reduce((s, i) => s + i.sharePercent, 0);
  const total = input.installments.reduce((s, i) => s + i.amountFen, 0);
  w.table(
    [60, 70, 120, '*'],
    ['期次', '比例', '金额', '拨付条件'],
    [
      ...input.installments.map((i) => [
        `第 ${i.seq} 期`,
        `${i.sharePercent}%`,
        formatYuan(i.amountFen),
        show(i.releasedByLabel?.zh) || '—',
      ]),
      [bold('合计'), bold(`${share}%`), bold(formatYuan(total)), ''],
    ],
  );
}

function pledge(w: Writer, p: NonNullable<AgreementPdfInput['performancePledge']>): void {
  w.heading('军令状（揭榜挂帅）');
  w.subheading('攻关目标');
  w.paragraphs(p.goals);
  w.subheading('节点目标');
  if (p.milestones.length)
    w.table(
      [34, 170, 80, '*'],
      ['序号', '节点', '完成时限', '考核指标'],
      p.milestones.map((m, i) => [
        String(i + 1),
        show(m.title) || '—',
        show(m.due) || '—',
        show(m.indicator) || '—',
      ]),
    );
  else w.paragraphs('', NONE);
  w.subheading('未完成目标的责任');
  w.paragraphs(p.consequences);
}

function race(w: Writer, r: NonNullable<AgreementPdfInput['race']>): void {
  w.heading('赛马制');
  w.paragraphs(
    `本项目实行赛马制，与下列团队并行攻关，于 ${show(r.midpointDate) || '中期'} 进行中期评估，按评估结果择优确定后续支持。`,
  );
  const teams = r.teams.map(show).filter(Boolean);
  if (!teams.length) return w.paragraphs('', NONE);
  w.table(
    [34, '*'],
    ['序号', '并行团队项目'],
    teams.map((t, i) => [String(i + 1), t]),
  );
}

/** The service term in words (P1Y → 1年; PT100S → 100秒), the ISO text if it does not parse. */
function termInWords(iso: string): string {
  const d = tryParseIsoDuration(iso);
  if (!d) return iso;
  const parts: Array<[number, string]> = [
    [d.years, '年'],
    [d.months, '个月'],
    [d.weeks, '周'],
    [d.days, '天'],
    [d.hours, '小时'],
    [d.minutes, '分钟'],
    [d.seconds, '秒'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join('');
}

function dispatch(w: Writer, d: NonNullable<AgreementPdfInput['dispatch']>): void {
  w.heading('派驻服务（科技特派员）');
  w.table([120, '*'], null, [
    ['派驻对象类型', show(d.targetKindLabel)],
    ['服务对象', show(d.targetName)],
    ['所在县（市、区）', show(d.county)],
    ['专业特长与服务内容', show(d.expertise)],
    ['服务期限', `自任务书签订之日起 ${termInWords(d.term)}`],
  ]);
}

function signatures(w: Writer, input: AgreementPdfInput): void {
  w.heading('签署');
  if (input.signatures.length)
    w.table(
      [150, '*', 170],
      ['签署方', '签署人', '签署时间（北京时间）'],
      input.signatures.map((s) => [
        [show(s.partyLabel?.zh), show(s.partyLabel?.en)].filter(Boolean).join('\n') || '—',
        show(s.signerName) || '—',
        show(s.signedAtLocal) || '—',
      ]),
    );
  else w.paragraphs('', '尚无签署。');
  w.doc.moveDown(0.5);
  w.paragraphs(
    input.signedAtLocal
      ? `本任务书经各方签署，于 ${input.signedAtLocal}（北京时间）生效。`
      : '本任务书须经项目负责人、依托单位和市科技局全部签署后生效。',
  );
}

/** Footer of every page: id, version, the time-zone note and page n of m. */
function footers(doc: Doc, input: AgreementPdfInput): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height, margins } = doc.page;
    const bottom = margins.bottom;
    margins.bottom = 0; // writing inside the bottom margin must not open a new page
    const x = margins.left;
    const w = width - margins.left - margins.right;
    const y = height - bottom + 24;
    doc
      .moveTo(x, y - 6)
      .lineTo(x + w, y - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    doc.text(`任务书编号 ${input.id} · 第 ${input.version} 版`, x, y, { width: w, lineBreak: false });
    doc.text(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, x, y, {
      width: w,
      align: 'right',
      lineBreak: false,
    });
    doc.text('本任务书中的时间均为北京时间（UTC+8）。', x, y + 12, {
      width: w,
      align: 'center',
      lineBreak: false,
    });
    margins.bottom = bottom;
  }
}

/** The agreement as an A4 PDF, Chinese text in an embedded font subset. */
export async function renderAgreementPdf(input: AgreementPdfInput): Promise<Buffer> {
  const { regular, bold } = await loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `百色市科技计划项目任务书：${input.title}`,
      Subject: `任务书 ${input.id}（第 ${input.version} 版）`,
      Creator: 'kjflow',
    },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit (0.20) takes parsed fontkit fonts; its type definitions still list only files and bytes.
  doc.registerFont(REGULAR, regular as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont(BOLD, bold as unknown as PDFKit.Mixins.PDFFontSource);

  const w = new Writer(doc);
  header(w, input);
  w.heading('项目目标');
  w.paragraphs(input.objectives);
  indicators(w, input.indicators);
  milestones(w, input.milestones);
  installments(w, input);
  if (input.performancePledge) pledge(w, input.performancePledge);
  if (input.race) race(w, input.race);
  if (input.dispatch) dispatch(w, input.dispatch);
  signatures(w, input);
  footers(doc, input);
  doc.end();
  return done;
}
