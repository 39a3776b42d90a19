/** The nodes and edges on the listed paths: what DOT, Mermaid and HTML draw (the full graph is in JSON). */
import type { AttackGraph, GraphEdge, GraphNode } from '../model.js';
import type { PathResult } from '../paths.js';

export function pathSubgraph(g: AttackGraph, r: PathResult): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const edges = new Map<string, GraphEdge>();
  for (const p of r.paths) for (const e of p.edges) edges.set(`${e.from}\u0000${e.to}\u0000${e.type}`, e);
  const ids = new Set([...edges.values()].flatMap((e) => [e.from, e.to]));
  return { nodes: [...ids].sort().map((id) => g.nodes.get(id)!), edges: [...edges.values()] };
}

export { label } from '../names.js';
