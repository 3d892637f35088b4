import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Consistency of the seed data files drawn from the Baise policy documents: references resolve,
 * counties and key fields come from their lists, money is integer fen, and every `source` cites
 * `<file>:<line>` of a document that exists (checked when the documents are present).
 */

interface KeyField {
  code: string;
  zh: string;
  en: string;
}
interface Institution {
  id: string;
  name: string;
  kind: string;
  county: string;
  countyNote?: string;
  keyFields: string[];
  source: string;
}
interface Demand {
  title: string;
  keyField: string;
  county: string;
  submitterInstitutionId: string;
  problem: string;
  indicators: { name: string; unit: string; value: number }[];
  deliverables: string[];
  coFunding: { willing: boolean; amountFen: number };
  urgency: string;
  contact: { name: string; phone: string };
  source: string;
}
interface PlanIndicator {
  code: string;
  zh: string;
  unit: string;
  baseline2020: number | null;
  target2025: number;
  source: string;
}

const DATA_DIR = path.resolve(__dirname, '../data');
// The five Baise policy documents the seed data cites, kept in the repository.
const SEEDS_DIR = path.resolve(__dirname, '../sources');

function load<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, file), 'utf8')) as T;
}

// Key fields and counties are reference data of the domain (libs/domain/src/kernel/data), one copy.
const keyFields = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../libs/domain/src/kernel/data/key-fields.json'), 'utf8'),
) as { source: string; fields: KeyField[] };
const counties = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../libs/domain/src/kernel/data/counties.json'), 'utf8'),
).counties as string[];
const institutions = load<{ institutions: Institution[] }>('institutions.json').institutions;
const demands = load<{ demands: Demand[] }>('demands.json').demands;
interface YearlyTarget {
  code: string;
  zh: string;
  unit: string;
  year: number;
  target: number;
  kind: string;
  quote: string;
  source: string;
}
interface PeriodTarget {
  code: string;
  plan: string;
  zh: string;
  unit: string;
  periodFrom: number;
  periodTo: number;
  target: number;
  quoteTarget?: string;
  kind: string;
  quote: string;
  source: string;
}
const planIndicators = load<{
  source: string;
  indicators: PlanIndicator[];
  yearlyTargets: YearlyTarget[];
  periodTargets: PeriodTarget[];
}>('plan-indicators.json');
const demo = load<{ institutions: { id: string; name: string }[] }>('demo.json');

/** The files this spec covers, by name, for the checks that walk every value. */
const FILES: Record<string, unknown> = {
  'key-fields.json': keyFields,
  'institutions.json': { institutions },
  'demands.json': { demands },
  'plan-indicators.json': planIndicators,
};

/** Every value under `key` anywhere in `value`, with its JSON path. */
function collect(value: unknown, key: (k: string) => boolean, at = '$'): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => collect(v, key, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(key(k) ? ([[`${at}.${k}`, v]] as [string, unknown][]) : []),
      ...collect(v, key, `${at}.${k}`),
    ]);
  }
  return [];
}

