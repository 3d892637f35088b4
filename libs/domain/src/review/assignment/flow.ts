import { Arena } from './arena';
import { CandidateLists } from './candidates';
import { ASSIGNMENT_SOLVER_VERSION, AssignmentSolverVersion, FINANCE, ISSUER, Problem } from './schema';

/**
 * The assignment as a min-cost flow, solved by successive shortest paths with node potentials.
 *
 * Network (all capacities multiplied by the scale b; b = 1 for the integral problem, b = the
 * denominator of q for the fractional one):
 *
 *   S ──(load cap)──▶ expert ──(pair cap)──▶ [org group] ──(max per org)──▶ role node ──▶ t_a
 *
 * - S → expert is convex: the j-th unit of an expert's load costs ⌊j / b⌋. It is not stored as
 *   parallel unit arcs: only the marginal unit matters, so it is computed from the load.
 * - expert → application: one arc per candidate pair, capacity 1 (b for the integral problem;
 *   a = q·b for the fractional one), cost M · (100 − affinity in hundredths).
 * - Candidates of one application from the same organisation and of the same role type share an
 *   org-group node of capacity maxPerOrganisation (skipped when the group is that small anyway).
 * - Role types route the panel rules: t_a takes k units: one through the finance slot (from the
 *   finance node), one through the issuer slot when that rule is on, the rest through the general
 *   node, which every role node also feeds. A finance-and-issuer expert reaches both role nodes.
 *   So each panel has its finance expert and issuer representative as two different experts.
 *   Solver 2.0.0 has no t_a: the slots are full in every feasible flow, so the finance and issuer
 *   nodes are sinks of b units each and the general node of the rest (same optima, fewer nodes
 *   on the searches' way; see solve).
 * - Org groups are per (organisation, role type): an organisation whose candidates for one
 *   application hold different roles could place one expert of each (the per-organisation and
 *   the role constraints are not nested, so no network expresses both). The engine checks the
 *   solution for that and, where it happens, splits the organisation's seats among its role
 *   types (branch and bound, or greedily on large requests; see engine.ts).
 *
 * Algorithm: successive shortest paths, one unit (or one load segment) at a time, each a
 * Dijkstra backwards from the application's sink on reduced costs with a binary heap, stopped at
 * the first source; potentials are updated for the settled nodes only. Pairs can also be taken
 * out of a solved network and the flow re-optimised from there (removePairsAndRepair).
 *
 * A search's work is the nodes closer than the path it finds: at national scale ~50 a search
 * (solver 1.0.0), most of them other applications' nodes reached through a popular expert's used
 * pairs at equal cost, looked at again by the next search that reaches that expert. A node whose
 * in-arcs all lie beyond the search's bound (its floor, see `node`) is settled without reading
 * them: the same choices, so 1.0.0 does it too. 2.0.0's role sinks take the full panels' t_a (a
 * fifth of those nodes) off the searches' way: ~30 % fewer nodes settled than 1.0.0 on the same
 * request, and its own choice among equal optima.
 *
 * Cost magnitude: M exceeds the largest possible total load penalty, so the flow first maximises
 * total affinity exactly and only among the maximisers spreads load (sum of ⌊j/b⌋ over units):
 * a difference of 0.01 affinity always outweighs any load pattern. Everything stays an integer
 * below 2^53, so Dijkstra compares exactly.
 */
export interface FlowSpec {
  p: Problem;
  cand: CandidateLists;
  /** Candidate pairs taken out (a * nE + e). */
  excluded: Set<number>;
  /**
   * Seats of one application's panel open to one organisation's experts of one role type, keyed
   * groupKey(p, a, org, type); absent: maxPerOrganisation. Set by the branch and bound.
   */
  groupCaps?: Map<number, number>;
  scale: number;
  pairCap: number;
  /** Per candidate (index into cand), the pair's cost in hundredths, 0..100. */
  costHundredths: Uint8Array;
  /** Which solver's network and order of the searches (see solve); absent: the newest. */
  solver?: AssignmentSolverVersion;
}

/** Key of (application, organisation, role type) for FlowSpec.groupCaps. */
export function groupKey(p: Problem, a: number, org: number, type: number): number {
  return (a * p.nOrgs + org) * 4 + type;
}

/** Fields of a half-edge record (FlowNetwork.hRec). */
const TAIL = 0;
const CAP = 1;
const COST = 2;
const TWIN = 3;

export class FlowNetwork {
  readonly nNodes: number;
  readonly nPairs: number;
  /** Arcs 0 .. nPairs − 1 are the pairs, then the application-side arcs. */
  readonly nArcs: number;
  readonly arcFrom: Int32Array;
  readonly arcTo: Int32Array;
  /** Per pair. */
  readonly pairApp: Int32Array;
  readonly pairExpert: Int32Array;
  readonly pairCand: Int32Array;
  readonly appPairStart: Int32Array;
  readonly load: Int32Array;
  readonly scale: number;
  readonly nE: number;

