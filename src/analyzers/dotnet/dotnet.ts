/**
 * .NET: `*.deps.json` (published apps, all modes): `libraries` of type `package` are NuGet packages,
 * edges come from the `targets` graph; the `project` library named like the file is the application
 * root (as Syft and Trivy list it), other projects are local libraries (never matched against NuGet).
 * `packages.lock.json` (fs mode): every target framework's resolved packages; `Project` entries are
 * local libraries, and the `.csproj` beside the lock file is the application root.
 */
import { BulwarkError, type NonRegistry, type PackageType } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult } from '../contract.js';
import { baseName, dirName, guarded, langPackage, purlOf, textOf } from '../shared/lang-package.js';

interface Entry { name: string; version: string; deps: Array<[string, string]>; type?: PackageType; nonRegistry?: NonRegistry }

const ROOT: Pick<Entry, 'type' | 'nonRegistry'> = { type: 'application', nonRegistry: { kind: 'workspace', ref: '.' } };
const LOCAL_PROJECT: Pick<Entry, 'nonRegistry'> = { nonRegistry: { kind: 'local' } };

export function parseDepsJson(text: string, fileName = ''): Entry[] {
  const doc = JSON.parse(text) as { libraries?: Record<string, { type?: unknown }>; targets?: Record<string, Record<string, { dependencies?: Record<string, string> }>> };
  if (!doc || typeof doc.libraries !== 'object' || !doc.libraries) throw new BulwarkError('MALFORMED_DOCUMENT', 'deps.json without libraries');
  const deps = new Map<string, Array<[string, string]>>();
  for (const target of Object.values(doc.targets ?? {})) {
    for (const [key, t] of Object.entries(target ?? {})) deps.set(key, [...(deps.get(key) ?? []), ...Object.entries(t?.dependencies ?? {})]);
  }
  const app = fileName.replace(/\.deps\.json$/i, '').toLowerCase();
  const entries = Object.entries(doc.libraries).flatMap(([key, lib]): Entry[] => {
    const slash = key.lastIndexOf('/');
    if ((lib?.type !== 'package' && lib?.type !== 'project') || slash <= 0) return [];
    const e: Entry = { name: key.slice(0, slash), version: key.slice(slash + 1), deps: deps.get(key) ?? [] };
    return [lib.type === 'package' ? e : { ...e, ...(e.name.toLowerCase() === app ? ROOT : LOCAL_PROJECT) }];
  });
  // A renamed deps.json: dotnet writes the application's own project first.
  if (!entries.some((e) => e.type === 'application')) {
    const first = entries.find((e) => e.nonRegistry);
    if (first) Object.assign(first, ROOT);
  }
  return entries;
}

export function parsePackagesLock(text: string): Entry[] {
  const doc = JSON.parse(text) as { dependencies?: Record<string, Record<string, { type?: unknown; resolved?: unknown; dependencies?: Record<string, string> }>> };
  if (!doc || typeof doc.dependencies !== 'object' || !doc.dependencies) throw new BulwarkError('MALFORMED_DOCUMENT', 'packages.lock.json without dependencies');
  const out = new Map<string, Entry>();
  for (const framework of Object.values(doc.dependencies)) {
    const resolved = new Map(Object.entries(framework ?? {}).map(([n, e]) => [n.toLowerCase(), e?.resolved]));
    for (const [name, e] of Object.entries(framework ?? {})) {
      if (e?.type === 'Project') { out.set(`${name.toLowerCase()}@`, { name, version: '', deps: [], ...LOCAL_PROJECT }); continue; }
      if (typeof e?.resolved !== 'string') continue;
      const deps = Object.keys(e.dependencies ?? {}).flatMap((d): Array<[string, string]> => { const v = resolved.get(d.toLowerCase()); return typeof v === 'string' ? [[d, v]] : []; });
      const key = `${name.toLowerCase()}@${e.resolved}`;
      const prev = out.get(key);
      out.set(key, { name, version: e.resolved, deps: [...(prev?.deps ?? []), ...deps] });
    }
  }
  return [...out.values()];
}

