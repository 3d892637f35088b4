// The Baise reference data, read from the same data files the API validates against (one source).
// Plain JSON, bundled by Vite: no domain code reaches the browser, hence the boundary exception.
// eslint-disable-next-line @nx/enforce-module-boundaries
import counties from '../../../../libs/domain/src/kernel/data/counties.json';
// eslint-disable-next-line @nx/enforce-module-boundaries
import keyFields from '../../../../libs/domain/src/kernel/data/key-fields.json';

export const KEY_FIELDS: { code: string; zh: string; en: string }[] = keyFields.fields;
export const COUNTIES: string[] = counties.counties;

/** A key field's name in the user's language (the code itself if the data no longer has it). */
export function keyFieldLabel(code: string, lang: 'zh' | 'en'): string {
  const f = KEY_FIELDS.find((k) => k.code === code);
  return f ? f[lang] : code;
}