const SOURCE = /^(\d{3}_[0-9a-f]{16}\.txt):([1-9]\d*)$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The document's lines, numbered as `grep -n` numbers them (line 1 is index 0). */
const linesCache = new Map<string, string[]>();
function seedLines(file: string): string[] {
  let lines = linesCache.get(file);
  if (!lines) {
    lines = fs.readFileSync(path.join(SEEDS_DIR, file), 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    linesCache.set(file, lines);
  }
  return lines;
}
function citedLine(source: string): string {
  const [, file, line] = SOURCE.exec(source) ?? [];
  return seedLines(file)[Number(line) - 1];
}

describe('seed data', () => {
  describe('key-fields.json', () => {
    it('has the 10 key fields with unique snake_case codes', () => {
      expect(keyFields.fields).toHaveLength(10);
      const codes = keyFields.fields.map((f) => f.code);
      expect(new Set(codes).size).toBe(10);
      for (const f of keyFields.fields) {
        expect(f.code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
        expect(f.zh).not.toBe('');
        expect(f.en).not.toBe('');
      }
    });

    it('lists the fields of seed 002 in their order', () => {
      expect(keyFields.fields.map((f) => f.zh)).toEqual([
        '生态铝',
        '新材料',
        '新能源及装备制造',
        '生物制药',
        '电子信息',
        '绿色化工',
        '绿色建材',
        '现代特色农林',
        '大健康和文旅',
        '现代服务',
      ]);
    });
  });

  describe('institutions.json', () => {
    const codes = new Set(keyFields.fields.map((f) => f.code));

    it('has unique v4 ids and unique names', () => {
      expect(institutions.length).toBeGreaterThanOrEqual(20);
      for (const i of institutions) expect(i.id).toMatch(UUID_V4);
      expect(new Set(institutions.map((i) => i.id)).size).toBe(institutions.length);
      expect(new Set(institutions.map((i) => i.name)).size).toBe(institutions.length);
    });

    it('gives every institution a kind, a county of counties.json and known key fields', () => {
      for (const i of institutions) {
        expect(['university', 'research_institute', 'enterprise', 'government', 'agency']).toContain(i.kind);
        expect(counties).toContain(i.county);
        for (const k of i.keyFields) expect(codes).toContain(k);
        if (i.countyNote !== undefined) expect(i.countyNote.trim()).not.toBe('');
      }
    });

    it('keeps the ids and names of the demo.json institutions', () => {
      expect(demo.institutions).toHaveLength(5);
      for (const d of demo.institutions) {
        expect(institutions.find((i) => i.id === d.id)?.name).toBe(d.name);
      }
    });
  });

  describe('demands.json', () => {
    const codes = new Set(keyFields.fields.map((f) => f.code));
    const ids = new Set(institutions.map((i) => i.id));

    it('has 8–12 demands referring to existing key fields, counties and institutions', () => {
      expect(demands.length).toBeGreaterThanOrEqual(8);
      expect(demands.length).toBeLessThanOrEqual(12);
      for (const d of demands) {
        expect(codes).toContain(d.keyField);
        expect(counties).toContain(d.county);
        expect(ids).toContain(d.submitterInstitutionId);
      }
    });

    it('fills every field of a demand', () => {
      for (const d of demands) {
        expect(d.title.trim()).not.toBe('');
        expect(d.problem.trim()).not.toBe('');
        expect(d.indicators.length).toBeGreaterThan(0);
        for (const x of d.indicators) {
          expect(x.name.trim()).not.toBe('');
          expect(x.unit.trim()).not.toBe('');
          expect(Number.isFinite(x.value)).toBe(true);
        }
        expect(d.deliverables.length).toBeGreaterThan(0);
        expect(['high', 'medium', 'low']).toContain(d.urgency);
        expect(d.contact.name.trim()).not.toBe('');
        expect(d.contact.phone).toMatch(/^0776-\d{7}$/);
        expect(typeof d.coFunding.willing).toBe('boolean');
        if (!d.coFunding.willing) expect(d.coFunding.amountFen).toBe(0);
      }
    });

    it('has near-duplicates for duplicate suggestion (赤泥综合利用 from different submitters)', () => {
      const redMud = demands.filter((d) => d.title.includes('赤泥'));
      expect(redMud.length).toBeGreaterThanOrEqual(2);
      expect(new Set(redMud.map((d) => d.submitterInstitutionId)).size).toBe(redMud.length);
    });
  });

  describe('plan-indicators.json', () => {
    it('has the indicators of table 2 with unique codes and numeric values', () => {
      expect(planIndicators.indicators).toHaveLength(12);
      expect(new Set(planIndicators.indicators.map((i) => i.code)).size).toBe(12);
      for (const i of planIndicators.indicators) {
        expect(i.code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
        expect(i.zh.trim()).not.toBe('');
        expect(i.unit.trim()).not.toBe('');
        expect(Number.isFinite(i.target2025)).toBe(true);
        if (i.baseline2020 !== null) expect(Number.isFinite(i.baseline2020)).toBe(true);
      }
    });
  });

  describe.each(Object.keys(FILES))('%s', (file) => {
    it('cites every source as <file>:<line>', () => {
      const sources = collect(FILES[file], (k) => k === 'source');
      expect(sources.length).toBeGreaterThan(0);
      for (const [at, s] of sources) expect({ at, s }).toEqual({ at, s: expect.stringMatching(SOURCE) });
    });

    it('holds money as non-negative integer fen', () => {
      for (const [at, v] of collect(FILES[file], (k) => /Fen$/.test(k))) {
        expect({ at, ok: Number.isSafeInteger(v) && (v as number) >= 0 }).toEqual({ at, ok: true });
      }
    });

    it('cites existing documents and non-blank lines within them', () => {
      for (const [at, s] of collect(FILES[file], (k) => k === 'source')) {
        const [, name, line] = SOURCE.exec(s as string) ?? [];
        expect({ at, exists: fs.existsSync(path.join(SEEDS_DIR, name)) }).toEqual({ at, exists: true });
        const lines = seedLines(name);
        expect({ at, within: lines.length >= Number(line) }).toEqual({ at, within: true });
        expect({ at, blank: lines[Number(line) - 1].trim() === '' }).toEqual({ at, blank: false });
      }
    });
  });

  describe('against the documents', () => {
    it('finds every key field on the cited line', () => {
      const line = citedLine(keyFields.source);
      for (const f of keyFields.fields) expect(line).toContain(f.zh);
    });

    it('finds every plan indicator with its unit, 2020 value and 2025 target on the cited line', () => {
      for (const i of planIndicators.indicators) {
        const line = citedLine(i.source);
        expect(line).toContain(i.zh);
        expect(line).toContain(`（${i.unit}）`);
        // … | 指标（单位） | 2020 年指标值 | 2025 年目标值 | 指标属性
        const [baseline, target] = line
          .split('\t')
          .map((c) => c.trim())
          .slice(-3, -1);
        expect(baseline === '—' ? null : Number(baseline)).toBe(i.baseline2020);
        expect(Number(target)).toBe(i.target2025);
      }
    });

    it('finds every 2022 target of seed 002 in its quote, on the cited line', () => {
      const codes = [...planIndicators.indicators, ...planIndicators.yearlyTargets].map((i) => i.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(planIndicators.yearlyTargets.length).toBeGreaterThanOrEqual(10);
      for (const t of planIndicators.yearlyTargets) {
        expect({ code: t.code, onLine: citedLine(t.source).includes(t.quote) }).toEqual({
          code: t.code,
          onLine: true,
        });
        // The number and the unit as the document writes them (with or without a space).
        expect(t.quote.replace(/\s/g, '')).toContain(`${t.target}${t.unit}`);
        expect(t.year).toBe(2022);
      }
    });

    it('finds the commissioner targets of seeds 003 and 004 in their quotes, on the cited lines', () => {
      const codes = [
        ...planIndicators.indicators,
        ...planIndicators.yearlyTargets,
        ...planIndicators.periodTargets,
      ].map((i) => i.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(
        planIndicators.periodTargets.map((t) => [t.code, t.target, t.periodFrom, t.periodTo, t.source]),
      ).toEqual([
        ['commissioners_dispatched_2021_2023', 1000, 2021, 2023, '003_209292ff058c4835.txt:93'],
        ['commissioners_dispatched_2021_2025', 2000, 2021, 2025, '004_775789dabe30af71.txt:397'],
        ['commissioner_people_trained_2021_2025', 600000, 2021, 2025, '004_775789dabe30af71.txt:397'],
      ]);
      for (const t of planIndicators.periodTargets) {
        expect({ code: t.code, onLine: citedLine(t.source).includes(t.quote) }).toEqual({
          code: t.code,
          onLine: true,
        });
        // The number as the document writes it: 60 万人次 is 600000 人次.
        const written = t.quote.replace(/\s/g, '');
        if (t.quoteTarget) {
          expect(written).toContain(t.quoteTarget);
          expect(Number(t.quoteTarget.replace(/万.*$/, '')) * 10_000).toBe(t.target);
        } else expect(written).toContain(`${t.target}${t.unit}`);
      }
    });
  });
});
