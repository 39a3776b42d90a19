/** Collects nodes and edges once each: the same attack found twice (two bindings, two mounts) is one edge. */
import { EDGE_TYPES, type EdgeType } from './edge-types.js';
import type { AttackGraph, Fix, GraphEdge, GraphNode } from './model.js';

export class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  private readonly edgeIndex = new Map<string, GraphEdge>();
  readonly warnings: string[] = [];

  /** Adds the node, or returns the one already there (first writer wins; findings merge). */
  node(n: GraphNode): GraphNode {
    const had = this.nodes.get(n.id);
    if (!had) {
      this.nodes.set(n.id, n);
      return n;
    }
    if (n.findings?.length) had.findings = [...new Set([...(had.findings ?? []), ...n.findings])];
    return had;
  }

  edge(from: string, to: string, type: EdgeType, reason: string, opts: { p?: number; fix?: Fix } = {}): void {
    if (from === to) return;
    const key = `${from}\u0000${to}\u0000${type}`;
    const p = opts.p ?? EDGE_TYPES[type].p;
    const had = this.edgeIndex.get(key);
    // Keep the likeliest reason for the same attack between the same two nodes.
    if (had && had.p >= p) return;
    this.edgeIndex.set(key, { from, to, type, reason, p, ...(opts.fix ? { fix: opts.fix } : {}) });
  }

  build(): AttackGraph {
    return { nodes: this.nodes, edges: [...this.edgeIndex.values()], warnings: this.warnings };
  }
}