  /**
   * Residual arcs ("half-edges"), grouped by head node so that the backward search reads each
   * node's in-arcs from contiguous memory: every arc became two half-edges, forward (head = to)
   * and backward (head = from), twins of each other. Half-edge h is the record
   * hRec[4h .. 4h + 3] = tail, residual capacity, cost in hundredths (±, 0 off the pairs; the
   * cost is bigM times it), twin: one cache line serves a scan, where four arrays took four
   * (at national scale the search is bound by memory, not arithmetic).
   */
  private readonly hRec: Int32Array;
  private readonly bigM: number;
  /** Per node v: [2v] its first in-half-edge, [2v + 1] its first pair half-edge (see below). */
  private readonly hRange: Int32Array;
  /** Pair of a half-edge, or −1 (none, or taken out by removePairsAndRepair). */
  private readonly hPair: Int32Array;
  /** Per arc: its forward and backward half-edge. */
  private readonly fwd: Int32Array;
  private readonly bwd: Int32Array;
  /** Per application its sinks (sinkStart, CSR) and each sink's demand. */
  private readonly sinkStart: Int32Array;
  private readonly sinkNode: Int32Array;
  private readonly sinkNeed: Int32Array;
  private readonly nodeApp: Int32Array;
  private readonly capScaled: Int32Array;
  /**
   * Per expert, the pairs carrying flow as triples [backward half-edge (head = expert), its tail
   * (the application-side node), its cost in hundredths]: the search reads them without touching
   * the half-edges. Expert e's triples are usedRec[3 · usedStart[e] ..] (usedLen[e] of them, room
   * for usedStart[e + 1] − usedStart[e]): one typed array rather than 30,000 growing lists.
   */
  private readonly usedRec: Int32Array;
  private readonly usedStart: Int32Array;
  private readonly usedLen: Int32Array;
  /**
   * Per node, interleaved for locality: π, distance, stamp (2s: labelled in search s, 2s + 1:
   * settled), and for application-side nodes a floor: a lower bound on cost · M + π(tail) over
   * the node's residual in-arcs (−∞: unknown). π(tail) only grows during searches, so a floor
   * stays a bound until an arc into the node becomes residual (push) or a tail's π falls
   * (returnExcess), which reset it. A node whose floor puts every in-arc beyond the search's
   * bound is settled without scanning its arcs: the scan would have labelled nothing.
   */
  private readonly node: Float64Array;
  private readonly via: Int32Array;
  private readonly next: Int32Array;
  private readonly heap: Int32Array;
  private readonly heapKey: Float64Array;
  private readonly heapPos: Int32Array;
  private readonly settled: Int32Array;
  private readonly excess: Int32Array;
  private readonly deficit: Int32Array;
  private heapSize = 0;
  /** Labelled nodes at the distance being expanded, waiting ahead of the heap. */
  private readonly levelQueue: Int32Array;
  private levelSize = 0;
  /** Distance of the node being expanded (−1 before the first). */
  private level = -1;
  private stamp = 0;
  private settledCount = 0;
  private source = -1;
  /** Per application, the cost (hundredths) of its k-th cheapest pair: sets the fill order. */
  private readonly kthCost: Float64Array;
  /** A lower bound on every expert's potential (0 until a forward search lowers some). */
  private minPi = 0;
  private readonly solver: AssignmentSolverVersion;
  /** Per application its first node (nA + 1 entries): an application's nodes lie together. */
  private readonly appNodeStart: Int32Array;
  /** Role nodes per application (its first nodes); the org-group nodes follow them. */
  private roleNodes = 0;
  private readonly pairCap: number;

