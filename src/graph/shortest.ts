/**
 * Shortest paths over the attack graph with cost −ln(p) per edge, so the shortest path is the most
 * likely one and its score is the product of its hops' probabilities.
 */
import { MinHeap } from './heap.js';
import type { AttackGraph, GraphEdge } from './model.js';

const HOP = 1e-9;

export interface IndexedGraph {
  ids: string[];
  index: Map<string, number>;
  edges: GraphEdge[];
  cost: Float64Array;
  src: Int32Array;
  dst: Int32Array;
  /** Outgoing (forward) and incoming (reverse) edge indices per node, as CSR arrays. */
  out: { start: Int32Array; list: Int32Array };
  in: { start: Int32Array; list: Int32Array };
}

function csr(n: number, edges: readonly GraphEdge[], key: (e: GraphEdge) => number): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(n + 1);
  for (const e of edges) start[key(e) + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const list = new Int32Array(edges.length);
  edges.forEach((e, i) => { list[fill[key(e)]++] = i; });
  return { start, list };
}

export function indexGraph(g: AttackGraph): IndexedGraph {
  const ids = [...g.nodes.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges = g.edges.filter((e) => index.has(e.from) && index.has(e.to));
  // A hair per hop so that, between equally likely paths, the shorter one wins (node → volume → token
  // rather than node → pod → container → token).
  const cost = Float64Array.from(edges, (e) => -Math.log(Math.min(1, Math.max(1e-6, e.p))) + HOP);
  return {
    ids, index, edges, cost,
    src: Int32Array.from(edges, (e) => index.get(e.from)!),
    dst: Int32Array.from(edges, (e) => index.get(e.to)!),
    out: csr(ids.length, edges, (e) => index.get(e.from)!),
    in: csr(ids.length, edges, (e) => index.get(e.to)!),
  };
}

export interface ShortestTree {
  dist: Float64Array;
  /** Edge taken at each node: toward the sources (forward run: the edge into the node; reverse run: the edge out of it). */
  via: Int32Array;
}

/** Multi-source Dijkstra, forward (from sources along edges) or reverse (toward sources against edges). */
export function dijkstra(g: IndexedGraph, sources: readonly number[], reverse: boolean): ShortestTree {
  const n = g.ids.length;
  const dist = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(-1);
  const heap = new MinHeap();
  for (const s of sources) { dist[s] = 0; heap.push(s, 0); }
  const adj = reverse ? g.in : g.out;
  while (heap.size) {
    const [u, d] = heap.pop();
    if (d > dist[u]) continue;
    for (let k = adj.start[u]; k < adj.start[u + 1]; k++) {
      const ei = adj.list[k];
      const v = reverse ? g.src[ei] : g.dst[ei];
      const nd = d + g.cost[ei];
      if (nd < dist[v]) { dist[v] = nd; via[v] = ei; heap.push(v, nd); }
    }
  }
  return { dist, via };
}
