import { Bilingual, DomainError, FieldMessage } from './messages';

/**
 * The one rule for text that arrives from outside (request paths, queries, bodies, imported rows),
 * checked before any schema, parser or database sees it:
 *
 * - no C0 control characters (U+0000–U+001F), except tab, line feed and carriage return in free
 *   text: PostgreSQL refuses U+0000 in `text` and `jsonb` (a 500 instead of an answer), and the
 *   others are invisible in every screen and export;
 * - no unpaired UTF-16 surrogates (JSON's `"\ud800"`): not a character, they cannot be stored as
 *   UTF-8 and would silently turn into U+FFFD;
 * - objects and arrays at most MAX_INPUT_DEPTH deep: nothing the API takes is deeper, and a
 *   deeper value would make every recursive step (validation, jsonb) work for nothing.
 *
 * Property names are text too (a record's keys end up in jsonb). Pure and deterministic.
 */
export const MAX_INPUT_DEPTH = 32;

/** At most this many offending places are named; one is enough to act on, a few show a pattern. */
const MAX_REPORTED = 10;

export interface TextRuleOptions {
  /** Tab, line feed and carriage return allowed (free text); false for path parameters. Default true. */
  lineBreaks?: boolean;
}

export interface ForbiddenCharacter {
  /** 1-based position in the text, counted in UTF-16 code units as JavaScript does. */
  position: number;
  /** `U+0000` */
  codePoint: string;
  kind: 'control' | 'surrogate';
}

function hex(code: number): string {
  return 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
}

/** The first character of `text` the rule refuses, or null when it is clean. */
export function forbiddenCharacter(text: string, options: TextRuleOptions = {}): ForbiddenCharacter | null {
  const lineBreaks = options.lineBreaks ?? true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20) {
      if (lineBreaks && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
      return { position: i + 1, codePoint: hex(c), kind: 'control' };
    }
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const next = text.charCodeAt(i + 1); // NaN past the end
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a proper pair: one character outside the BMP
        continue;
      }
    }
    return { position: i + 1, codePoint: hex(c), kind: 'surrogate' };
  }
  return null;
}

function characterMessage(found: ForbiddenCharacter, options: TextRuleOptions, key: boolean): Bilingual {
  const at = { zh: `第 ${found.position} 个字符为`, en: `at character ${found.position}` };
  if (found.kind === 'surrogate') {
    return {
      zh: `${key ? '字段名' : ''}含有无效的 Unicode 字符（${at.zh}不成对的代理项 ${found.codePoint}）`,
      en: `${key ? 'The field name contains' : 'Contains'} invalid Unicode (an unpaired surrogate ${found.codePoint} ${at.en})`,
    };
  }
  const lineBreaks = !key && (options.lineBreaks ?? true);
  return {
    zh: `${key ? '字段名' : ''}不能包含控制字符（${at.zh} ${found.codePoint}${lineBreaks ? '；只允许制表符和换行' : ''}）`,
    en: `${key ? 'The field name must' : 'Must'} not contain control characters (${found.codePoint} ${at.en}${lineBreaks ? '; only tab and line breaks are allowed' : ''})`,
  };
}

const TOO_DEEP: Bilingual = {
  zh: `嵌套层级过深（最多 ${MAX_INPUT_DEPTH} 层）`,
  en: `Nested too deeply (at most ${MAX_INPUT_DEPTH} levels)`,
};

/** A key as it may appear in a reported path: its control characters and lone surrogates as \\uXXXX. */
function printableKey(key: string): string {
  let out = '';
  for (let rest = key; rest.length > 0;) {
    const found = forbiddenCharacter(rest, { lineBreaks: false });
    if (!found) return out + rest;
    out += rest.slice(0, found.position - 1) + '\\u' + found.codePoint.slice(2).toLowerCase();
    rest = rest.slice(found.position);
  }
  return out;
}

function isPlainContainer(v: unknown): v is object {
  if (Array.isArray(v)) return true;
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

interface Place {
  value: unknown;
  key: string | null;
  parent: Place | null;
  depth: number;
  /** The key itself is refused. */
  keyIssue?: ForbiddenCharacter;
}

/** `team.0.name`, as zod reports paths; `(root)` for the whole value. */
function pathOf(place: Place): string {
  const keys: string[] = [];
  for (let p: Place | null = place; p && p.key !== null; p = p.parent) keys.push(p.key);
  return keys.reverse().join('.') || '(root)';
}

/**
 * Every place in `value` (strings, property names, nesting) the rule refuses, as field messages
 * with the same dotted paths zod reports (`team.0.name`, `(root)`). Iterative, so a hostile
 * nesting cannot exhaust the stack. Empty when the value is clean.
 */
export function textIssues(value: unknown, options: TextRuleOptions = {}): FieldMessage[] {
  const issues: FieldMessage[] = [];
  // Each entry links to its parent: the path is spelled out only for what is reported, so large
  // clean input (an assignment run's experts and applications) costs one pass and no copies.
  const stack: Place[] = [{ value, key: null, parent: null, depth: 0 }];
  while (stack.length > 0 && issues.length < MAX_REPORTED) {
    const place = stack.pop()!;
    const v = place.value;
    if (place.keyIssue) {
      issues.push({ path: pathOf(place), message: characterMessage(place.keyIssue, options, true) });
      continue;
    }
    if (typeof v === 'string') {
      const found = forbiddenCharacter(v, options);
      if (found) issues.push({ path: pathOf(place), message: characterMessage(found, options, false) });
      continue;
    }
    if (!isPlainContainer(v)) continue; // numbers, booleans, null; a Date or a stream is no input text
    if (place.depth >= MAX_INPUT_DEPTH) {
      issues.push({ path: pathOf(place), message: TOO_DEEP });
      continue;
    }
    const depth = place.depth + 1;
    // Pushed in reverse, so that fields are reported in their order.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], key: String(i), parent: place, depth });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const found = forbiddenCharacter(key, { lineBreaks: false });
      stack.push(
        found
          ? { value: undefined, key: printableKey(key), parent: place, depth, keyIssue: found }
          : { value: (v as Record<string, unknown>)[key], key, parent: place, depth },
      );
    }
  }
  return issues;
}

/** Throws a 400 naming every refused place (see textIssues), before any schema runs. */
export function assertCleanText(value: unknown, what = '请求', options: TextRuleOptions = {}): void {
  const fields = textIssues(value, options);
  if (fields.length === 0) return;
  throw new DomainError(
    'validation_failed',
    { zh: `${what}内容有误，请按字段提示修改`, en: 'The request is invalid; see the field messages' },
    fields,
  );
}