  constructor(spec: FlowSpec) {
    const { p, cand, excluded, scale: b, pairCap } = spec;
    const caps = spec.groupCaps?.size ? spec.groupCaps : null;
    this.solver = spec.solver ?? ASSIGNMENT_SOLVER_VERSION;
    this.pairCap = pairCap;
    const nE = p.nE;
    this.nE = nE;
    this.scale = b;
    const m = p.maxPerOrg;
    const slots = (p.financeRule ? 1 : 0) + (p.issuerRule ? 1 : 0);
    const roleMask = (p.financeRule ? FINANCE : 0) | (p.issuerRule ? ISSUER : 0);

    // Pass 1: nodes, pair heads and application-side arcs, application by application.
    let nodes = 1 + nE;
    const maxPairs = cand.expert.length;
    const first = new Arena(4 * Arena.bytes(maxPairs, 4) + Arena.bytes(p.nA + 1, 4) + Arena.bytes(nE, 4));
    const pairExpert = first.i32(maxPairs);
    const pairApp = first.i32(maxPairs);
    const pairCand = first.i32(maxPairs);
    // Heads of the pairs; reused below for the pairs sorted by cost.
    const pairHead = first.i32(maxPairs);
    const appPairStart = first.i32(p.nA + 1);
    const candCount = first.i32(nE);
    let P = 0;
    const arcFrom: number[] = [];
    const arcTo: number[] = [];
    const arcCap: number[] = [];
    const nodeAppList: number[] = [];
    const v2 = this.solver !== 'kjflow-assign/1.0.0';
    // Per application its sinks and their demands (1.0.0: t_a, k · b; later: see below).
    const sinkStart = new Int32Array(p.nA + 1);
    const sinkNode: number[] = [];
    const sinkNeed: number[] = [];
    const newNode = (a: number) => {
      nodeAppList.push(a);
      return nodes++;
    };
    const arc = (from: number, to: number, cap: number) => {
      if (cap <= 0) return;
      arcFrom.push(from);
      arcTo.push(to);
      arcCap.push(cap);
    };
    // Per (organisation, role type) of the current application: group size, then group node.
    const groupSize = new Int32Array(4 * p.nOrgs);
    const groupNode = new Int32Array(4 * p.nOrgs).fill(-1);
    const touched: number[] = [];
    const appNodeStart = new Int32Array(p.nA + 1);
    for (let a = 0; a < p.nA; a++) {
      appNodeStart[a] = nodes;
      // 2.0.0: no t_a. Its in-arcs are full in every feasible flow (they add up to k · b), so each
      // role node is a sink of its own: the finance and issuer nodes with demand b each, the
      // general node with the rest. Same optima; a search no longer passes through the sinks of
      // full panels, and the seats are filled one role at a time (see solve).
      const t = v2 ? -1 : newNode(a);
      const general = slots > 0 || v2 ? newNode(a) : t;
      const roleNode = [general, -1, -1, -1];
      if (slots > 0 && !v2) arc(general, t, (p.k - slots) * b);
      if (p.financeRule) {
        roleNode[FINANCE] = newNode(a);
        if (v2) {
          sinkNode.push(roleNode[FINANCE]);
          sinkNeed.push(b);
        } else arc(roleNode[FINANCE], t, b);
        arc(roleNode[FINANCE], general, p.k * b);
      }
      if (p.issuerRule) {
        roleNode[ISSUER] = newNode(a);
        if (v2) {
          sinkNode.push(roleNode[ISSUER]);
          sinkNeed.push(b);
        } else arc(roleNode[ISSUER], t, b);
        arc(roleNode[ISSUER], general, p.k * b);
      }
      if (!v2 || p.k > slots) {
        sinkNode.push(v2 ? general : t);
        sinkNeed.push(v2 ? (p.k - slots) * b : p.k * b);
      }
      sinkStart[a + 1] = sinkNode.length;
      if (p.financeRule && p.issuerRule) {
        roleNode[FINANCE | ISSUER] = newNode(a);
        arc(roleNode[FINANCE | ISSUER], roleNode[FINANCE], p.k * b);
        arc(roleNode[FINANCE | ISSUER], roleNode[ISSUER], p.k * b);
      }
      this.roleNodes = nodes - appNodeStart[a];
      const from = cand.start[a];
      const to = cand.start[a + 1];
      for (let i = from; i < to; i++) {
        const e = cand.expert[i];
        if (excluded.size && excluded.has(a * nE + e)) continue;
        const key = p.expertOrg[e] * 4 + (p.expertFlags[e] & roleMask);
        if (groupSize[key]++ === 0) touched.push(key);
      }
      for (let i = from; i < to; i++) {
        const e = cand.expert[i];
        if (excluded.size && excluded.has(a * nE + e)) continue;
        const key = p.expertOrg[e] * 4 + (p.expertFlags[e] & roleMask);
        let head = roleNode[key & 3];
        const seats = caps ? (caps.get(a * 4 * p.nOrgs + key) ?? m) : m;
        if (seats === 0) continue;
        if (groupSize[key] > seats) {
          if (groupNode[key] < 0) {
            groupNode[key] = newNode(a);
            arc(groupNode[key], head, seats * b);
          }
          head = groupNode[key];
        }
        pairExpert[P] = e;
        pairHead[P] = head;
        pairApp[P] = a;
        pairCand[P++] = i;
        candCount[e]++;
      }
      for (const key of touched) {
        groupSize[key] = 0;
        groupNode[key] = -1;
      }
      touched.length = 0;
      appPairStart[a + 1] = P;
    }
    appNodeStart[p.nA] = nodes;
    this.appNodeStart = appNodeStart;

    // Every other array in one buffer (see Arena).
    const nArcs = P + arcFrom.length;
    const H = 2 * nArcs;
    const i32 = (n: number) => Arena.bytes(n, 4);
    // An expert's pairs with flow: at most its candidates, and at most its load (each carries a
    // unit) plus one while a path passes through it (augment drops before it adds; returnExcess
    // may add first).
    let usedSlots = 0;
    for (let e = 0; e < nE; e++) usedSlots += Math.min(candCount[e], p.expertCap[e] * b + 2);
    const arena = new Arena(
      2 * i32(nArcs) + // arcFrom, arcTo
        2 * i32(nodes + 1) + // hStart, fill
        i32(2 * nodes + 2) + // hRange
        i32(4 * H) + // hRec
        i32(H) + // hPair
        2 * i32(nArcs) + // fwd, bwd
        Arena.bytes(p.nA, 8) + // kthCost
        2 * i32(nE) + // capScaled, load
        Arena.bytes(5 * nodes, 8) + // node, heapKey
        9 * i32(nodes) + // nodeApp, via, next, heap, heapPos, levelQueue, settled, excess, deficit
        i32(nE + 1) + // usedStart
        i32(nE) + // usedLen
        i32(3 * usedSlots), // usedRec
    );

    // Load penalty bound → M (see the header comment).
    this.capScaled = arena.i32(nE);
    let penalty = 0;
    for (let e = 0; e < nE; e++) {
      this.capScaled[e] = p.expertCap[e] * b;
      const U = Math.min(this.capScaled[e], candCount[e] * pairCap);
      const q = Math.floor(U / b);
      penalty += (b * q * (q - 1)) / 2 + (U - q * b) * q;
    }
    const bigM = penalty + 1;
    this.bigM = bigM;

    // Pass 2: arcs (pairs first), then half-edges grouped by head node.
    this.nNodes = nodes;
    this.nPairs = P;
    this.nArcs = nArcs;
    const from = arena.i32(nArcs);
    const to = arena.i32(nArcs);
    for (let i = 0; i < P; i++) {
      from[i] = 1 + pairExpert[i];
      to[i] = pairHead[i];
    }
    for (let j = 0; j < arcFrom.length; j++) {
      from[P + j] = arcFrom[j];
      to[P + j] = arcTo[j];
    }
    this.arcFrom = from;
    this.arcTo = to;
    const hStart = arena.i32(nodes + 1);
    for (let i = 0; i < nArcs; i++) {
      hStart[to[i] + 1]++;
      hStart[from[i] + 1]++;
    }
    for (let v = 0; v < nodes; v++) hStart[v + 1] += hStart[v];
    const fill = arena.i32(nodes + 1);
    fill.set(hStart);
    const rec = arena.i32(4 * H);
    this.hRec = rec;
    this.hPair = arena.i32(H).fill(-1);
    this.fwd = arena.i32(nArcs);
    this.bwd = arena.i32(nArcs);
    const place = (i: number, capacity: number, c: number) => {
      const f = fill[to[i]]++;
      const r = fill[from[i]]++;
      rec[4 * f + TAIL] = from[i];
      rec[4 * f + CAP] = capacity;
      rec[4 * f + COST] = c;
      rec[4 * f + TWIN] = r;
      rec[4 * r + TAIL] = to[i];
      rec[4 * r + COST] = -c;
      rec[4 * r + TWIN] = f;
      if (i < P) {
        this.hPair[f] = i;
        this.hPair[r] = i;
      }
      this.fwd[i] = f;
      this.bwd[i] = r;
    };
    // Within each application-side node's in-arcs: application-side arcs first, then the pairs
    // by cost, cheapest first, so that the search can stop scanning a node once even the
    // cheapest remaining pair cannot beat its bound; hRange[2v + 1] marks where the pairs begin.
    // Filled application by application, which keeps the writes local.
    const costH = spec.costHundredths;
    for (let j = 0; j < arcFrom.length; j++) place(P + j, arcCap[j], 0);
    const range = arena.i32(2 * nodes + 2);
    for (let v = 0; v <= nodes; v++) {
      range[2 * v] = hStart[v];
      range[2 * v + 1] = fill[v];
    }
    this.hRange = range;
    const sorted = pairHead; // the heads are in `to` now
    this.kthCost = arena.f64(p.nA);
    // Per application its pairs by cost, stable: keys cost · 2^32 + position, sorted numerically
    // (insertion sort for short lists, which a pruned request's are), in `keys`.
    let widest = 0;
    for (let a = 0; a < p.nA; a++) widest = Math.max(widest, appPairStart[a + 1] - appPairStart[a]);
    const keys = new Float64Array(widest);
    for (let a = 0; a < p.nA; a++) {
      const lo = appPairStart[a];
      const hi = appPairStart[a + 1];
      const n = hi - lo;
      for (let t = 0; t < n; t++) keys[t] = costH[pairCand[lo + t]] * 0x100000000 + t;
      if (n > 64) keys.subarray(0, n).sort();
      else
        for (let t = 1; t < n; t++) {
          const key = keys[t];
          let j = t - 1;
          while (j >= 0 && keys[j] > key) {
            keys[j + 1] = keys[j];
            j--;
          }
          keys[j + 1] = key;
        }
      for (let t = 0; t < n; t++) sorted[lo + t] = lo + (keys[t] % 0x100000000);
      for (let i = lo; i < hi; i++) place(sorted[i], pairCap, costH[pairCand[sorted[i]]]);
      this.kthCost[a] = hi > lo ? costH[pairCand[sorted[Math.min(lo + p.k, hi) - 1]]] : 0;
    }
    this.pairApp = pairApp.subarray(0, P);
    this.pairExpert = pairExpert.subarray(0, P);
    this.pairCand = pairCand.subarray(0, P);
    this.appPairStart = appPairStart;
    this.sinkStart = sinkStart;
    this.sinkNode = Int32Array.from(sinkNode);
    this.sinkNeed = Int32Array.from(sinkNeed);
    this.nodeApp = arena.i32(nodes).fill(-1);
    nodeAppList.forEach((a, i) => (this.nodeApp[1 + nE + i] = a));
    this.load = arena.i32(nE);
    this.usedStart = arena.i32(nE + 1);
    for (let e = 0; e < nE; e++)
      this.usedStart[e + 1] = this.usedStart[e] + Math.min(candCount[e], p.expertCap[e] * b + 2);
    this.usedLen = arena.i32(nE);
    this.usedRec = arena.i32(3 * usedSlots);
    this.node = arena.f64(4 * nodes);
    for (let v = 0; v < nodes; v++) this.node[4 * v + 3] = -Infinity;
    this.heapKey = arena.f64(nodes);
    this.via = arena.i32(nodes);
    this.next = arena.i32(nodes);
    this.heap = arena.i32(nodes);
    this.heapPos = arena.i32(nodes).fill(-1);
    this.levelQueue = arena.i32(nodes);
    this.settled = arena.i32(nodes);
    this.excess = arena.i32(nodes);
    this.deficit = arena.i32(nodes);
  }

