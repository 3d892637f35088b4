/**
 * Bounded fan-out (issue 17). Temporal refuses a workflow more than 2,000 pending children and
 * a history past 51,200 events; a review round may send tens of thousands of invitations that
 * all wait on people at once. So the round's invitations are split, by position in the draw's
 * order, into a tree of slices: a slice of at most `leaf` invitations runs them as children; a
 * larger one starts at most `branch` sub-slices. Every workflow then holds at most
 * max(leaf, branch) pending children or activities, and a history of a few events per child.
 */
export interface FanOutBounds {
  /** The most invitations one slice runs itself (each a child, or its redraw in flight). */
  leaf: number;
  /** The most sub-slices one slice starts. */
  branch: number;
}

/**
 * A leaf of 200 keeps a leaf's history near 1,000 events (measured: about 4.4 events per
 * invitation, 8 more per redraw) — far below both the 4 K events at which Temporal suggests
 * continuing as new and the 51,200 limit, even with a redraw for every slot; a branch of 50 makes
 * 3,000 invitations a round with 15 leaves, 50,000 a two-level tree and 500,000 still two levels.
 */
export const REVIEW_FAN_OUT: FanOutBounds = { leaf: 200, branch: 50 };

/** The sub-slices of [from, to): at most `branch` of nearly equal size, each at least `leaf` where it can be. */
export function slicesOf(from: number, to: number, b: FanOutBounds): Array<{ from: number; to: number }> {
  const n = to - from;
  if (n <= b.leaf) return [{ from, to }];
  const count = Math.min(b.branch, Math.ceil(n / b.leaf));
  const size = Math.ceil(n / count);
  const out: Array<{ from: number; to: number }> = [];
  for (let at = from; at < to; at += size) out.push({ from: at, to: Math.min(to, at + size) });
  return out;
}
