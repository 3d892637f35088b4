/**
 * 评审得分分布: the experts' submitted weighted scores of a review round, per application as a
 * five-number summary (a box) and over the round as a histogram. Only submitted sheets count
 * (a draft's score is the expert's own until sent).
 */
export interface ScoredInvitation {
  applicationId: string;
  applicationTitle: string;
  weightedScore: number | null;
  submittedAt: string | null;
}

export interface ScoreBox {
  applicationId: string;
  title: string;
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** The p-quantile of ascending values, interpolated between the nearest ranks (Hyndman–Fan type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function submittedScores(invitations: readonly ScoredInvitation[]): number[] {
  return invitations
    .filter((a) => a.submittedAt !== null && typeof a.weightedScore === 'number')
    .map((a) => a.weightedScore as number);
}

/** One box per application with a submitted score, in the order the applications first appear. */
export function scoreBoxes(invitations: readonly ScoredInvitation[]): ScoreBox[] {
  const byApp = new Map<string, { title: string; scores: number[] }>();
  for (const a of invitations) {
    if (a.submittedAt === null || typeof a.weightedScore !== 'number') continue;
    const entry = byApp.get(a.applicationId) ?? { title: a.applicationTitle, scores: [] };
    entry.scores.push(a.weightedScore);
    byApp.set(a.applicationId, entry);
  }
  return [...byApp].map(([applicationId, { title, scores }]) => {
    const s = [...scores].sort((x, y) => x - y);
    return {
      applicationId,
      title,
      n: s.length,
      min: round2(s[0]),
      q1: round2(quantile(s, 0.25)),
      median: round2(quantile(s, 0.5)),
      q3: round2(quantile(s, 0.75)),
      max: round2(s[s.length - 1]),
    };
  });
}

export interface Bin {
  /** "80–90": the lower bound included, the upper one excluded (the last bin includes it). */
  range: string;
  from: number;
  to: number;
  count: number;
}

/**
 * Scores counted in bins of `width` points, from the bin holding the lowest score to the one
 * holding the highest (empty bins between them included, so the gaps show).
 */
export function scoreHistogram(scores: readonly number[], width = 10): Bin[] {
  if (scores.length === 0) return [];
  const lo = Math.floor(Math.min(...scores) / width) * width;
  const top = Math.max(...scores);
  // A score on a bin's lower edge opens that bin, except the maximum, which closes the last one.
  const hi = Math.max(lo + width, Math.ceil(top / width) * width);
  const bins: Bin[] = [];
  for (let from = lo; from < hi; from += width)
    bins.push({ range: `${from}–${from + width}`, from, to: from + width, count: 0 });
  for (const x of scores) {
    const i = Math.min(bins.length - 1, Math.floor((x - lo) / width));
    bins[i].count += 1;
  }
  return bins;
}