  /** Flow on pair i (scaled units). */
  pairFlow(i: number): number {
    return this.hRec[4 * this.bwd[i] + CAP];
  }

  /**
   * Application a's pairs that carry flow, ascending, into `pairs` and their flows into `flows`
   * (room for every unit of the application's demand); returns how many. Read from the
   * application's nodes' pair half-edges, which lie together: a forward half-edge's capacity is
   * pairCap less the flow (pairFlow over all pairs reads each pair's scattered backward one).
   */
  flowPairsOf(a: number, pairs: Int32Array, flows: Int32Array): number {
    const { hRec, hPair, hRange, pairCap } = this;
    let n = 0;
    for (let v = this.appNodeStart[a], last = this.appNodeStart[a + 1]; v < last; v++)
      for (let h = hRange[2 * v + 1], end = hRange[2 * v + 2]; h < end; h++) {
        const f = pairCap - hRec[4 * h + CAP];
        if (f === 0) continue;
        const pair = hPair[h];
        if (pair < 0) continue; // taken out
        let j = n++;
        while (j > 0 && pairs[j - 1] > pair) {
          pairs[j] = pairs[j - 1];
          flows[j] = flows[j - 1];
          j--;
        }
        pairs[j] = pair;
        flows[j] = f;
      }
    return n;
  }

