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
  const fields = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const f of err.fields) {
    const name = fieldShowing(form, toNamePath(f.path));
    // Only a field the form renders can show it; the rest go to the alert.
    if (name) {
      const key = JSON.stringify(name);
      const field = fields.get(key) ?? { name, errors: [] };
      field.errors.push(pick(f.message));
      fields.set(key, field);
    } else unplaced.push(f.path ? `${f.path}: ${pick(f.message)}` : pick(f.message));
  }
  form.setFields([...fields.values()] as never);
  if (!err.fields.length || unplaced.length) unplaced.unshift(pick(err.bilingual));
  return unplaced;
}

/**
 * The rendered field that shows a message on `name`: the field itself, or for an item of a list
 * one input holds (a multiple select: `experts.2`), that input; null when the form shows neither.
 */
function fieldShowing(form: FormInstance, name: (string | number)[]): (string | number)[] | null {
  for (let n = name; n.length; n = n.slice(0, -1)) {
    if (form.getFieldInstance(n as never)) return n;
    if (typeof n[n.length - 1] !== 'number') return null;
  }
  return null;
}

export function errorText(err: unknown, lang: Lang): string {
  if (err instanceof ApiError) {
    const pick = (m: { zh: string; en: string }) => (lang === 'zh' ? m.zh : m.en);
    return [pick(err.bilingual), ...err.fields.map((f) => `${f.path}: ${pick(f.message)}`)].join('；');
  }
  return String((err as Error)?.message ?? err);
}
