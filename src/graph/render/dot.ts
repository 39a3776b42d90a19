/** Graphviz DOT of the listed paths (`bulwark graph … -f dot | dot -Tsvg`). */
import type { AttackGraph } from '../model.js';
import type { PathResult } from '../paths.js';
import { label, pathSubgraph } from './subgraph.js';

const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const SHAPES: Record<string, string> = { internet: 'doubleoctagon', container: 'box', 'permission-set': 'note', identity: 'ellipse' };

export function graphDot(g: AttackGraph, r: PathResult): string {
  const sub = pathSubgraph(g, r);
  const lines = ['digraph attack_paths {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];'];
  for (const n of sub.nodes) {
    const attrs = [`label=${q(label(n))}`, `shape=${SHAPES[n.kind] ?? 'oval'}`, ...(n.jewel ? ['style=filled', 'fillcolor="#f4cccc"'] : [])];
    lines.push(`  ${q(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of sub.edges) lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.type)}, tooltip=${q(e.reason)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