  /** Every pair that carries flow, ascending, with its flow (flowPairsOf for each application). */
  flowPairList(): { pairs: Int32Array; flows: Int32Array } {
    // Each such pair carries a unit of some application's demand at least.
    let units = 0;
    for (let s = 0; s < this.sinkNeed.length; s++) units += this.sinkNeed[s];
    const pairs = new Int32Array(units);
    const flows = new Int32Array(units);
    let n = 0;
    for (let a = 0; a + 1 < this.appNodeStart.length; a++)
      n += this.flowPairsOf(a, pairs.subarray(n), flows.subarray(n));
    return { pairs: pairs.subarray(0, n), flows: flows.subarray(0, n) };
  }

  /** Whether pair i runs through an org-group node (its organisation's type has more candidates than seats). */
  pairGrouped(i: number): boolean {
    return this.arcTo[i] >= this.appNodeStart[this.pairApp[i]] + this.roleNodes;
  }

  /** Flow on arc i (scaled units). */
  arcFlow(i: number): number {
    return this.hRec[4 * this.bwd[i] + CAP];
  }

  /**
   * Fill every application's demand, one shortest augmenting path at a time. Any order reaches
   * the same optimum cost; the applications whose k-th best candidate is strongest go first,
   * which leaves fewer displacements for the later searches (about 10 % faster on the
   * benchmark), and (2.0.0) an application's finance and issuer seats before its others (tried:
   * every application's finance seat first, or the general seats first: no fewer nodes settled).
   * Returns the applications that could not be filled, each with the number of other
   * applications its search ran into.
   */
  solve(): Array<{ app: number; competing: number }> {
    const failed: Array<{ app: number; competing: number }> = [];
    const order = this.fillOrder();
    for (const a of order) {
      for (let s = this.sinkStart[a]; s < this.sinkStart[a + 1]; s++) {
        const root = this.sinkNode[s];
        let need = this.sinkNeed[s];
        while (need > 0) {
          if (!this.search(root)) {
            failed.push({ app: a, competing: this.competingApps(a) });
            break;
          }
          need -= this.augment(root, need);
        }
        if (need > 0) break;
      }
    }
    return failed;
  }

