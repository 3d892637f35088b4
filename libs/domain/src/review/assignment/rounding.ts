import { FlowNetwork } from './flow';
import { Prng } from './prng';

/**
 * The fractional solution as a plain edge list for dependent rounding (Jecmen et al. 2020,
 * "Mitigating manipulation in peer review via randomized reviewer assignments", §4; the
 * sampler OpenReview uses). Flows are in units of 1/b; an edge is fractional when its flow is not
 * a multiple of b. Only fractional edges are kept; pair edges also carry their pair index.
 */
export interface RoundingNetwork {
  scale: number;
  nNodes: number;
  from: Int32Array;
  to: Int32Array;
  flow: Int32Array;
  /** Pair index of each edge, or −1 for the network's other arcs. */
  pair: Int32Array;
  /** Pairs whose flow is already a whole expert (only when q = 1). */
  wholePairs: Int32Array;
  /** Edges incident to each node (CSR). */
  incStart: Int32Array;
  inc: Int32Array;
}

/** `flowPairs`: the pairs with flow (FlowNetwork.flowPairList), so the pairs without are not read. */
export function roundingNetwork(
  net: FlowNetwork,
  flowPairs: { pairs: Int32Array; flows: Int32Array },
): RoundingNetwork {
  const b = net.scale;
  const from: number[] = [];
  const to: number[] = [];
  const flow: number[] = [];
  const pair: number[] = [];
  const whole: number[] = [];
  // Arcs in index order, the pairs first: the pairs with flow, then the other arcs.
  for (let j = 0; j < flowPairs.pairs.length; j++) {
    const i = flowPairs.pairs[j];
    const f = flowPairs.flows[j];
    if (f % b === 0) {
      if (f === b) whole.push(i);
      continue;
    }
    from.push(net.arcFrom[i]);
    to.push(net.arcTo[i]);
    flow.push(f);
    pair.push(i);
  }
  for (let i = net.nPairs; i < net.nArcs; i++) {
    const f = net.arcFlow(i);
    if (f % b === 0) continue;
    from.push(net.arcFrom[i]);
    to.push(net.arcTo[i]);
    flow.push(f);
    pair.push(-1);
  }
  // S → expert: the expert's whole load as one edge (costs no longer matter).
  for (let e = 0; e < net.nE; e++) {
    if (net.load[e] % b === 0) continue;
    from.push(0);
    to.push(1 + e);
    flow.push(net.load[e]);
    pair.push(-1);
  }
  const nNodes = net.nNodes;
  const incStart = new Int32Array(nNodes + 1);
  for (let i = 0; i < from.length; i++) {
    incStart[from[i] + 1]++;
    incStart[to[i] + 1]++;
  }
  for (let v = 0; v < nNodes; v++) incStart[v + 1] += incStart[v];
  const inc = new Int32Array(incStart[nNodes]);
  const fill = incStart.slice();
  for (let i = 0; i < from.length; i++) {
    inc[fill[from[i]]++] = i;
    inc[fill[to[i]]++] = i;
  }
  return {
    scale: b,
    nNodes,
    from: Int32Array.from(from),
    to: Int32Array.from(to),
    flow: Int32Array.from(flow),
    pair: Int32Array.from(pair),
    wholePairs: Int32Array.from(whole),
    incStart,
    inc,
  };
}

/**
 * Dependent rounding. Every node conserves flow and every node total is a multiple of b (experts'
 * loads excepted, which S absorbs, and S's total is k · b per application), so a node touching a
 * fractional edge touches at least two: a walk along fractional edges always closes a cycle.
 * Around a cycle, pushing +α (until some edge reaches a multiple of b) with probability
 * β / (α + β), else −β, keeps every edge's expected flow and every node's balance; each step makes
 * at least one edge whole. Returns the pair indices that end with a whole expert.
 *
 * Marginals: E[final flow] = fractional flow on every edge, so each pair is chosen with
 * probability flow / b ≤ q. Capacities that are multiples of b (load caps, per-organisation
 * limits, slots, k) hold after rounding because edges only move to the neighbouring multiples.
 */
export function roundDependent(rn: RoundingNetwork, rng: Prng): number[] {
  const b = rn.scale;
  const flow = rn.flow.slice();
  const { from, to, incStart } = rn;
  const inc = rn.inc.slice();
  // Per node, inc[incStart[v] .. live[v]) holds edges already whole (swapped to the front).
  const live = incStart.slice(0, rn.nNodes);
  const pos = new Int32Array(rn.nNodes).fill(-1);
  const stackNode = new Int32Array(rn.nNodes + 1);
  const stackEdge = new Int32Array(rn.nNodes + 1);
  const cycle: number[] = [];
  const signs: number[] = [];

  /** A fractional edge at v other than `except`, or −1. */
  const nextEdge = (v: number, except: number): number => {
    const end = incStart[v + 1];
    for (let i = live[v]; i < end; i++) {
      const ed = inc[i];
      if (flow[ed] % b === 0) {
        // Whole now: move it into the dead prefix.
        inc[i] = inc[live[v]];
        inc[live[v]] = ed;
        live[v]++;
        continue;
      }
      if (ed !== except) return ed;
    }
    return -1;
  };

  for (let start = 0; start < rn.nNodes; start++) {
    if (nextEdge(start, -1) < 0) continue;
    let top = 0;
    stackNode[0] = start;
    stackEdge[0] = -1;
    pos[start] = 0;
    for (;;) {
      const v = stackNode[top];
      const ed = nextEdge(v, stackEdge[top]);
      if (ed < 0) {
        // Only the start node can run dry (its cycles are resolved); anything else would break
        // conservation, so just retreat.
        pos[v] = -1;
        if (top === 0) break;
        top--;
        continue;
      }
      const w = from[ed] === v ? to[ed] : from[ed];
      if (pos[w] < 0) {
        top++;
        stackNode[top] = w;
        stackEdge[top] = ed;
        pos[w] = top;
        continue;
      }
      // Cycle: stack positions pos[w] .. top, closed by ed.
      cycle.length = 0;
      signs.length = 0;
      for (let i = pos[w] + 1; i <= top; i++) {
        const x = stackEdge[i];
        cycle.push(x);
        signs.push(from[x] === stackNode[i - 1] ? 1 : -1);
      }
      cycle.push(ed);
      signs.push(from[ed] === v ? 1 : -1);
      let alpha = Infinity;
      let beta = Infinity;
      for (let i = 0; i < cycle.length; i++) {
        const r = flow[cycle[i]] % b;
        const up = b - r;
        if (signs[i] > 0) {
          alpha = Math.min(alpha, up);
          beta = Math.min(beta, r);
        } else {
          alpha = Math.min(alpha, r);
          beta = Math.min(beta, up);
        }
      }
      const step = rng.nextInt(alpha + beta) < beta ? alpha : -beta;
      for (let i = 0; i < cycle.length; i++) flow[cycle[i]] += signs[i] * step;
      for (let i = pos[w] + 1; i <= top; i++) pos[stackNode[i]] = -1;
      top = pos[w];
    }
  }
  const chosen: number[] = Array.from(rn.wholePairs);
  for (let i = 0; i < flow.length; i++) if (rn.pair[i] >= 0 && flow[i] === b) chosen.push(rn.pair[i]);
  return chosen;
}
