/**
 * Julia `Manifest.toml` (fs mode): format 2.0 (`manifest_format = "2.0"`, entries under `[[deps.Name]]`)
 * and the 1.0 format (top-level `[[Name]]` arrays). Entries without a version are standard libraries
 * (shipped with Julia) or path/repo checkouts of unregistered code: not registry packages. A name can
 * repeat with different UUIDs, so the UUID is part of the identity (`pkg:julia/JSON@0.21.4?uuid=…`).
 * `deps` is a list of names, or a table name → UUID when a name is ambiguous.
 */
import type * as SmolTomlModule from 'smol-toml';
import { lazy, BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

const toml = lazy<typeof SmolTomlModule>('smol-toml');
const ID = 'julia-manifest';

interface JuliaEntry { name: string; uuid: string; version?: string; deps: Array<{ name: string; uuid?: string }> }

interface Raw { uuid?: unknown; version?: unknown; deps?: unknown }

function depsOf(v: unknown): JuliaEntry['deps'] {
  if (Array.isArray(v)) return v.filter((d): d is string => typeof d === 'string').map((name) => ({ name }));
  if (v && typeof v === 'object') return Object.entries(v).map(([name, uuid]) => ({ name, ...(typeof uuid === 'string' ? { uuid } : {}) }));
  return [];
}

function parseJuliaManifest(text: string): JuliaEntry[] {
  const doc = toml().parse(text) as Record<string, unknown>;
  const format = doc.manifest_format;
  const v2 = typeof format === 'string';
  if (v2 && !format.startsWith('2.')) throw new BulwarkError('MALFORMED_DOCUMENT', `Manifest.toml manifest_format ${format} is not 2.x`);
  const table = (v2 ? doc.deps ?? {} : doc) as Record<string, unknown>;
  const out: JuliaEntry[] = [];
  for (const [name, list] of Object.entries(table)) {
    if (!Array.isArray(list)) continue;
    for (const raw of list as Raw[]) {
      if (typeof raw?.uuid !== 'string') continue;
      out.push({ name, uuid: raw.uuid, ...(typeof raw.version === 'string' ? { version: raw.version } : {}), deps: depsOf(raw.deps) });
    }
  }
  return out;
}

const juliaPurl = (e: JuliaEntry & { version: string }) => purlOf('julia', undefined, e.name, e.version, { uuid: e.uuid });

export const juliaManifestAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 16 * 1024 * 1024,
  // `Manifest-v1.11.toml` is the per-Julia-version manifest name since Julia 1.11.
  matches: (path: string) => /(?:^|\/)(?:Julia)?Manifest(?:-v[\d.]+)?\.toml$/.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => {
    const entries = parseJuliaManifest(text);
    const byUuid = new Map(entries.map((e) => [e.uuid, e]));
    const byName = new Map<string, JuliaEntry[]>();
    for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
    const target = (d: { name: string; uuid?: string }) => (d.uuid ? byUuid.get(d.uuid) : byName.get(d.name)?.length === 1 ? byName.get(d.name)![0] : undefined);
    const registered = entries.filter((e): e is JuliaEntry & { version: string } => e.version !== undefined);
    return {
      packages: registered.map((e) => langPackage({
        ecosystem: 'Julia', name: e.name, version: e.version, purl: juliaPurl(e), file, foundBy: ID,
        dependsOn: e.deps.flatMap((d) => { const t = target(d); return t?.version !== undefined ? [juliaPurl(t as JuliaEntry & { version: string })] : []; }),
      })),
    };
  }),
});
