/**
 * Attack paths: from entry points (the internet, every pod, or named nodes) to crown jewels, the most
 * likely path per foothold and jewel kind; then every fix ranked by the paths it cuts, and a greedy
 * minimal cut (the smallest set of fixes found that cuts every listed path).
 */
import type { AttackGraph, Fix, GraphEdge, JewelKind } from './model.js';
import { label } from './names.js';
import { dijkstra, indexGraph, type IndexedGraph, type ShortestTree } from './shortest.js';
import { pushAll } from '../core/index.js';

export interface AttackPath {
  from: string;
  to: string;
  /** Product of the hops' probabilities. */
  score: number;
  edges: GraphEdge[];
  explanation: string;
}

export interface RankedFix extends Fix {
  /** Listed paths that include an edge this fix removes. */
  paths: number;
  bestScore: number;
  shortest: number;
}

/** A finding (CVE, posture check, secret rule) re-ranked by the attack paths it lies on. */
export interface RankedFinding { id: string; paths: number; bestScore: number; shortest: number }

export interface PathResult {
  paths: AttackPath[];
  fixes: RankedFix[];
  findings: RankedFinding[];
  /** Greedy minimal cut: fixes in order, each with how many of the still-uncut paths it cuts. */
  cut: Array<{ fix: RankedFix; cuts: number }>;
}

export interface PathOptions {
  /** `internet` (default), `pods` (any container is compromised), or node ids. */
  from?: string[];
  /** Jewel kinds or node ids (default: every jewel kind). */
  to?: string[];
  /** How many paths to list (default 100). */
  top?: number;
}

const JEWEL_KINDS: JewelKind[] = ['cluster-admin', 'node', 'namespace-secrets', 'cloud-identity'];

function resolve(g: AttackGraph, ix: IndexedGraph, specs: readonly string[], what: string): number[] {
  const out: number[] = [];
  for (const s of specs) {
    const exact = ix.index.get(s);
    if (exact !== undefined) { out.push(exact); continue; }
    const hits = ix.ids.filter((id) => id.endsWith(`:${s}`) || g.nodes.get(id)!.name === s);
    if (!hits.length) throw new Error(`${what} "${s}" names no node of the graph`);
    pushAll(out, hits.map((h) => ix.index.get(h)!));
  }
  return out;
}

/** Target groups: one reverse search per jewel kind (or one for explicit node ids). */
function targetGroups(g: AttackGraph, ix: IndexedGraph, to: readonly string[] | undefined): number[][] {
  const kinds = (to ?? JEWEL_KINDS).filter((t): t is JewelKind => (JEWEL_KINDS as string[]).includes(t));
  const named = (to ?? []).filter((t) => !(JEWEL_KINDS as string[]).includes(t));
  const groups = kinds.map((k) => ix.ids.flatMap((id, i) => (g.nodes.get(id)!.jewel === k ? [i] : [])));
  if (named.length) groups.push(resolve(g, ix, named, '--to'));
  return groups.filter((x) => x.length);
}

/** A foothold: where the attacker first runs code, and the cheapest way there from the entry points. */
interface Foothold { node: number; cost: number; prefix: number[] }

/**
 * From the internet, every container an exposed endpoint can be exploited into is its own foothold (its best
 * way in may be another container's escape, but each exposed container is a distinct finding to rank);
 * from pods or named nodes, the entry points themselves.
 */
function footholds(ix: IndexedGraph, entries: readonly number[], fromInternet: boolean, fwd: ShortestTree): Foothold[] {
  if (!fromInternet) return entries.map((node) => ({ node, cost: 0, prefix: [] }));
  const best = new Map<number, Foothold>();
  ix.edges.forEach((e, ei) => {
    const svc = ix.src[ei];
    if (e.type !== 'ENDPOINT_EXPLOIT' || fwd.dist[svc] === Infinity) return;
    const c = ix.dst[ei];
    const cost = fwd.dist[svc] + ix.cost[ei];
    if (cost < (best.get(c)?.cost ?? Infinity)) best.set(c, { node: c, cost, prefix: [...walk(ix, fwd, svc, false), ei] });
  });
  return [...best.values()];
}

function resolveEntries(g: AttackGraph, ix: IndexedGraph, from: readonly string[]): number[] {
  return from.flatMap((f) => {
    if (f === 'pods') return ix.ids.flatMap((id, i) => (g.nodes.get(id)!.kind === 'container' ? [i] : []));
    if (f === 'internet') return ix.index.has('internet') ? [ix.index.get('internet')!] : [];
    return resolve(g, ix, [f], '--from');
  });
}

function walk(ix: IndexedGraph, tree: ShortestTree, start: number, reverse: boolean): number[] {
  const edges: number[] = [];
  for (let v = start, guard = 0; tree.via[v] >= 0 && guard < ix.ids.length; guard++) {
    const e = tree.via[v];
    edges.push(e);
    v = reverse ? ix.dst[e] : ix.src[e];
  }
  return reverse ? edges : edges.reverse();
}

