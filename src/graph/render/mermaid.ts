/** Mermaid flowchart of the listed paths (renders in GitHub/GitLab markdown). */
import type { AttackGraph } from '../model.js';
import type { PathResult } from '../paths.js';
import { label, pathSubgraph } from './subgraph.js';

/** Mermaid ids must be plain; labels are quoted with its own entity escapes. */
const text = (s: string): string => s.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));

export function graphMermaid(g: AttackGraph, r: PathResult): string {
  const sub = pathSubgraph(g, r);
  const ids = new Map(sub.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of sub.nodes) lines.push(`  ${ids.get(n.id)}${n.jewel ? '[["' : '["'}${text(label(n))}${n.jewel ? '"]]' : '"]'}`);
  for (const e of sub.edges) lines.push(`  ${ids.get(e.from)} -->|${e.type}| ${ids.get(e.to)}`);
  return `${lines.join('\n')}\n`;
}
