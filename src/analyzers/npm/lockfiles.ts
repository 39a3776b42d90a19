/**
 * npm-family lockfiles in source trees (fs mode): package-lock.json, npm-shrinkwrap.json, yarn.lock,
 * pnpm-lock.yaml, bun.lock. Grouped with the tree's installed `node_modules/**\/package.json` manifests, which
 * supply the licenses yarn and pnpm lockfiles (and package-lock v1) do not record.
 */
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult } from '../contract.js';
import { baseName, dirName, guarded, textOf } from '../shared/lang-package.js';
import { parseBunLock } from './bun-lock.js';
import { MANIFEST } from './installed.js';
import { lockPackages, type LockEntry } from './lock-model.js';
import { withProject, type Manifest } from './project.js';
import { parsePackageLock } from './package-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { npmLicenses } from './purl.js';
import { parseYarnLock } from './yarn-lock.js';

const ID = 'npm-lockfile';

const PARSERS: Record<string, (text: string) => LockEntry[]> = {
  'package-lock.json': parsePackageLock,
  'npm-shrinkwrap.json': parsePackageLock,
  'yarn.lock': parseYarnLock,
  'pnpm-lock.yaml': parsePnpmLock,
  'bun.lock': parseBunLock,
};

// Lockfiles vendored inside installed packages describe those packages' dev setups, not this project.
const isLockfile = (path: string) => Object.hasOwn(PARSERS, baseName(path)) && !path.includes('node_modules/');
/** The project's own package.json files (root and workspace members): names and versions of local entries. */
const isProjectManifest = (path: string) => baseName(path) === 'package.json' && !path.includes('node_modules/');

/** Project manifests by directory ('' = the scan root). */
function projectManifests(files: AnalyzerFile[]): Map<string, Manifest> {
  const out = new Map<string, Manifest>();
  for (const f of files) {
    if (!isProjectManifest(f.path)) continue;
    try {
      const m = JSON.parse(textOf(f) ?? '') as Manifest;
      if (m && typeof m === 'object') out.set(dirName(f.path), m);
    } catch {
      // an unreadable manifest only means local entries keep the lockfile's identity
    }
  }
  return out;
}

/** name@version → declared licenses, from installed manifests (unreadable ones are just no source). */
function installedLicenses(files: AnalyzerFile[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of files) {
    if (isLockfile(f.path) || isProjectManifest(f.path)) continue;
    try {
      const m = JSON.parse(textOf(f) ?? '') as { name?: unknown; version?: unknown; license?: unknown; licenses?: unknown };
      const lic = npmLicenses(m);
      if (typeof m.name === 'string' && typeof m.version === 'string' && lic.length) out.set(`${m.name}@${m.version}`, lic);
    } catch {
      // not a license source
    }
  }
  return out;
}

export function analyzeLockfiles(files: AnalyzerFile[]): AnalyzerResult[] {
  const licenses = installedLicenses(files);
  const manifests = projectManifests(files);
  const out: AnalyzerResult[] = [];
  for (const file of files.filter((f) => isLockfile(f.path))) {
    const r = guarded(file, (text) => {
      const entries = withProject(PARSERS[baseName(file.path)](text), dirName(file.path), manifests);
      const packages = lockPackages(entries, file, ID);
      for (const p of packages) if (!p.licenses.length) p.licenses = licenses.get(`${p.name}@${p.version}`) ?? [];
      return { packages };
    });
    if (r) out.push({ ...r, path: file.path });
  }
  return out;
}

export const npmLockfileAnalyzer = defineAnalyzer({
  id: ID,
  version: 3,
  group: 'language',
  modes: ['fs'],
  maxBytes: 64 * 1024 * 1024,
  matches: (path: string) => isLockfile(path) || isProjectManifest(path) || (path.endsWith('/package.json') && MANIFEST.test(path)),
  analyzeGroup: (files: AnalyzerFile[]) => analyzeLockfiles(files),
});