function explain(g: AttackGraph, edges: readonly GraphEdge[]): string {
  const name = (id: string): string => label(g.nodes.get(id)!);
  if (!edges.length) return '';
  return [name(edges[0].from), ...edges.map((e) => `-[${e.type}: ${e.reason}]-> ${name(e.to)}`)].join(' ');
}

export function findPaths(g: AttackGraph, opts: PathOptions = {}): PathResult {
  const ix = indexGraph(g);
  const from = opts.from?.length ? opts.from : ['internet'];
  const entries = resolveEntries(g, ix, from);
  const fwd = dijkstra(ix, entries, false);
  const pivots = footholds(ix, entries, from.includes('internet'), fwd);
  const candidates: Array<{ edges: number[]; cost: number }> = [];
  for (const group of targetGroups(g, ix, opts.to)) {
    const rev = dijkstra(ix, group, true);
    for (const p of pivots) {
      if (rev.dist[p.node] === Infinity) continue;
      const edges = [...p.prefix, ...walk(ix, rev, p.node, true)];
      if (!edges.length) continue;
      const seen = new Set<number>([ix.src[edges[0]]]);
      if (edges.every((e) => !seen.has(ix.dst[e]) && seen.add(ix.dst[e]))) candidates.push({ edges, cost: p.cost + rev.dist[p.node] });
    }
  }
  candidates.sort((a, b) => a.cost - b.cost || a.edges.length - b.edges.length);
  const seenKey = new Set<string>();
  const paths: AttackPath[] = [];
  for (const c of candidates) {
    const key = c.edges.join(',');
    if (seenKey.has(key)) continue;
    seenKey.add(key);
    const edges = c.edges.map((e) => ix.edges[e]);
    paths.push({ from: edges[0].from, to: edges.at(-1)!.to, score: Math.exp(-c.cost), edges, explanation: explain(g, edges) });
    if (paths.length >= (opts.top ?? 100)) break;
  }
  const fixes = rankFixes(paths);
  return { paths, fixes, findings: rankFindings(paths), cut: greedyCut(paths, fixes) };
}

function rankFixes(paths: readonly AttackPath[]): RankedFix[] {
  const by = new Map<string, RankedFix>();
  for (const p of paths) {
    const seen = new Set<string>();
    for (const e of p.edges) {
      if (!e.fix || seen.has(e.fix.id)) continue;
      seen.add(e.fix.id);
      const f = by.get(e.fix.id) ?? by.set(e.fix.id, { ...e.fix, paths: 0, bestScore: 0, shortest: Infinity }).get(e.fix.id)!;
      f.paths++;
      f.bestScore = Math.max(f.bestScore, p.score);
      f.shortest = Math.min(f.shortest, p.edges.length);
    }
  }
  return [...by.values()].sort((a, b) => b.paths - a.paths || b.bestScore - a.bestScore || a.shortest - b.shortest || a.id.localeCompare(b.id));
}

function rankFindings(paths: readonly AttackPath[]): RankedFinding[] {
  const by = new Map<string, RankedFinding>();
  for (const p of paths) {
    const ids = new Set(p.edges.flatMap((e) => e.fix?.findings ?? []));
    for (const id of ids) {
      const f = by.get(id) ?? by.set(id, { id, paths: 0, bestScore: 0, shortest: Infinity }).get(id)!;
      f.paths++;
      f.bestScore = Math.max(f.bestScore, p.score);
      f.shortest = Math.min(f.shortest, p.edges.length);
    }
  }
  return [...by.values()].sort((a, b) => b.paths - a.paths || b.bestScore - a.bestScore || a.shortest - b.shortest || a.id.localeCompare(b.id));
}

function greedyCut(paths: readonly AttackPath[], fixes: readonly RankedFix[]): Array<{ fix: RankedFix; cuts: number }> {
  const fixesOf = paths.map((p) => new Set(p.edges.flatMap((e) => (e.fix ? [e.fix.id] : []))));
  const open = new Set(paths.keys());
  const out: Array<{ fix: RankedFix; cuts: number }> = [];
  while (open.size) {
    let best: RankedFix | undefined;
    let bestCuts = 0;
    for (const f of fixes) {
      let cuts = 0;
      for (const i of open) if (fixesOf[i].has(f.id)) cuts++;
      if (cuts > bestCuts) { best = f; bestCuts = cuts; }
    }
    if (!best) break; // the rest have no fixable edge (pure discovery hops): nothing a setting removes
    out.push({ fix: best, cuts: bestCuts });
    for (const i of [...open]) if (fixesOf[i].has(best.id)) open.delete(i);
  }
  return out;
}

