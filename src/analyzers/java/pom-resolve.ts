/**
 * The effective dependencies of a pom.xml without a network: parents are found in the same tree
 * (`<relativePath>`, default `../pom.xml`, then any pom of the tree with the parent's coordinates),
 * properties and dependencyManagement are inherited (the child wins), `import`-scoped BOMs are used
 * when they are in the tree, and everything is interpolated with the child's properties, as Maven
 * interpolates the assembled model. What needs a repository (a parent or BOM outside the tree,
 * transitive dependencies) is not guessed: such dependencies are skipped with a warning.
 */
import { posix } from 'node:path';
import type { PomDependency, PomModel } from './pom.js';

interface ResolvedDependency {
  groupId: string;
  artifactId: string;
  version: string;
  scope: string;
  optional: boolean;
}

export interface PomTree {
  /** Parsed poms by path (clean POSIX, relative to the scan root). */
  models: Map<string, PomModel>;
  /** `group:artifact` of every pom of the tree (the reactor's own modules), computed once per tree. */
  own?: Set<string>;
}

const MAX_DEPTH = 16;

const groupOf = (m: PomModel): string => m.groupId || m.parent?.groupId || '';
const versionOf = (m: PomModel): string => m.version || m.parent?.version || '';
const gaKey = (g: string, a: string): string => `${g}:${a}`;
const mgmtKey = (d: Pick<PomDependency, 'groupId' | 'artifactId' | 'type' | 'classifier'>): string =>
  `${d.groupId}:${d.artifactId}:${d.type || 'jar'}:${d.classifier}`;

/** The parent's path in the tree, or undefined when the parent is not there. */
function parentPath(tree: PomTree, path: string, model: PomModel): string | undefined {
  const p = model.parent;
  if (!p) return undefined;
  // Maven uses the pom at relativePath only when its coordinates are the parent's; otherwise it asks a
  // repository, which for an offline scan is the rest of the tree.
  const isParent = (m: PomModel | undefined) => !!m && groupOf(m) === p.groupId && m.artifactId === p.artifactId && versionOf(m) === p.version;
  if (p.relativePath) {
    let rel = posix.normalize(posix.join(posix.dirname(path), p.relativePath));
    if (!rel.endsWith('.xml')) rel = posix.join(rel, 'pom.xml');
    if (isParent(tree.models.get(rel))) return rel;
  }
  for (const [q, m] of tree.models) if (q !== path && isParent(m)) return q;
  return undefined;
}

/** `[self, parent, grandparent…]` as far as the tree has them; `missing` names the first parent not found. */
function lineage(tree: PomTree, path: string): { chain: PomModel[]; missing?: string } {
  const chain: PomModel[] = [];
  const seen = new Set<string>();
  let cur: string | undefined = path;
  while (cur && !seen.has(cur) && chain.length < MAX_DEPTH) {
    seen.add(cur);
    const m: PomModel = tree.models.get(cur)!;
    chain.push(m);
    const next = parentPath(tree, cur, m);
    if (!next && m.parent) return { chain, missing: `${m.parent.groupId}:${m.parent.artifactId}:${m.parent.version}` };
    cur = next;
  }
  return { chain };
}

function builtins(self: PomModel): Map<string, string> {
  const out = new Map<string, string>();
  const set = (keys: string[], v: string) => { if (v) for (const k of keys) out.set(k, v); };
  set(['project.version', 'pom.version', 'version'], versionOf(self));
  set(['project.groupId', 'pom.groupId', 'groupId'], groupOf(self));
  set(['project.artifactId', 'pom.artifactId', 'artifactId'], self.artifactId);
  set(['project.parent.version', 'parent.version'], self.parent?.version ?? '');
  set(['project.parent.groupId', 'parent.groupId'], self.parent?.groupId ?? '');
  set(['project.parent.artifactId', 'parent.artifactId'], self.parent?.artifactId ?? '');
  return out;
}