function toPackages(list: Entry[], file: AnalyzerFile, id: string) {
  const known = new Set(list.map((e) => `${e.name.toLowerCase()}/${e.version}`));
  return list.map((e) => langPackage({
    ecosystem: 'NuGet', name: e.name, version: e.version, purl: purlOf('nuget', undefined, e.name, e.version), file, foundBy: id,
    ...(e.type ? { type: e.type } : {}), ...(e.nonRegistry ? { nonRegistry: e.nonRegistry } : {}),
    dependsOn: e.deps.filter(([n, v]) => known.has(`${n.toLowerCase()}/${v}`)).map(([n, v]) => purlOf('nuget', undefined, list.find((x) => x.name.toLowerCase() === n.toLowerCase())?.name ?? n, v)),
  }));
}

/** `<Version>` (or `<VersionPrefix>`) of an SDK-style project file; '' when it sets none. */
function csprojVersion(xml: string): string {
  return (/<Version>\s*([^<\s]+)\s*<\/Version>/.exec(xml) ?? /<VersionPrefix>\s*([^<\s]+)\s*<\/VersionPrefix>/.exec(xml))?.[1] ?? '';
}

/** The project beside a packages.lock.json: named by its .csproj, depending on the Direct packages and projects. */
function projectRoot(lock: string, csproj: AnalyzerFile | undefined, list: Entry[]): Entry | undefined {
  if (!csproj) return undefined;
  const doc = JSON.parse(lock) as { dependencies?: Record<string, Record<string, { type?: unknown; resolved?: unknown }>> };
  const direct = new Map<string, string>();
  for (const fw of Object.values(doc.dependencies ?? {})) {
    for (const [n, e] of Object.entries(fw ?? {})) {
      if (e?.type === 'Direct' && typeof e.resolved === 'string') direct.set(`${n}/${e.resolved}`, e.resolved);
      if (e?.type === 'Project') direct.set(`${n}/`, '');
    }
  }
  const deps = [...direct].map(([k, v]): [string, string] => [k.slice(0, k.lastIndexOf('/')), v]).filter(([n, v]) => list.some((e) => e.name.toLowerCase() === n.toLowerCase() && e.version === v));
  return { name: baseName(csproj.path).replace(/\.csproj$/i, ''), version: csprojVersion(textOf(csproj) ?? ''), deps, ...ROOT };
}

function analyzeLocks(files: AnalyzerFile[]): AnalyzerResult[] {
  const out: AnalyzerResult[] = [];
  for (const file of files.filter((f) => baseName(f.path) === 'packages.lock.json')) {
    const projects = files.filter((f) => f.path.endsWith('.csproj') && dirName(f.path) === dirName(file.path));
    const r = guarded(file, (text) => {
      const list = parsePackagesLock(text);
      const root = projectRoot(text, projects.length === 1 ? projects[0] : undefined, list);
      return { packages: toPackages(root ? [...list, root] : list, file, 'dotnet-packages-lock') };
    });
    if (r) out.push({ ...r, path: file.path });
  }
  return out;
}

export const depsJsonAnalyzer = defineAnalyzer({
  id: 'dotnet-deps',
  version: 2,
  group: 'language',
  maxBytes: 32 * 1024 * 1024,
  matches: (path: string) => path.endsWith('.deps.json'),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => ({ packages: toPackages(parseDepsJson(text, baseName(file.path)), file, 'dotnet-deps') })),
});

export const packagesLockAnalyzer = defineAnalyzer({
  id: 'dotnet-packages-lock',
  version: 2,
  group: 'language',
  modes: ['fs'],
  maxBytes: 32 * 1024 * 1024,
  // The project file names the application the lock file belongs to.
  matches: (path: string) => /(?:^|\/)packages\.lock\.json$/.test(path) || path.endsWith('.csproj'),
  analyzeGroup: analyzeLocks,
});
