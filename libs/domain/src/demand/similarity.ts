import { Page, PageQuery, pageInMemory } from '../kernel/page';

/**
 * Near-duplicate detection for Chinese text. Words are not space-separated, so PostgreSQL's
 * pg_trgm (which splits on word characters and depends on the database's ctype) scores related
 * demands barely above unrelated ones; overlapping character bigrams are the usual measure for
 * Chinese and separate the plans' sample duplicates cleanly (see similarity.spec.ts).
 */
export function bigrams(text: string): Set<string> {
  const s = text.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
  const out = new Set<string>();
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** Sørensen–Dice coefficient of the two texts' character bigrams, 0..1. */
export function dice(a: string, b: string): number {
  return diceOfBigrams(bigrams(a), bigrams(b));
}

/** dice() of bigram sets already computed (a text compared with many reads them once). */
export function diceOfBigrams(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

/** Title and problem statement weigh the same. */
export function demandSimilarity(
  a: { title: string; problem: string },
  b: { title: string; problem: string },
): number {
  return 0.5 * dice(a.title, b.title) + 0.5 * dice(a.problem, b.problem);
}

/** Above this a demand is suggested to officers as a possible duplicate. */
export const DUPLICATE_SIMILARITY_THRESHOLD = 0.2;

/** The most similar candidates above the threshold, best first (ties by id for stable output). */
export function similarDemands<T extends { id: string; title: string; problem: string }>(
  of: { id: string; title: string; problem: string },
  candidates: T[],
  limit = 5,
): Array<T & { similarity: number }> {
  return candidates
    .filter((c) => c.id !== of.id)
    .map((c) => ({ ...c, similarity: Math.round(demandSimilarity(of, c) * 1000) / 1000 }))
    .filter((c) => c.similarity >= DUPLICATE_SIMILARITY_THRESHOLD)
    .sort((p, q) => q.similarity - p.similarity || p.id.localeCompare(q.id))
    .slice(0, limit);
}

/**
 * A page of every candidate above the threshold, best first (ties by id): the list an officer
 * reads through when screening a demand. Its cursor is the last item's similarity and id, so a
 * page never repeats or skips a candidate whose text has not changed.
 */
export function similarDemandsPage<T extends { id: string; title: string; problem: string }>(
  of: { id: string; title: string; problem: string },
  candidates: T[],
  page: PageQuery,
): Page<T & { similarity: number }> {
  return pageInMemory(similarDemands(of, candidates, Infinity), page, {
    cursorOf: (c) => [c.similarity, c.id],
    fits: (cursor) => cursor.length === 2 && typeof cursor[0] === 'number' && typeof cursor[1] === 'string',
    after: (c, [similarity, id]) =>
      // The order of similarDemands: similarity down, then id by localeCompare.
      c.similarity < (similarity as number) ||
      (c.similarity === similarity && c.id.localeCompare(id as string) > 0),
  });
}
