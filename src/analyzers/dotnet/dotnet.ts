/**
 * .NET: `*.deps.json` (published apps, all modes): `libraries` of type `package` are NuGet packages,
 * edges come from the `targets` graph; project and reference entries are the app itself.
 * `packages.lock.json` (fs mode): every target framework's resolved packages except `Project` entries.
 */
import { BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

interface Entry { name: string; version: string; deps: Array<[string, string]> }

export function parseDepsJson(text: string): Entry[] {
  const doc = JSON.parse(text) as { libraries?: Record<string, { type?: unknown }>; targets?: Record<string, Record<string, { dependencies?: Record<string, string> }>> };
  if (!doc || typeof doc.libraries !== 'object' || !doc.libraries) throw new BulwarkError('MALFORMED_DOCUMENT', 'deps.json without libraries');
  const deps = new Map<string, Array<[string, string]>>();
  for (const target of Object.values(doc.targets ?? {})) {
    for (const [key, t] of Object.entries(target ?? {})) deps.set(key, [...(deps.get(key) ?? []), ...Object.entries(t?.dependencies ?? {})]);
  }
  return Object.entries(doc.libraries).flatMap(([key, lib]) => {
    const slash = key.lastIndexOf('/');
    if (lib?.type !== 'package' || slash <= 0) return [];
    return [{ name: key.slice(0, slash), version: key.slice(slash + 1), deps: deps.get(key) ?? [] }];
  });
}

export function parsePackagesLock(text: string): Entry[] {
  const doc = JSON.parse(text) as { dependencies?: Record<string, Record<string, { type?: unknown; resolved?: unknown; dependencies?: Record<string, string> }>> };
  if (!doc || typeof doc.dependencies !== 'object' || !doc.dependencies) throw new BulwarkError('MALFORMED_DOCUMENT', 'packages.lock.json without dependencies');
  const out = new Map<string, Entry>();
  for (const framework of Object.values(doc.dependencies)) {
    const resolved = new Map(Object.entries(framework ?? {}).map(([n, e]) => [n.toLowerCase(), e?.resolved]));
    for (const [name, e] of Object.entries(framework ?? {})) {
      if (e?.type === 'Project' || typeof e?.resolved !== 'string') continue;
      const deps = Object.keys(e.dependencies ?? {}).flatMap((d): Array<[string, string]> => { const v = resolved.get(d.toLowerCase()); return typeof v === 'string' ? [[d, v]] : []; });
      const key = `${name.toLowerCase()}@${e.resolved}`;
      const prev = out.get(key);
      out.set(key, { name, version: e.resolved, deps: [...(prev?.deps ?? []), ...deps] });
    }
  }
  return [...out.values()];
}

function analyzeWith(parse: (text: string) => Entry[], id: string) {
  return (file: AnalyzerFile) => guarded(file, (text) => {
    const list = parse(text);
    const known = new Set(list.map((e) => `${e.name.toLowerCase()}/${e.version}`));
    return {
      packages: list.map((e) => langPackage({
        ecosystem: 'NuGet', name: e.name, version: e.version, purl: purlOf('nuget', undefined, e.name, e.version), file, foundBy: id,
        dependsOn: e.deps.filter(([n, v]) => known.has(`${n.toLowerCase()}/${v}`)).map(([n, v]) => purlOf('nuget', undefined, list.find((x) => x.name.toLowerCase() === n.toLowerCase())?.name ?? n, v)),
      })),
    };
  });
}

export const depsJsonAnalyzer = defineAnalyzer({
  id: 'dotnet-deps',
  version: 1,
  group: 'language',
  maxBytes: 32 * 1024 * 1024,
  matches: (path: string) => path.endsWith('.deps.json'),
  analyze: analyzeWith(parseDepsJson, 'dotnet-deps'),
});

export const packagesLockAnalyzer = defineAnalyzer({
  id: 'dotnet-packages-lock',
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 32 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)packages\.lock\.json$/.test(path),
  analyze: analyzeWith(parsePackagesLock, 'dotnet-packages-lock'),
});
