/** A rubric as the API hands it to an expert (the program template's, or the city's default). */
export interface RubricInput {
  criteria: Array<{
    key: string;
    name?: { zh: string; en: string };
    label?: { zh: string; en: string };
    weight: number;
    max?: number;
    commentRequired?: boolean;
  }>;
  scale?: { min: number; max: number };
  blind?: boolean;
}

export interface Criterion {
  key: string;
  label: { zh: string; en: string };
  weight: number;
  min: number;
  max: number;
  commentRequired: boolean;
}

/** Each criterion with its range (the scale's unless it has its own maximum), as the API scores it. */
export function criteriaOf(rubric: RubricInput): Criterion[] {
  const min = rubric.scale?.min ?? 0;
  return rubric.criteria.map((c) => ({
    key: c.key,
    label: c.label ?? c.name ?? { zh: c.key, en: c.key },
    weight: c.weight,
    min,
    max: c.max ?? rubric.scale?.max ?? 100,
    commentRequired: c.commentRequired ?? false,
  }));
}

/**
 * The weighted score on 0..100 as the expert types (Σ weight × (score − min) / (max − min)), the
 * figure the API records on submission; null until every criterion has a score.
 */
export function liveWeightedScore(
  criteria: Criterion[],
  scores: Record<string, number | null | undefined>,
): number | null {
  let sum = 0;
  for (const c of criteria) {
    const x = scores[c.key];
    if (typeof x !== 'number' || !Number.isFinite(x)) return null;
    sum += (c.weight * (x - c.min)) / (c.max - c.min);
  }
  return Math.round(sum * 100) / 100;
}
