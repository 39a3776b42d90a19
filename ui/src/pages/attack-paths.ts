/**
 * The attack-path view of a cluster: the graph the server computes (src/graph, with vulnerabilities from its
 * own store) as ranked paths, the minimal cut first, and the graph's own interactive HTML view in a
 * sandboxed frame (scripts run, but in an opaque origin without the session).
 */
import { api, ApiError } from '../api.js';
import { h, table } from '../dom.js';

interface Hop { from: string; to: string; type: string; reason: string; p: number }
interface GraphJson {
  nodes: Array<{ id: string; kind: string; name: string; namespace?: string }>;
  paths: Array<{ from: string; to: string; score: number; hops: Hop[]; explanation: string }>;
  cut: Array<{ fix: string; title: string; cuts: number }>;
  findings: Array<{ id: string; paths: number; bestScore: number; shortest: number }>;
  warnings: string[];
}

export async function attackPaths(cluster: string): Promise<HTMLElement> {
  const base = `/api/clusters/${encodeURIComponent(cluster)}/graph`;
  const head = h('h2', { id: 'paths-h' }, 'Attack paths');
  let g: GraphJson;
  try {
    g = await api<GraphJson>(`${base}?format=json`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return h('section', { 'aria-labelledby': 'paths-h' }, head,
        h('p', {}, 'No workload objects uploaded for this cluster. Run ', h('code', {}, `bulwark graph --cluster --server URL --upload ${cluster}`), ' (or with manifest files) to see its attack paths here.'));
    }
    throw err;
  }
  const name = new Map(g.nodes.map((n) => [n.id, n.namespace ? `${n.namespace}/${n.name}` : n.name]));
  const hop = (id: string) => name.get(id) ?? id;
  return h('section', { 'aria-labelledby': 'paths-h' }, head,
    h('p', {}, `${g.paths.length} path(s) from entry points to crown jewels; vulnerabilities come from the images stored on this server, as of now.`),
    h('h3', {}, 'Fix these first (minimal cut)'),
    table<GraphJson['cut'][number]>('Fixes that cut the most paths, in order', [
      ['Fix', (c) => c.title], ['Paths cut', (c) => String(c.cuts)],
    ], g.cut, 'Nothing to cut.'),
    h('h3', {}, 'Paths, most likely first'),
    h('ol', { class: 'paths' }, g.paths.slice(0, 50).map((p) => h('li', {},
      h('p', {}, h('strong', {}, `${hop(p.from)} → ${hop(p.to)}`), ` score ${p.score.toFixed(3)}, ${p.hops.length} hop(s)`),
      h('p', { class: 'sub' }, p.explanation),
      h('ol', { class: 'hops' }, p.hops.map((e) => h('li', {}, h('code', {}, e.type), ` ${hop(e.from)} → ${hop(e.to)}: `, h('span', { class: 'muted' }, e.reason))))))),
    h('h3', {}, 'Findings ranked by the paths they lie on'),
    table<GraphJson['findings'][number]>('Findings on attack paths', [
      ['Finding', (f) => (/^(CVE|GHSA)-/.test(f.id) ? h('a', { href: `/findings?vulnerability=${encodeURIComponent(f.id)}` }, f.id) : f.id)],
      ['Paths', (f) => String(f.paths)], ['Shortest', (f) => `${f.shortest} hop(s)`], ['Best score', (f) => f.bestScore.toFixed(3)],
    ], g.findings.slice(0, 100), 'No finding lies on a path.'),
    h('h3', {}, 'Interactive graph'),
    h('p', {}, 'Drag to pan, wheel to zoom, click a node for its findings. ',
      h('a', { href: `${base}?format=html`, target: '_blank', rel: 'noopener' }, 'Open in a new tab'), ' · ',
      h('a', { href: `${base}?format=dot`, download: `${cluster}.dot` }, 'Graphviz DOT'), ' · ',
      h('a', { href: `${base}?format=mermaid`, download: `${cluster}.mmd` }, 'Mermaid'), ' · ',
      h('a', { href: `${base}?format=json`, download: `${cluster}.graph.json` }, 'JSON')),
    h('iframe', { src: `${base}?format=html`, title: `Attack graph of ${cluster}`, sandbox: 'allow-scripts', class: 'graph' }),
  );
}
