import type { z } from 'zod';
import { Bilingual, DomainError, FieldMessage } from './errors.rules';
import { loadValidation } from './lazy.rules';

/** How a field absent from the input is reported (validation.ts uses it for zod's issues too). */
export const REQUIRED: Bilingual = { zh: '必填字段', en: 'Required' };

/** The refusal of an input, naming every offending field (`what`: the input, in Chinese). */
export function invalidInput(what: string, fields: FieldMessage[]): DomainError {
  return new DomainError(
    'validation_failed',
    { zh: `${what}内容有误，请按字段提示修改`, en: 'The request is invalid; see the field messages' },
    fields,
  );
}

/**
 * A zod schema whose module is loaded only when something is parsed with it (see lazy.ts): what
 * workflow code holds instead of a schema, for inputs checked on a rare path.
 */
export class LazySchema<S extends z.ZodType> {
  constructor(readonly load: () => S) {}
}

export function lazySchema<S extends z.ZodType>(load: () => S): LazySchema<S> {
  return new LazySchema(load);
}

/**
 * `parseOrThrow` of validation.ts (the same refusal, word for word), for workflow code: the schema
 * may be lazy, and zod is loaded by the first call.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S | LazySchema<S>,
  data: unknown,
  what?: string,
): z.output<S> {
  const real = schema instanceof LazySchema ? schema.load() : schema;
  return loadValidation().parseOrThrow(real, data, what);
}

/**
 * A draft patch, re-checked by the workflow that applies it. The API has parsed it with the same
 * schema (its request body), so a non-empty object of known fields is taken as it is, without
 * loading zod into the workflow; anything else is parsed with the schema, so the refusal is zod's,
 * word for word. (Field values are the API's to check: workflows take updates from the API only.)
 */
export function checkPatch<S extends z.ZodType>(
  fields: readonly string[],
  schema: LazySchema<S>,
  patch: unknown,
  what?: string,
): z.output<S> {
  if (patch !== null && typeof patch === 'object' && !Array.isArray(patch)) {
    const keys = Object.keys(patch);
    if (keys.length > 0 && keys.every((k) => fields.includes(k))) return patch as z.output<S>;
  }
  return parseOrThrow(schema, patch, what);
}
