/**
 * Installed npm packages: every `node_modules/<name>/package.json` (and `node_modules/@scope/<name>/…`),
 * including pnpm's `.pnpm/<id>/node_modules/<name>` store. Runs as a group so dependency edges can be
 * resolved with Node's own lookup rules among the manifests of the same layer. In images and rootfs
 * this is the truth; source trees (fs mode) use the lockfile analyzer instead.
 */
import type { Package } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult } from '../contract.js';
import { dirName, fileWarning, langPackage, textOf } from '../shared/lang-package.js';
import { declaredDeps, npmLicenses, npmPurl, resolveNodeModule } from './purl.js';

export const MANIFEST = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/.@][^/]*\/package\.json$/;

interface Manifest { name?: unknown; version?: unknown; license?: unknown; licenses?: unknown; dependencies?: unknown; optionalDependencies?: unknown; peerDependencies?: unknown }

interface Installed { file: AnalyzerFile; manifest: Manifest; name: string; version: string }

function load(file: AnalyzerFile, warnings: string[]): Installed | undefined {
  if (file.meta.type !== 'file') return undefined;
  const text = textOf(file);
  if (text === undefined) { warnings.push(`${file.path}: not read (too large)`); return undefined; }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (e) {
    warnings.push(fileWarning(file.path, e));
    return undefined;
  }
  // Manifests without name/version are not packages (test fixtures, sub-path "exports" stubs).
  if (!manifest || typeof manifest.name !== 'string' || typeof manifest.version !== 'string' || !manifest.name || !manifest.version) return undefined;
  return { file, manifest, name: manifest.name, version: manifest.version };
}

export function analyzeInstalled(files: AnalyzerFile[]): AnalyzerResult[] {
  const warnings: string[] = [];
  const byDir = new Map<string, Installed>();
  for (const f of files) {
    const inst = load(f, warnings);
    if (inst) byDir.set(dirName(f.path), inst);
  }
  const results: AnalyzerResult[] = [];
  for (const [dir, inst] of byDir) {
    const deps: string[] = [];
    for (const dep of declaredDeps(inst.manifest)) {
      const hit = resolveNodeModule(dir, dep, (d) => byDir.has(d));
      const target = hit ? byDir.get(hit) : undefined;
      if (target) deps.push(npmPurl(target.name, target.version));
    }
    // An alias install (`"string-width-cjs": "npm:string-width@^4"`) sits in a folder named after the alias;
    // the package is still string-width, and the alias is kept as the lockfile analyzer keeps it.
    const folder = dir.slice(dir.lastIndexOf('node_modules/') + 13);
    const pkg: Package = langPackage({
      ecosystem: 'npm', name: inst.name, version: inst.version, purl: npmPurl(inst.name, inst.version),
      file: inst.file, foundBy: npmInstalledAnalyzer.id, licenses: npmLicenses(inst.manifest), dependsOn: deps,
      properties: folder !== inst.name ? { alias: folder } : undefined,
    });
    results.push({ path: inst.file.path, packages: [pkg] });
  }
  if (warnings.length) results.push({ path: files[0].path, warnings });
  return results;
}

export const npmInstalledAnalyzer = defineAnalyzer({
  id: 'npm-installed',
  version: 2,
  group: 'language',
  modes: ['image', 'rootfs'],
  maxBytes: 4 * 1024 * 1024,
  matches: (path: string) => path.endsWith('/package.json') && MANIFEST.test(path),
  analyzeGroup: (files: AnalyzerFile[]) => analyzeInstalled(files),
});
