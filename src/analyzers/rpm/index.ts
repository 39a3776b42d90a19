/**
 * rpm analyzer: the package database in any of rpm's three formats, read in TypeScript (no rpm
 * binary): SQLite `rpmdb.sqlite`, Berkeley DB hash `Packages`, NDB `Packages.db`, under
 * `var/lib/rpm/`, `usr/lib/sysimage/rpm/` or `usr/share/rpm/`.
 */
import { posix } from 'node:path';
import type { Package } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult, type FileMeta } from '../contract.js';
import { locationOf } from '../shared/location.js';
import { finalizeOsPackages } from '../shared/os-purl.js';
import { readBdbHash } from './bdb.js';
import type { BlobRead } from './header.js';
import { readNdb } from './ndb.js';
import { RPM_ANALYZER_ID, toPackages } from './packages.js';
import { readSqlite } from './sqlite.js';

const DIRS = new Set(['var/lib/rpm', 'usr/lib/sysimage/rpm', 'usr/share/rpm']);

/** When one directory holds several formats (a half-migrated database), the newest format wins. */
const FORMATS: Array<{ file: string; read: (b: Buffer, wal?: Buffer) => BlobRead }> = [
  { file: 'rpmdb.sqlite', read: readSqlite },
  { file: 'Packages.db', read: readNdb },
  { file: 'Packages', read: readBdbHash },
];

function analyzeOne(f: AnalyzerFile, read: (b: Buffer, wal?: Buffer) => BlobRead, wal?: AnalyzerFile): AnalyzerResult {
  if (!f.content) return { path: f.path, warnings: [`${f.path}: too large to read, skipped`] };
  try {
    const { packages, warnings } = toPackages(read(f.content, wal?.content), locationOf(f));
    return { path: f.path, packages, ...(warnings.length ? { warnings } : {}) };
  } catch (e) {
    return { path: f.path, warnings: [`${f.path}: unreadable rpm database (${(e as Error).message})`] };
  }
}

export const rpmAnalyzer = defineAnalyzer({
  id: RPM_ANALYZER_ID,
  version: 2,
  group: 'os-packages',
  maxBytes: 1024 * 1024 * 1024,
  matches(path: string, meta: FileMeta): boolean {
    if (meta.type !== 'file') return false;
    const base = posix.basename(path);
    return (base === 'rpmdb.sqlite' || base === 'rpmdb.sqlite-wal' || base === 'Packages' || base === 'Packages.db') && DIRS.has(posix.dirname(path));
  },
  analyzeGroup(files: AnalyzerFile[]): AnalyzerResult[] {
    const results: AnalyzerResult[] = [];
    for (const dir of new Set(files.map((f) => posix.dirname(f.path)))) {
      for (const { file, read } of FORMATS) {
        const f = files.find((x) => x.path === `${dir}/${file}`);
        if (!f) continue;
        const r = analyzeOne(f, read, files.find((x) => x.path === `${dir}/${file}-wal`));
        results.push(r);
        if (r.packages?.length) break;
      }
    }
    return results;
  },
  finalizePackages(packages: Package[], os) {
    return finalizeOsPackages('rpm', packages, os);
  },
});
