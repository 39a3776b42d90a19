/** The JSON form (docs/graph.md documents it): the whole graph, the ranked paths, fixes and the cut. */
import type { AttackGraph } from '../model.js';
import type { PathResult } from '../paths.js';

export function graphJson(g: AttackGraph, r: PathResult): string {
  const nodes = [...g.nodes.values()].sort((a, b) => a.id.localeCompare(b.id));
  const edges = [...g.edges].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.type.localeCompare(b.type));
  return `${JSON.stringify({
    schemaVersion: 1,
    nodes,
    edges,
    paths: r.paths.map((p) => ({ from: p.from, to: p.to, score: Number(p.score.toFixed(4)), hops: p.edges.map((e) => ({ from: e.from, to: e.to, type: e.type, reason: e.reason, p: e.p })), explanation: p.explanation })),
    fixes: r.fixes.map((f) => ({ ...f, bestScore: Number(f.bestScore.toFixed(4)) })),
    findings: r.findings.map((f) => ({ ...f, bestScore: Number(f.bestScore.toFixed(4)) })),
    cut: r.cut.map((c) => ({ fix: c.fix.id, title: c.fix.title, cuts: c.cuts })),
    warnings: g.warnings,
  }, null, 2)}\n`;
}
