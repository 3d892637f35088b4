/**
 * Only the top-level fields of `after` that differ from `before` (compared as JSON, an absent
 * field as an empty one): what a PATCH of a draft sends. The API refuses an empty patch, and a
 * draft's history records each save's patch and the fields it changed, so a save sends the
 * fields that changed, not the whole form.
 */
export function changedFields<T extends object>(before: Partial<T>, after: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key] ?? '') !== JSON.stringify(after[key] ?? '')) patch[key] = after[key];
  }
  return patch;
}
