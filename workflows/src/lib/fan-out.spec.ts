import { REVIEW_FAN_OUT, slicesOf } from './fan-out';

/** Walks the tree of slices as the round would: its leaves and the widest fan-out of any node. */
function tree(n: number) {
  const leaves: Array<{ from: number; to: number }> = [];
  let widest = 0;
  let depth = 0;
  const walk = (from: number, to: number, d: number) => {
    depth = Math.max(depth, d);
    if (to - from <= REVIEW_FAN_OUT.leaf) return void leaves.push({ from, to });
    const subs = slicesOf(from, to, REVIEW_FAN_OUT);
    widest = Math.max(widest, subs.length);
    for (const s of subs) walk(s.from, s.to, d + 1);
  };
  walk(0, n, 0);
  return { leaves, widest, depth };
}

describe('review fan-out slices', () => {
  it.each([1, 200, 201, 3_000, 50_000, 500_000, 2_000_000])(
    '%i invitations: leaves cover every position once, none over a leaf, no node over a branch',
    (n) => {
      const { leaves, widest } = tree(n);
      expect(leaves[0].from).toBe(0);
      expect(leaves[leaves.length - 1].to).toBe(n);
      for (let i = 1; i < leaves.length; i++) expect(leaves[i].from).toBe(leaves[i - 1].to);
      expect(Math.max(...leaves.map((l) => l.to - l.from))).toBeLessThanOrEqual(REVIEW_FAN_OUT.leaf);
      expect(widest).toBeLessThanOrEqual(REVIEW_FAN_OUT.branch);
    },
  );

  it('3,000 invitations are 15 slices of 200 under the round; 50,000 and 500,000 take two levels', () => {
    expect(tree(3_000)).toMatchObject({ widest: 15, depth: 1 });
    expect(tree(3_000).leaves.every((l) => l.to - l.from === 200)).toBe(true);
    expect(tree(50_000).depth).toBe(2);
    expect(tree(500_000).depth).toBe(2);
  });
});