/** `${name}` references replaced until none is left that the properties know (nested, cycle-safe). */
function interpolate(s: string, props: ReadonlyMap<string, string>): string {
  let cur = s;
  for (let round = 0; round < MAX_DEPTH && cur.includes('${'); round++) {
    const next = cur.replace(/\$\{([^}]+)\}/g, (m, k: string) => props.get(k.trim()) ?? m);
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

interface Effective {
  props: Map<string, string>;
  mgmt: Map<string, PomDependency>;
  deps: PomDependency[];
  missing?: string;
}

function effective(tree: PomTree, path: string, depth = 0): Effective {
  const { chain, missing } = lineage(tree, path);
  const props = new Map<string, string>();
  const mgmt = new Map<string, PomDependency>();
  const deps = new Map<string, PomDependency>();
  // Root-most first, so children overwrite what they inherit.
  for (const m of [...chain].reverse()) {
    for (const [k, v] of m.properties) props.set(k, v);
    for (const d of m.dependencyManagement) mgmt.set(mgmtKey(d), d);
    for (const d of m.dependencies) deps.set(mgmtKey(d), d);
  }
  for (const [k, v] of builtins(chain[0]!)) props.set(k, v);
  // Coordinates are interpolated now (they form the key); versions when a dependency uses the entry.
  const resolveMgmt = (d: PomDependency): PomDependency => (d.groupId.includes('${') || d.artifactId.includes('${')
    ? { ...d, groupId: interpolate(d.groupId, props), artifactId: interpolate(d.artifactId, props) } : d);
  const resolved = new Map([...mgmt].map(([, d]) => { const r = resolveMgmt(d); return [mgmtKey(r), r] as const; }));
  if (depth < MAX_DEPTH) importBoms(tree, resolved, props, depth);
  return { props, mgmt: resolved, deps: [...deps.values()], ...(missing ? { missing } : {}) };
}

/** `<scope>import</scope>` BOMs found in the tree contribute their managed versions (explicit entries win). */
function importBoms(tree: PomTree, mgmt: Map<string, PomDependency>, props: ReadonlyMap<string, string>, depth: number): void {
  for (const [key, d] of [...mgmt]) {
    if (d.scope !== 'import' || d.type !== 'pom') continue;
    mgmt.delete(key);
    const version = interpolate(d.version, props);
    const bom = [...tree.models].find(([, m]) => groupOf(m) === d.groupId && m.artifactId === d.artifactId && versionOf(m) === version);
    if (!bom) continue;
    // A BOM's versions are interpolated with the BOM's own properties, not the importer's.
    const inner = effective(tree, bom[0], depth + 1);
    for (const [k, v] of inner.mgmt) if (!mgmt.has(k)) mgmt.set(k, { ...v, version: interpolate(v.version, inner.props) });
  }
}

interface PomResolution {
  dependencies: ResolvedDependency[];
  /** Dependencies left without a concrete version, as `group:artifact` (why in `missingParent`). */
  unresolved: string[];
  missingParent?: string;
}

const isConcrete = (v: string): boolean => v !== '' && !v.includes('${') && !/^[[(]/.test(v);
/** `[1.2.3]` is Maven's hard pin of one version; other ranges name no single version. */
const unpin = (v: string): string => /^\[([^,[\]()]+)\]$/.exec(v)?.[1]?.trim() ?? v;

/** The dependencies of the pom at `path`, reactor siblings (other poms of the tree) left out. */
export function resolvePom(tree: PomTree, path: string): PomResolution {
  const eff = effective(tree, path);
  const own = (tree.own ??= new Set([...tree.models.values()].map((m) => gaKey(groupOf(m), m.artifactId))));
  const dependencies: ResolvedDependency[] = [];
  const unresolved: string[] = [];
  for (const raw of eff.deps) {
    const groupId = interpolate(raw.groupId, eff.props);
    const artifactId = interpolate(raw.artifactId, eff.props);
    if (own.has(gaKey(groupId, artifactId))) continue;
    const managed = eff.mgmt.get(mgmtKey({ ...raw, groupId, artifactId }));
    const version = unpin(interpolate(raw.version || managed?.version || '', eff.props));
    if (!isConcrete(version) || !groupId || !artifactId || groupId.includes('${') || artifactId.includes('${')) {
      unresolved.push(`${groupId}:${artifactId}`);
      continue;
    }
    dependencies.push({ groupId, artifactId, version, scope: raw.scope || managed?.scope || 'compile', optional: raw.optional });
  }
  return { dependencies, unresolved, ...(eff.missing ? { missingParent: eff.missing } : {}) };
}
