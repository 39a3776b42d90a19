/**
 * yarn.lock: classic v1 (its own indented format, parsed here) and berry v2+ (YAML with
 * `__metadata`). Keys list every `name@range` spec that resolved to an entry, so dependency edges
 * are found by looking the dependency's `name@range` up among the keys.
 */
import type * as YamlModule from 'yaml';

const yaml = lazy<typeof YamlModule>('yaml');
import { BulwarkError, lazy } from '../../core/index.js';
import type { LockEntry } from './lock-model.js';
import { npmOrigin } from './origin.js';
import { splitSpec } from './purl.js';

interface YarnEntry { specs: string[]; version: string; resolution?: string; resolved?: string; deps: Array<[string, string]> }

const unquote = (s: string): string => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);

/** `name "range"` / `"@s/n" "range"` / `name range` (one level below `dependencies:`). */
function pair(line: string): [string, string] | undefined {
  const m = /^("(?:[^"]+)"|\S+)\s+(.+)$/.exec(line.trim());
  return m ? [unquote(m[1]), unquote(m[2].trim())] : undefined;
}

function parseV1(text: string): YarnEntry[] {
  const entries: YarnEntry[] = [];
  let cur: YarnEntry | undefined;
  let inDeps = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      if (!line.endsWith(':')) throw new BulwarkError('MALFORMED_DOCUMENT', `yarn.lock line ${i + 1}: expected "<specs>:"`);
      cur = { specs: line.slice(0, -1).split(/,\s*/).map(unquote), version: '', deps: [] };
      entries.push(cur);
      inDeps = false;
    } else if (!cur) {
      throw new BulwarkError('MALFORMED_DOCUMENT', `yarn.lock line ${i + 1}: field outside an entry`);
    } else if (indent === 2) {
      const t = line.trim();
      inDeps = t === 'dependencies:' || t === 'optionalDependencies:';
      const p = t.endsWith(':') ? undefined : pair(t);
      if (p?.[0] === 'version') cur.version = p[1];
      if (p?.[0] === 'resolved') cur.resolved = p[1];
    } else if (inDeps) {
      const p = pair(line);
      if (p) cur.deps.push(p);
    }
  }
  return entries;
}

interface BerryRaw { version?: unknown; resolution?: unknown; dependencies?: unknown; optionalDependencies?: unknown }

function parseBerry(text: string): YarnEntry[] {
  const doc = yaml().parse(text) as Record<string, BerryRaw> | null;
  if (!doc || typeof doc !== 'object') throw new BulwarkError('MALFORMED_DOCUMENT', 'yarn.lock (berry) is not a YAML mapping');
  const out: YarnEntry[] = [];
  for (const [key, e] of Object.entries(doc)) {
    if (key === '__metadata' || !e || typeof e !== 'object') continue;
    const deps: Array<[string, string]> = [];
    for (const field of [e.dependencies, e.optionalDependencies]) {
      if (field && typeof field === 'object') for (const [n, r] of Object.entries(field)) deps.push([n, String(r)]);
    }
    out.push({
      specs: key.split(/,\s*/).map(unquote), version: String(e.version ?? ''),
      resolution: typeof e.resolution === 'string' ? e.resolution : undefined, deps,
    });
  }
  return out;
}

/** `npm:ms@^2` / `npm:@s/n` name a package; `npm:2.1.3` (berry resolutions) names a version. */
function aliasTarget(range: string): string | undefined {
  if (!range.startsWith('npm:')) return undefined;
  const rest = range.slice(4);
  return rest && !/^[\^~<>=*\d]/.test(rest) ? splitSpec(rest).name : undefined;
}

/**
 * Identity of one entry: berry's `resolution` names the real package; a v1 key `alias@npm:real@1`
 * installs `real`. Workspace members (berry `@workspace:`) take name and version from their package.json.
 */
function toEntry(e: YarnEntry): Omit<LockEntry, 'deps' | 'dev'> {
  const { name: specName, range } = splitSpec(e.resolution ?? e.specs[0]);
  const name = e.resolution ? specName : aliasTarget(range) ?? specName;
  const aliases = e.specs.map((s) => splitSpec(s)).filter((s) => aliasTarget(s.range) && s.name !== name).map((s) => s.name);
  const origin = npmOrigin(name, e.version, aliasTarget(range) ? 'npm:' : range, e.resolved);
  const out: Omit<LockEntry, 'deps' | 'dev'> = { name, version: e.version, specs: e.specs };
  if (origin) out.nonRegistry = origin;
  if (aliases.length) out.aliases = [...new Set(aliases)];
  if (origin?.kind === 'workspace') {
    out.manifestDir = origin.ref || '.';
    out.version = '';
  }
  return out;
}

export function parseYarnLock(text: string): LockEntry[] {
  const berry = /^__metadata:/m.test(text);
  const raw = berry ? parseBerry(text) : parseV1(text);
  const bySpec = new Map<string, YarnEntry>();
  // berry keys of local and patched packages end in `::locator=…`, which dependency ranges omit.
  for (const e of raw) for (const s of e.specs) { bySpec.set(s, e); if (s.includes('::')) bySpec.set(s.slice(0, s.indexOf('::')), e); }
  const ids = new Map(raw.map((e) => [e, toEntry(e)]));
  const lookup = (name: string, range: string): YarnEntry | undefined =>
    bySpec.get(`${name}@${range}`) ?? (berry ? bySpec.get(`${name}@npm:${range}`) : undefined);
  return raw
    .filter((e) => e.version)
    .map((e) => ({
      ...ids.get(e)!, dev: false,
      deps: e.deps.flatMap(([n, r]) => {
        const t = lookup(n, r);
        const id = t && ids.get(t);
        // Workspace members get their version from package.json later (analyzeLockfiles fills it in).
        return id ? [{ name: id.name, version: id.version }] : [];
      }),
    }));
}
