import { z } from 'zod';
import { assertCleanText, forbiddenCharacter, MAX_INPUT_DEPTH, textIssues } from './input-text';
import { caught, HAN } from './spec-helpers';
import { parseOrThrow } from './validation';

describe('forbiddenCharacter', () => {
  it.each([
    ['Chinese text', '赤泥综合利用关键技术研究'],
    ['an emoji (a surrogate pair)', '进展顺利 😀'],
    ['a character beyond the BMP (CJK extension B)', '𠀀'],
    ['tab, line feed and carriage return', '第一段\t说明\r\n第二段'],
    ['DEL and C1 controls (not C0)', 'a\u007fb\u0085c'],
    ['the empty string', ''],
  ])('accepts %s', (_label, text) => {
    expect(forbiddenCharacter(text)).toBeNull();
  });

  it.each([
    ['NUL', 'ab\u0000c', 3, 'U+0000', 'control'],
    ['escape', '\u001b[31m', 1, 'U+001B', 'control'],
    ['bell', 'x\u0007', 2, 'U+0007', 'control'],
    ['unit separator', 'a\u001fb', 2, 'U+001F', 'control'],
    ['vertical tab', 'a\u000bb', 2, 'U+000B', 'control'],
    ['a lone high surrogate at the end', 'ab\ud800', 3, 'U+D800', 'surrogate'],
    ['a lone high surrogate before a letter', '\udbffx', 1, 'U+DBFF', 'surrogate'],
    ['a lone low surrogate', 'a\udc00', 2, 'U+DC00', 'surrogate'],
    ['a reversed pair', '\ude00\ud83d', 1, 'U+DE00', 'surrogate'],
  ])('refuses %s, naming its position and code point', (_label, text, position, codePoint, kind) => {
    expect(forbiddenCharacter(text)).toEqual({ position, codePoint, kind });
  });

  it('refuses tab and line breaks where no free text is allowed', () => {
    expect(forbiddenCharacter('a\tb', { lineBreaks: false })?.codePoint).toBe('U+0009');
    expect(forbiddenCharacter('a\nb', { lineBreaks: false })?.codePoint).toBe('U+000A');
    expect(forbiddenCharacter('a\rb', { lineBreaks: false })?.codePoint).toBe('U+000D');
  });
});

describe('textIssues', () => {
  it('finds nothing in clean input of any shape', () => {
    expect(textIssues({ title: '标题', team: [{ name: '李明', effort: 40 }], ok: true, none: null })).toEqual(
      [],
    );
    expect(textIssues(undefined)).toEqual([]);
    expect(textIssues(42)).toEqual([]);
  });

  it('names each offending string by its dotted path, in field order, in both languages', () => {
    const issues = textIssues({
      title: 'a\u0000b',
      team: [{ name: 'ok' }, { name: '\ud800' }],
      note: 'fine',
    });
    expect(issues.map((i) => i.path)).toEqual(['title', 'team.1.name']);
    expect(issues[0].message.zh).toBe('不能包含控制字符（第 2 个字符为 U+0000；只允许制表符和换行）');
    expect(issues[0].message.en).toBe(
      'Must not contain control characters (U+0000 at character 2; only tab and line breaks are allowed)',
    );
    expect(issues[1].message.zh).toMatch(/不成对的代理项 U\+D800/);
    expect(issues[1].message.en).toMatch(/unpaired surrogate U\+D800/);
  });

  it('checks property names, written printably in the path', () => {
    const issues = textIssues({ meta: { 'ke\u0000y': 1 } });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('meta.ke\\u0000y');
    expect(issues[0].message.zh).toMatch(/^字段名不能包含控制字符/);
    expect(issues[0].message.en).toMatch(/^The field name must not contain control characters/);
  });

  it('uses "(root)" for a bare string', () => {
    expect(textIssues('\u0000').map((i) => i.path)).toEqual(['(root)']);
  });

  it('refuses nesting deeper than MAX_INPUT_DEPTH without recursing', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const issues = textIssues({ deep });
    expect(issues).toHaveLength(1);
    expect(issues[0].path.split('.')).toHaveLength(MAX_INPUT_DEPTH);
    expect(issues[0].message.zh).toMatch(HAN);

    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) ok = { a: ok };
    expect(textIssues(ok)).toEqual([]);
  });

  it('reports at most ten places', () => {
    expect(textIssues(Array.from({ length: 50 }, () => '\u0000'))).toHaveLength(10);
  });

  it('does not walk into non-plain objects (dates, buffers, streams)', () => {
    expect(textIssues({ at: new Date(), file: Buffer.from('\u0000') })).toEqual([]);
  });
});

describe('assertCleanText and parseOrThrow', () => {
  it('throws a 400 validation_failed naming the field', () => {
    const error = caught(() => assertCleanText({ username: 'a\u0000' }, '登录'));
    expect(error.code).toBe('validation_failed');
    expect(error.bilingual.zh).toBe('登录内容有误，请按字段提示修改');
    expect(error.fields.map((f) => f.path)).toEqual(['username']);
  });

  it('parseOrThrow applies the rule before the schema: no refinement ever sees such text', () => {
    const refine = jest.fn(() => true);
    const schema = z.object({ code: z.string().refine(refine) });
    const error = caught(() => parseOrThrow(schema, { code: 'P1D\u0000' }));
    expect(error.fields.map((f) => f.path)).toEqual(['code']);
    expect(refine).not.toHaveBeenCalled();
  });

  it('parseOrThrow keeps free text with tabs and line breaks, and refuses them where told', () => {
    const schema = z.object({ id: z.string() });
    expect(parseOrThrow(schema, { id: 'a\tb\n' })).toEqual({ id: 'a\tb\n' });
    const error = caught(() => parseOrThrow(schema, { id: 'a\tb' }, '路径参数', { lineBreaks: false }));
    expect(error.fields[0].message.en).toBe('Must not contain control characters (U+0009 at character 2)');
  });
});
