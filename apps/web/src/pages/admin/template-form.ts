/**
 * The template editor's form covers the fields an administrator changes (mode, stages, durations,
 * rubric, panel, eligibility, funding); the rest of the stored template (source, award options,
 * change routing, …) is kept as it was. Every field of a list row is on the form, since rows are
 * replaced whole. Objects merge key by key; arrays (stages, criteria,
 * installments) are replaced as edited.
 */
export function mergeTemplate(base: unknown, edited: unknown): unknown {
  if (Array.isArray(edited)) return edited;
  if (isObject(base) && isObject(edited)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(edited)) if (v !== undefined) out[k] = mergeTemplate(base[k], v);
    return out;
  }
  return edited === undefined ? base : edited;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The API's paths of whole lists: their message shows under the list, not on one row. */
export const LIST_PATHS = ['stages', 'rubric.criteria', 'funding.installments'] as const;