  /** Applications by their k-th cheapest pair cost, ascending (ties: index). */
  private fillOrder(): Int32Array {
    const kth = this.kthCost;
    return Int32Array.from({ length: kth.length }, (_, a) => a).sort((x, y) => kth[x] - kth[y] || x - y);
  }

  /**
   * Take pairs out of an optimal flow and re-optimise locally (warm start). A removed pair's flow
   * leaves an excess at its expert and a deficit at its application-side head; every other arc
   * keeps its flow, so all reduced costs stay ≥ 0. S is treated as a free node (it may send or
   * take back any amount: the demands fix its total anyway), so the repair is two kinds of
   * shortest paths: into each deficit from S or an excess (backward search), then from each
   * remaining excess to S (forward search). Both are short, unlike one path from the excess to
   * the deficit through S. Returns the applications that could not be refilled.
   */
  removePairsAndRepair(pairs: number[]): Array<{ app: number; competing: number }> {
    const deficits: number[] = [];
    const excesses: number[] = [];
    for (const i of pairs) {
      const f = this.hRec[4 * this.bwd[i] + CAP];
      this.hRec[4 * this.fwd[i] + CAP] = 0;
      this.hRec[4 * this.bwd[i] + CAP] = 0;
      this.hPair[this.fwd[i]] = this.hPair[this.bwd[i]] = -1;
      if (f === 0) continue;
      this.dropUsed(this.pairExpert[i], this.bwd[i]);
      const e = 1 + this.pairExpert[i];
      if (this.excess[e] === 0) excesses.push(e);
      this.excess[e] += f;
      const x = this.arcTo[i];
      if (this.deficit[x] === 0) deficits.push(x);
      this.deficit[x] += f;
    }
    const failed: Array<{ app: number; competing: number }> = [];
    for (const x of deficits) {
      while (this.deficit[x] > 0) {
        if (!this.search(x)) {
          const app = this.nodeApp[x];
          failed.push({ app, competing: this.competingApps(app) });
          this.deficit[x] = 0;
          break;
        }
        this.deficit[x] -= this.augment(x, this.deficit[x]);
      }
    }
    for (const e of excesses) while (this.excess[e] > 0) this.excess[e] -= this.returnExcess(e);
    return failed;
  }

  /**
   * Dijkstra on reduced costs, backwards from `root` over residual arcs, until it settles a
   * source: S, or (when repairing) an expert with excess. Reduced cost of a residual arc u → v is
   * cost + π(u) − π(v) ≥ 0 (the invariant). Nodes no closer than the best source found so far
   * are not queued: they cannot lead to a shorter path.
   */
  private search(root: number): boolean {
    const S = 0;
    const nE = this.nE;
    const { node, hRange, hRec, bigM, load, capScaled, usedRec, usedStart, usedLen, settled, excess } = this;
    const b = this.scale;
    const sid = (this.stamp += 2);
    this.heapSize = 0;
    this.levelSize = 0;
    this.level = -1;
    this.settledCount = 0;
    this.label(root, 0, -1, -1, sid);
    let bound = Infinity;
    let source = -1;
    while (this.heapSize > 0 || this.levelSize > 0) {
      const v = this.levelSize > 0 ? this.levelQueue[--this.levelSize] : this.heapPop();
      const vb = v << 2;
      node[vb + 2] = sid + 1;
      settled[this.settledCount++] = v;
      if (v === S || excess[v] > 0) {
        source = v;
        break;
      }
      const dv = node[vb + 1];
      this.level = dv;
      const pv = node[vb];
      if (v <= nE) {
        const e = v - 1;
        if (load[e] < capScaled[e]) {
          const d = dv + Math.floor(load[e] / b) + node[0] - pv;
          if (d < bound) {
            this.label(S, d, -1, v, sid);
            bound = d;
          }
        }
        for (let i = 3 * usedStart[e], end = i + 3 * usedLen[e]; i < end; i += 3) {
          const x = usedRec[i + 1];
          const xb = x << 2;
          if (node[xb + 2] === sid + 1) continue;
          const d = dv + bigM * usedRec[i + 2] + node[xb] - pv;
          if (d < bound && (node[xb + 2] !== sid || d < node[xb + 1])) this.label(x, d, usedRec[i], v, sid);
        }
      } else {
        if (dv + node[vb + 3] - pv >= bound) {
          continue;
        }
        const pairs = hRange[2 * v + 1];
        const floor = this.minPi - pv;
        let least = Infinity;
        for (let h = hRange[2 * v], end = hRange[2 * v + 2]; h < end; h++) {
          const hb = 4 * h;
          if (h >= pairs && dv + bigM * hRec[hb + COST] + floor >= bound) {
            least = Math.min(least, bigM * hRec[hb + COST] + this.minPi);
            break;
          }
          if (hRec[hb + CAP] <= 0) continue;
          const u = hRec[hb + TAIL];
          const ub = u << 2;
          least = Math.min(least, bigM * hRec[hb + COST] + node[ub]);
          if (node[ub + 2] === sid + 1) continue;
          const d = dv + bigM * hRec[hb + COST] + node[ub] - pv;
          if (d >= bound) continue;
          if (node[ub + 2] === sid && d >= node[ub + 1]) continue;
          this.label(u, d, h, v, sid);
          if (u > nE) continue;
          if (excess[u] > 0) bound = d;
          else if (load[u - 1] < capScaled[u - 1]) {
            // Label S through this expert now, not when it is settled: the early bound keeps
            // most of the candidates this search touches out of the heap. (If the expert's
            // label drops later, settling it relaxes S again.)
            const dS = d + Math.floor(load[u - 1] / b) + node[0] - node[ub];
            if (dS < bound) {
              this.label(S, dS, -1, u, sid);
              bound = dS;
            }
          }
        }
        node[vb + 3] = least;
      }
    }
    if (source < 0) return false;
    this.source = source;
    const delta = node[(source << 2) + 1];
    for (let i = 0; i < this.settledCount; i++) {
      const vb = settled[i] << 2;
      node[vb] += delta - node[vb + 1];
    }
    return true;
  }

