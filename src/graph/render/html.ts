/**
 * A self-contained HTML view of the listed paths: layered SVG (entry points left, crown jewels right),
 * pan with drag, zoom with the wheel, click a node for its findings and edges, click a path to highlight it.
 * No network: data, script and style are inline. The server UI reuses this page.
 */
import type { AttackGraph, GraphNode } from '../model.js';
import type { PathResult } from '../paths.js';
import { label, pathSubgraph } from './subgraph.js';

/** Column = earliest hop index at which the node appears on any listed path. */
function layout(r: PathResult, nodes: readonly GraphNode[]): Map<string, { x: number; y: number }> {
  const level = new Map<string, number>();
  for (const p of r.paths) {
    p.edges.forEach((e, i) => {
      if (i === 0) level.set(e.from, Math.min(level.get(e.from) ?? 0, 0));
      level.set(e.to, Math.min(level.get(e.to) ?? Infinity, i + 1));
    });
  }
  const rows = new Map<number, number>();
  const pos = new Map<string, { x: number; y: number }>();
  for (const n of [...nodes].sort((a, b) => a.id.localeCompare(b.id))) {
    const l = level.get(n.id) ?? 0;
    const row = rows.get(l) ?? 0;
    rows.set(l, row + 1);
    pos.set(n.id, { x: 40 + l * 260, y: 40 + row * 70 });
  }
  return pos;
}

/** JSON inside <script>: `<` escaped so no string can close the element. */
const embed = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

const SCRIPT = `
const data = JSON.parse(document.getElementById('data').textContent);
const svg = document.getElementById('view'), stage = document.getElementById('stage'), info = document.getElementById('info');
let t = { x: 0, y: 0, k: 1 }, drag = null;
const apply = () => stage.setAttribute('transform', 'translate(' + t.x + ',' + t.y + ') scale(' + t.k + ')');
svg.addEventListener('wheel', (e) => { e.preventDefault(); const f = e.deltaY < 0 ? 1.1 : 1 / 1.1; t.x = e.offsetX - (e.offsetX - t.x) * f; t.y = e.offsetY - (e.offsetY - t.y) * f; t.k *= f; apply(); }, { passive: false });
svg.addEventListener('mousedown', (e) => { drag = { x: e.clientX - t.x, y: e.clientY - t.y }; });
window.addEventListener('mousemove', (e) => { if (drag) { t.x = e.clientX - drag.x; t.y = e.clientY - drag.y; apply(); } });
window.addEventListener('mouseup', () => { drag = null; });
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
function show(id) {
  const n = data.nodes.find((x) => x.id === id);
  const edges = data.edges.filter((e) => e.from === id || e.to === id);
  info.innerHTML = '<h2>' + esc(n.label) + '</h2><p class="id">' + esc(n.id) + '</p>' + (n.image ? '<p>image ' + esc(n.image) + '</p>' : '')
    + '<h3>Findings</h3>' + ((n.findings || []).length ? '<ul class="findings">' + n.findings.map((f) => '<li>' + esc(f) + '</li>').join('') + '</ul>' : '<p>none</p>')
    + '<h3>Edges</h3><ul>' + edges.map((e) => '<li><b>' + esc(e.type) + '</b> ' + esc(e.from === id ? '→ ' + e.to : '← ' + e.from) + '<br><small>' + esc(e.reason) + '</small></li>').join('') + '</ul>';
  document.querySelectorAll('.node').forEach((el) => el.classList.toggle('selected', el.dataset.id === id));
}
document.querySelectorAll('.node').forEach((el) => el.addEventListener('click', (e) => { e.stopPropagation(); show(el.dataset.id); }));
document.querySelectorAll('.path').forEach((el) => el.addEventListener('click', () => {
  const keys = new Set(data.paths[Number(el.dataset.i)].map((e) => e.from + '>' + e.to));
  document.querySelectorAll('.edge').forEach((x) => x.classList.toggle('hot', keys.has(x.dataset.key)));
}));
`;

export function graphHtml(g: AttackGraph, r: PathResult): string {
  const sub = pathSubgraph(g, r);
  const pos = layout(r, sub.nodes);
  const width = Math.max(...[...pos.values()].map((p) => p.x), 0) + 260;
  const height = Math.max(...[...pos.values()].map((p) => p.y), 0) + 80;
  const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const edgesSvg = sub.edges.map((e) => {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    return `<g class="edge" data-key="${esc(`${e.from}>${e.to}`)}"><line x1="${a.x + 200}" y1="${a.y + 15}" x2="${b.x}" y2="${b.y + 15}" marker-end="url(#arrow)"/><title>${esc(`${e.type}: ${e.reason}`)}</title></g>`;
  }).join('');
  const nodesSvg = sub.nodes.map((n) => {
    const p = pos.get(n.id)!;
    const text = label(n);
    return `<g class="node ${n.jewel ? 'jewel' : ''} k-${n.kind}" data-id="${esc(n.id)}" transform="translate(${p.x},${p.y})"><rect width="200" height="30" rx="5"/><text x="6" y="19">${esc(text.length > 32 ? `${text.slice(0, 31)}…` : text)}</text><title>${esc(text)}</title></g>`;
  }).join('');
  const paths = r.paths.map((p, i) => `<li class="path" data-i="${i}">${p.score.toFixed(3)} — ${esc(label(g.nodes.get(p.from)!))} → ${esc(label(g.nodes.get(p.to)!))} (${p.edges.length} hops)</li>`).join('');
  const data = {
    nodes: sub.nodes.map((n) => ({ id: n.id, label: label(n), image: n.image, findings: n.findings ?? [] })),
    edges: sub.edges.map((e) => ({ from: e.from, to: e.to, type: e.type, reason: e.reason })),
    paths: r.paths.map((p) => p.edges.map((e) => ({ from: e.from, to: e.to }))),
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bulwark attack paths</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>
body{margin:0;font:13px system-ui,sans-serif;display:grid;grid-template-columns:1fr 360px;height:100vh}
#view{width:100%;height:100%;background:#fafafa;cursor:grab}
.node rect{fill:#fff;stroke:#888}.node.jewel rect{fill:#f4cccc;stroke:#c00}.k-internet rect{fill:#fde9c9}.k-container rect{fill:#e3eefc}
.node.selected rect{stroke:#000;stroke-width:3}.node text{font-size:11px;pointer-events:none}.node{cursor:pointer}
.edge line{stroke:#aaa;stroke-width:1.2}.edge.hot line{stroke:#d00;stroke-width:3}
aside{overflow:auto;border-left:1px solid #ddd;padding:8px 12px}.path{cursor:pointer;margin:4px 0}.id{color:#666;font-size:11px}
</style></head><body>
<svg id="view" viewBox="0 0 ${width} ${height}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#888"/></marker></defs>
<g id="stage">${edgesSvg}${nodesSvg}</g></svg>
<aside><h1>Attack paths</h1>${r.cut[0] ? `<p><b>Fix first:</b> ${esc(r.cut[0].fix.title)} (cuts ${r.cut[0].cuts} of ${r.paths.length} paths)</p>` : '<p>No attack path found.</p>'}
<ol>${paths}</ol><div id="info"><p>Click a node to see its findings.</p></div></aside>
<script type="application/json" id="data">${embed(data)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
