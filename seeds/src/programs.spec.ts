import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODES } from '@kjflow/domain';
import { ProgramTemplate, validateTemplate } from '@kjflow/domain';

/** seeds/programs: one program template per Baise program. */
const PROGRAMS_DIR = path.resolve(__dirname, '../programs');
/** The source documents the templates cite (/work/shared/seeds beside the repository), if present. */
// The five Baise policy documents the templates cite, kept in the repository.
const SOURCES_DIR = path.resolve(__dirname, '../sources');
const SOURCE_FILE = /^\d{3}_[0-9a-f]{16}\.txt$/;

const files = fs
  .readdirSync(PROGRAMS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(PROGRAMS_DIR, file), 'utf8'));
}

const templates: [string, ProgramTemplate][] = files.map((f) => [f, validateTemplate(load(f))]);

describe('seeds/programs', () => {
  it('holds the five Baise programs', () => {
    expect(files).toEqual([
      'challenge.json',
      'directed-key-industry.json',
      'horse-race-red-mud.json',
      'key-rd.json',
      'sci-tech-commissioner.json',
    ]);
  });

  it.each(files)('%s is a valid program template', (file) => {
    expect(() => validateTemplate(load(file))).not.toThrow();
  });

  it.each(files)('%s is named after its code', (file) => {
    expect(file).toBe(`${validateTemplate(load(file)).code}.json`);
  });

  it('has unique codes', () => {
    const codes = templates.map(([, t]) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('covers every organisation mode', () => {
    expect(new Set(templates.map(([, t]) => t.mode))).toEqual(new Set(MODES));
  });

  it('has the key R&D, challenge, directed, horse-race and S&T commissioner programs', () => {
    const byCode = Object.fromEntries(templates.map(([, t]) => [t.code, t]));
    expect(byCode['key-rd']).toMatchObject({ mode: 'open_competition', name: { zh: '百色市重点研发计划' } });
    expect(byCode['challenge'].mode).toBe('challenge');
    expect(byCode['challenge'].name.zh).toContain('揭榜挂帅');
    expect(byCode['directed-key-industry'].mode).toBe('directed');
    expect(byCode['horse-race-red-mud'].mode).toBe('horse_race');
    expect(byCode['sci-tech-commissioner'].name.zh).toContain('科技特派员');
  });

  describe.each(templates)('%s cites its source', (_file, template) => {
    it('names a seed file and a line', () => {
      expect(template.source.file).toMatch(SOURCE_FILE);
      expect(Number.isInteger(template.source.line) && template.source.line > 0).toBe(true);
    });

    it('points at an existing line of an existing seed file', () => {
      const file = path.join(SOURCES_DIR, template.source.file);
      expect(fs.existsSync(file)).toBe(true);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      expect(template.source.line).toBeLessThanOrEqual(lines.length);
      expect(lines[template.source.line - 1].trim().length).toBeGreaterThan(0);
    });
  });

  it('cites the lines the programs follow', () => {
    const sources = Object.fromEntries(
      templates.map(([, t]) => [t.code, `${t.source.file.slice(0, 3)}:${t.source.line}`]),
    );
    expect(sources).toEqual({
      'key-rd': '002:43',
      challenge: '002:51',
      'directed-key-industry': '004:157',
      'horse-race-red-mud': '002:51',
      'sci-tech-commissioner': '004:397',
    });
  });

  it('each cited line says what the program is about', () => {
    const lineOf = (t: ProgramTemplate) =>
      fs.readFileSync(path.join(SOURCES_DIR, t.source.file), 'utf8').split('\n')[t.source.line - 1];
    const expected: Record<string, string> = {
      'key-rd': '重点研发项目',
      challenge: '揭榜挂帅',
      'directed-key-industry': '定向委托',
      'horse-race-red-mud': '赤泥综合利用',
      'sci-tech-commissioner': '特派员揭榜',
    };
    for (const [, t] of templates) expect(lineOf(t)).toContain(expected[t.code]);
  });
});
