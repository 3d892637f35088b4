import { z } from 'zod';
import { assertCleanText, TextRuleOptions } from './input-text';
import { Bilingual, FieldMessage } from './messages';
import { invalidInput, REQUIRED } from './validation.rules';

const zhCN = z.locales.zhCN().localeError;

/**
 * Attach a bilingual message to a custom zod check. zod carries one string per issue, so the
 * Chinese text travels in `params` and the formatter below picks it up.
 */
export function bilingual(message: Bilingual, path?: (string | number)[]) {
  return { message: message.en, params: { zh: message.zh }, ...(path ? { path } : {}) };
}

function zhMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' && typeof issue.params?.zh === 'string') return issue.params.zh;
  const out = zhCN(issue as never);
  return typeof out === 'string' ? out : (out?.message ?? issue.message);
}

/** True when the input has no value where the issue points (a missing field of any type). */
function isMissing(input: unknown, path: PropertyKey[]): boolean {
  if (path.length === 0) return input === undefined;
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return false;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === undefined;
}

/** One bilingual message per issue; `input` is what was parsed, to tell "missing" from "wrong". */
export function fieldMessages(error: z.ZodError, input: unknown): FieldMessage[] {
  return error.issues.map((issue) => {
    const missing = issue.code !== 'custom' && isMissing(input, issue.path);
    return {
      path: issue.path.map(String).join('.') || '(root)',
      message: missing ? { ...REQUIRED } : { zh: zhMessage(issue), en: issue.message },
    };
  });
}

/**
 * Parse or throw a 400 DomainError naming every offending field, in zh-CN and English. The text
 * rule (input-text.ts: no control characters, no lone surrogates, bounded nesting) runs first, so
 * no refinement, parser or database ever sees such text.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  data: unknown,
  what = '请求',
  options: TextRuleOptions = {},
): z.output<S> {
  assertCleanText(data, what, options);
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw invalidInput(what, fieldMessages(result.error, data));
}

/**
 * Query parameters the operation does not define: refused (400), each named, so a typo such as
 * `?stauts=` is never silently ignored.
 */
export function assertKnownParameters(given: readonly string[], known: readonly string[]): void {
  const unknown = given.filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const list = known.length > 0 ? known.join(', ') : '—';
  throw invalidInput(
    '查询参数',
    unknown.map((k) => ({
      path: k,
      message: {
        zh: `未知的查询参数“${k}”（可用：${list}）`,
        en: `Unknown query parameter "${k}" (accepted: ${list})`,
      },
    })),
  );
}
