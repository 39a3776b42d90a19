/**
 * Conan `conan.lock` (fs mode). Conan 1 (lock version 0.4): `graph_lock.nodes` keyed by id, each with
 * a `ref` (`name/version@user/channel#revision`) and `requires`/`build_requires` node ids; node "0" is
 * the consumer (a conanfile, no ref). Conan 2 (version 0.5): flat `requires`, `build_requires` and
 * `python_requires` lists of `name/version[@user/channel]#revision%timestamp`. Build requirements are
 * tools for the build, not shipped: Conan 1 nodes in the `build` context and Conan 2 `build_requires`
 * and `python_requires` are dev.
 */
import { BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

const ID = 'conan-lock';

interface ConanRef { name: string; version: string; user?: string; channel?: string }
interface ConanEntry extends ConanRef { dev: boolean; deps: ConanRef[] }

/** `zlib/1.2.13@user/stable#rrev%ts` → parts; undefined for anything that is not a reference. */
export function parseConanRef(ref: string): ConanRef | undefined {
  const m = /^([^/@#%\s]+)\/([^/@#%\s]+)(?:@([^/#%\s]+)\/([^#%\s]+))?(?:#[^%\s]*)?(?:%\S*)?$/.exec(ref.trim());
  if (!m) return undefined;
  return { name: m[1]!, version: m[2]!, ...(m[3] && m[3] !== '_' ? { user: m[3] } : {}), ...(m[4] && m[4] !== '_' ? { channel: m[4] } : {}) };
}

interface V1Node { ref?: unknown; context?: unknown; requires?: unknown; build_requires?: unknown }

function parseV1(nodes: Record<string, V1Node>): ConanEntry[] {
  const refs = new Map(Object.entries(nodes).flatMap(([id, n]) => { const r = typeof n?.ref === 'string' ? parseConanRef(n.ref) : undefined; return r ? [[id, r] as const] : []; }));
  const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return [...refs].map(([id, r]) => ({
    ...r, dev: nodes[id]!.context === 'build',
    deps: [...ids(nodes[id]!.requires), ...ids(nodes[id]!.build_requires)].flatMap((d) => { const t = refs.get(d); return t ? [t] : []; }),
  }));
}

function parseConanLock(text: string): ConanEntry[] {
  const doc = JSON.parse(text) as { version?: unknown; graph_lock?: { nodes?: unknown }; requires?: unknown; build_requires?: unknown; python_requires?: unknown };
  if (doc?.graph_lock && typeof doc.graph_lock.nodes === 'object' && doc.graph_lock.nodes) return parseV1(doc.graph_lock.nodes as Record<string, V1Node>);
  if (!Array.isArray(doc?.requires)) throw new BulwarkError('MALFORMED_DOCUMENT', `conan.lock version ${JSON.stringify(doc?.version ?? null)} has neither graph_lock nodes (Conan 1) nor requires (Conan 2)`);
  const list = (v: unknown, dev: boolean): ConanEntry[] => (Array.isArray(v) ? v : [])
    .flatMap((s) => { const r = typeof s === 'string' ? parseConanRef(s) : undefined; return r ? [{ ...r, dev, deps: [] }] : []; });
  return [...list(doc.requires, false), ...list(doc.build_requires, true), ...list(doc.python_requires, true)];
}

function conanPurl(r: ConanRef): string {
  const q: Record<string, string> = {};
  if (r.user) q.user = r.user;
  if (r.channel) q.channel = r.channel;
  return purlOf('conan', undefined, r.name, r.version, Object.keys(q).length ? q : undefined);
}

export const conanLockAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 16 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)conan\.lock$/.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => ({
    packages: parseConanLock(text).map((e) => langPackage({
      ecosystem: 'ConanCenter', name: e.name, version: e.version, purl: conanPurl(e), file, foundBy: ID, dev: e.dev, dependsOn: e.deps.map(conanPurl),
    })),
  })),
});