  /**
   * Send (part of) expert e's excess back to S along a shortest path: forward Dijkstra from e
   * (out-arcs are the twins of a node's in-half-edges; an expert's load returns to S at the cost
   * of its top unit). Returns the amount sent.
   */
  private returnExcess(src: number): number {
    const S = 0;
    const nE = this.nE;
    const { node, hRange, hRec, bigM, load, settled, via, next } = this;
    const b = this.scale;
    const sid = (this.stamp += 2);
    this.heapSize = 0;
    this.levelSize = 0;
    this.level = -1;
    this.settledCount = 0;
    this.label(src, 0, -1, -1, sid);
    let found = false;
    while (this.heapSize > 0 || this.levelSize > 0) {
      const v = this.levelSize > 0 ? this.levelQueue[--this.levelSize] : this.heapPop();
      const vb = v << 2;
      node[vb + 2] = sid + 1;
      settled[this.settledCount++] = v;
      if (v === S) {
        found = true;
        break;
      }
      const dv = node[vb + 1];
      this.level = dv;
      const pv = node[vb];
      if (v <= nE && load[v - 1] > 0) {
        const d = dv - Math.floor((load[v - 1] - 1) / b) + pv - node[0];
        if (node[2] !== sid || d < node[1]) this.label(S, d, -2, v, sid);
      }
      for (let h = hRange[2 * v], end = hRange[2 * v + 2]; h < end; h++) {
        const t = hRec[4 * h + TWIN];
        if (hRec[4 * t + CAP] <= 0) continue;
        const u = hRec[4 * h + TAIL];
        const ub = u << 2;
        if (node[ub + 2] === sid + 1) continue;
        const d = dv + bigM * hRec[4 * t + COST] + pv - node[ub];
        if (node[ub + 2] !== sid || d < node[ub + 1]) this.label(u, d, t, v, sid);
      }
    }
    if (!found) throw new Error('assignment: an excess could not return to S');
    // Forward potentials: π(v) += d(v) − δ for the settled nodes (S keeps its potential).
    const delta = node[1];
    for (let i = 0; i < this.settledCount; i++) {
      const v = settled[i];
      const vb = v << 2;
      node[vb] += node[vb + 1] - delta;
      if (v <= nE && node[vb] < this.minPi) this.minPi = node[vb];
      // A lower potential lowers the floors of the nodes v's out-arcs lead to.
      for (let h = hRange[2 * v], end = hRange[2 * v + 2]; h < end; h++)
        node[(hRec[4 * h + TAIL] << 2) + 3] = -Infinity;
    }
    // Path S ← … ← src through `next` (the predecessor here); bottleneck, then push.
    let amount = this.excess[src];
    for (let v = S; v !== src; v = next[v]) {
      const h = via[v];
      if (h === -2) {
        const l = load[next[v] - 1];
        amount = Math.min(amount, l - b * Math.floor((l - 1) / b));
      } else amount = Math.min(amount, hRec[4 * h + CAP]);
    }
    for (let v = S; v !== src; v = next[v]) {
      const h = via[v];
      if (h === -2) load[next[v] - 1] -= amount;
      else this.push(h, amount, next[v], v);
    }
    return amount;
  }

