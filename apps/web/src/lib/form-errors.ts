import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import type { Lang } from '../i18n';

/** An API field path ("budget.items.0.amountFen") as an antd name path (['budget', 'items', 0, 'amountFen']). */
export function toNamePath(path: string): (string | number)[] {
  return path
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts the API's field-level messages on the form's fields, in the user's language; the values
 * typed stay as they are. Returns the messages no field of the form shows (for an alert above it).
 */
export function applyApiErrors(form: FormInstance, err: unknown, lang: Lang): string[] {
  if (!(err instanceof ApiError)) return [String((err as Error)?.message ?? err)];
  const pick = (m: { zh: string; en: string }) => (lang === 'zh' ? m.zh : m.en);
  const unplaced: string[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const f of err.fields) {
    const name = toNamePath(f.path);
    // Only a field the form renders can show it; the rest go to the alert.
    if (name.length && form.getFieldInstance(name as never)) fields.push({ name, errors: [pick(f.message)] });
    else unplaced.push(f.path ? `${f.path}: ${pick(f.message)}` : pick(f.message));
  }
  form.setFields(fields as never);
  if (!err.fields.length || unplaced.length) unplaced.unshift(pick(err.bilingual));
  return unplaced;
}

export function errorText(err: unknown, lang: Lang): string {
  if (err instanceof ApiError) {
    const pick = (m: { zh: string; en: string }) => (lang === 'zh' ? m.zh : m.en);
    return [pick(err.bilingual), ...err.fields.map((f) => `${f.path}: ${pick(f.message)}`)].join('；');
  }
  return String((err as Error)?.message ?? err);
}
