/** The terminal view: the fix that cuts most paths first, then the paths, then the other fixes. */
import type { AttackGraph } from '../model.js';
import type { PathResult } from '../paths.js';
import { label } from './subgraph.js';

export function graphTable(g: AttackGraph, r: PathResult): string {
  const out: string[] = [];
  const kinds = new Map<string, number>();
  for (const n of g.nodes.values()) kinds.set(n.kind, (kinds.get(n.kind) ?? 0) + 1);
  out.push(`Attack graph: ${g.nodes.size} nodes (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}), ${g.edges.length} edges`, '');
  if (!r.paths.length) {
    out.push('No attack path from the entry points to a crown jewel.');
    return `${out.join('\n')}\n`;
  }
  const first = r.cut[0];
  if (first) out.push(`Fix this one thing to cut ${first.cuts} of ${r.paths.length} paths: ${first.fix.title}`, '');
  out.push(`Top ${r.paths.length} attack paths (score = product of hop likelihoods):`);
  r.paths.forEach((p, i) => {
    out.push(`${String(i + 1).padStart(3)}. score ${p.score.toFixed(3)}  ${label(g.nodes.get(p.from)!)} → ${label(g.nodes.get(p.to)!)} (${p.edges.length} hops)`);
    for (const e of p.edges) out.push(`       ${e.type.padEnd(22)} → ${label(g.nodes.get(e.to)!)}  (${e.reason})`);
  });
  out.push('', 'Minimal cut (fix in this order):');
  r.cut.forEach((c, i) => out.push(`${String(i + 1).padStart(3)}. cuts ${String(c.cuts).padStart(3)}  ${c.fix.title}`));
  if (r.findings.length) {
    out.push('', 'Findings ranked by the attack paths they lie on:');
    for (const f of r.findings.slice(0, 20)) out.push(`  ${f.id.padEnd(20)} on ${String(f.paths).padStart(3)} paths, best score ${f.bestScore.toFixed(3)}, shortest ${f.shortest} hops`);
  }
  return `${out.join('\n')}\n`;
}
