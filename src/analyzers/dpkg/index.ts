/**
 * dpkg analyzer: `var/lib/dpkg/status`, distroless `var/lib/dpkg/status.d/*` and the installed-file
 * lists `var/lib/dpkg/info/<pkg>[:<arch>].list`. Grouped so file lists attach to their packages.
 */
import type { Package } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult, type FileMeta } from '../contract.js';
import { locationOf } from '../shared/location.js';
import { finalizeOsPackages } from '../shared/os-purl.js';
import { parseCopyrightLicenses } from './copyright.js';
import { linkDependencies } from './depends.js';
import { DPKG_ANALYZER_ID, parseStatus, type DpkgEntry } from './parse-status.js';

const STATUS = 'var/lib/dpkg/status';
const STATUS_D = 'var/lib/dpkg/status.d/';
const INFO = 'var/lib/dpkg/info/';
const DOC = 'usr/share/doc/';

function isStatusD(path: string): boolean {
  return path.startsWith(STATUS_D) && !path.includes('/', STATUS_D.length) && !path.endsWith('.md5sums');
}

function isList(path: string): boolean {
  return path.startsWith(INFO) && path.endsWith('.list') && !path.includes('/', INFO.length);
}

/** `usr/share/doc/<pkg>/copyright` → `<pkg>`. */
function copyrightOwner(path: string): string | undefined {
  if (!path.startsWith(DOC) || !path.endsWith('/copyright')) return undefined;
  const pkg = path.slice(DOC.length, -'/copyright'.length);
  return pkg && !pkg.includes('/') ? pkg : undefined;
}

function attachLicenses(entries: DpkgEntry[], files: AnalyzerFile[]): void {
  const byName = new Map<string, Package[]>();
  for (const { pkg } of entries) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  for (const f of files) {
    const owners = byName.get(copyrightOwner(f.path) ?? '');
    if (!owners || !f.content) continue;
    const licenses = parseCopyrightLicenses(f.content);
    for (const p of owners) p.licenses = licenses;
  }
}

/** `info/libc6:amd64.list` → its lines as root-relative paths (`usr/lib/…`), `/.` dropped. */
function parseList(content: Buffer): string[] {
  const out: string[] = [];
  for (const line of content.toString('utf8').split('\n')) {
    let start = 0;
    let end = line.length;
    while (start < end && line.charCodeAt(start) === 47) start++;
    while (end > start && line.charCodeAt(end - 1) === 47) end--;
    if (end > start && !(end - start === 1 && line[start] === '.')) out.push(line.slice(start, end));
  }
  return out;
}

function attachFiles(entries: DpkgEntry[], lists: AnalyzerFile[]): void {
  const byKey = new Map<string, Package>();
  for (const { pkg } of entries) {
    byKey.set(`${pkg.name}:${pkg.arch}`, pkg);
    if (!byKey.has(pkg.name)) byKey.set(pkg.name, pkg);
  }
  for (const f of lists) {
    if (!f.content) continue;
    const key = f.path.slice(INFO.length, -'.list'.length);
    const pkg = byKey.get(key);
    if (pkg) pkg.files = parseList(f.content);
  }
}

export const dpkgAnalyzer = defineAnalyzer({
  id: DPKG_ANALYZER_ID,
  version: 2,
  group: 'os-packages',
  maxBytes: 128 * 1024 * 1024,
  matches(path: string, meta: FileMeta): boolean {
    if (meta.type !== 'file') return false;
    return path === STATUS || isStatusD(path) || isList(path) || copyrightOwner(path) !== undefined;
  },
  analyzeGroup(files: AnalyzerFile[]): AnalyzerResult[] {
    const results: AnalyzerResult[] = [];
    const all: DpkgEntry[] = [];
    for (const f of files) {
      if (f.path !== STATUS && !isStatusD(f.path)) continue;
      if (!f.content) {
        results.push({ path: f.path, warnings: [`${f.path}: too large to read, skipped`] });
        continue;
      }
      try {
        const { entries, warnings } = parseStatus(f.content.toString('utf8'), locationOf(f));
        all.push(...entries);
        results.push({ path: f.path, packages: entries.map((e) => e.pkg), ...(warnings.length ? { warnings } : {}) });
      } catch (e) {
        results.push({ path: f.path, warnings: [`${f.path}: unreadable dpkg status (${(e as Error).message})`] });
      }
    }
    linkDependencies(all);
    attachFiles(all, files.filter((f) => isList(f.path)));
    attachLicenses(all, files);
    return results;
  },
  finalizePackages(packages: Package[], os) {
    return finalizeOsPackages('deb', packages, os);
  },
});