  /**
   * Push `delta` along half-edge h (tail → head), keeping the experts' lists of used pairs. Its
   * ends say what it is (an expert's only arcs are its pairs): expert → application, a pair's
   * forward half-edge; application → expert, its backward one (whose capacity is the flow);
   * otherwise an application-side arc. No pair lookup (hPair, bwd): two memory reads fewer.
   */
  private push(h: number, delta: number, tail: number, head: number): void {
    const { hRec, nE } = this;
    const t = hRec[4 * h + TWIN];
    const forward = tail <= nE;
    const backward = head <= nE;
    const r = backward ? h : t;
    const before = forward || backward ? hRec[4 * r + CAP] : 0;
    hRec[4 * h + CAP] -= delta;
    hRec[4 * t + CAP] += delta;
    // The twin is a new residual in-arc of h's tail.
    this.node[(tail << 2) + 3] = -Infinity;
    if (!forward && !backward) return;
    const after = hRec[4 * r + CAP];
    const e = (forward ? tail : head) - 1;
    if (before === 0 && after > 0) {
      const at = this.usedStart[e] + this.usedLen[e]++;
      if (at >= this.usedStart[e + 1])
        throw new Error('assignment: an expert has more pairs in use than room');
      this.usedRec[3 * at] = r;
      this.usedRec[3 * at + 1] = hRec[4 * r + TAIL];
      this.usedRec[3 * at + 2] = hRec[4 * r + COST];
    } else if (before > 0 && after === 0) this.dropUsed(e, r);
  }

  /** Remove backward half-edge r from expert e's used triples (swap with the last). */
  private dropUsed(e: number, r: number): void {
    const rec = this.usedRec;
    let k = 3 * this.usedStart[e];
    while (rec[k] !== r) k += 3;
    const last = 3 * (this.usedStart[e] + --this.usedLen[e]);
    rec[k] = rec[last];
    rec[k + 1] = rec[last + 1];
    rec[k + 2] = rec[last + 2];
  }

  /** Set u's tentative distance (queued or decreased). */
  private label(u: number, d: number, h: number, v: number, sid: number): void {
    const ub = u << 2;
    this.node[ub + 1] = d;
    this.via[u] = h;
    this.next[u] = v;
    if (this.node[ub + 2] !== sid) {
      this.node[ub + 2] = sid;
      // Most labels equal the distance being expanded (tight arcs of reduced cost 0): those
      // nodes are next in Dijkstra order anyway, so they skip the heap.
      if (d === this.level) {
        this.levelQueue[this.levelSize++] = u;
        return;
      }
      const i = this.heapSize++;
      this.heap[i] = u;
      this.heapKey[i] = d;
      this.siftUp(i);
    } else {
      const i = this.heapPos[u];
      this.heapKey[i] = d;
      this.siftUp(i);
    }
  }

  /**
   * Push flow along the path found by `search`, from its source to `root`; returns the amount
   * (≤ need, and ≤ the source's excess when repairing). Arc code −1 is S → expert: one load
   * segment of b units at one cost (−2, expert → S, appears in returnExcess).
   */
  private augment(root: number, need: number): number {
    const { hRec, via, next, load, capScaled, excess } = this;
    const b = this.scale;
    const src = this.source;
    let delta = src === 0 ? need : Math.min(need, excess[src]);
    for (let v = src; v !== root; v = next[v]) {
      const h = via[v];
      if (h === -1) {
        const e = next[v] - 1;
        delta = Math.min(delta, capScaled[e] - load[e], b - (load[e] % b));
      } else delta = Math.min(delta, hRec[4 * h + CAP]);
    }
    if (src !== 0) excess[src] -= delta;
    for (let v = src; v !== root; v = next[v]) {
      const h = via[v];
      if (h === -1) load[next[v] - 1] += delta;
      else this.push(h, delta, v, next[v]);
    }
    return delta;
  }

  /** Applications (other than a) whose nodes the failed search reached: they hold a's experts. */
  private competingApps(a: number): number {
    const seen = new Set<number>();
    for (let i = 0; i < this.settledCount; i++) {
      const app = this.nodeApp[this.settled[i]];
      if (app >= 0 && app !== a) seen.add(app);
    }
    return seen.size;
  }

  private heapPop(): number {
    const { heap, heapKey, heapPos } = this;
    const top = heap[0];
    heapPos[top] = -1;
    const n = --this.heapSize;
    if (n > 0) {
      const v = heap[n];
      const d = heapKey[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && heapKey[c + 1] < heapKey[c]) c++;
        if (heapKey[c] >= d) break;
        heap[i] = heap[c];
        heapKey[i] = heapKey[c];
        heapPos[heap[i]] = i;
        i = c;
      }
      heap[i] = v;
      heapKey[i] = d;
      heapPos[v] = i;
    }
    return top;
  }

  private siftUp(i: number): void {
    const { heap, heapKey, heapPos } = this;
    const v = heap[i];
    const d = heapKey[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapKey[parent] <= d) break;
      heap[i] = heap[parent];
      heapKey[i] = heapKey[parent];
      heapPos[heap[i]] = i;
      i = parent;
    }
    heap[i] = v;
    heapKey[i] = d;
    heapPos[v] = i;
  }
}
