/**
 * Building blocks shared by the language-package analyzers: purls that never throw, a Package
 * constructor with the language defaults, and the "one bad file is a warning" guard.
 */
import type * as PackageurlJsModule from 'packageurl-js';
import { lazy } from '../../core/index.js';

const purl = lazy<typeof PackageurlJsModule>('packageurl-js');
import type { Ecosystem, Location, NonRegistry, Package, PackageType } from '../../core/index.js';
import type { AnalyzerFile, AnalyzerResult } from '../contract.js';
import { locationOf } from './location.js';

/**
 * A purl via packageurl-js; on a value the library rejects (it validates some types strictly and has
 * thrown ReferenceErrors on odd Go versions) falls back to plain percent-encoding of each part.
 */
export function purlOf(type: string, namespace: string | undefined, name: string, version: string | undefined, qualifiers?: Record<string, string>): string {
  // packageurl-js costs ~50 µs per purl and lockfiles repeat the same purls in every dependency list.
  const key = qualifiers ? undefined : `${type}\0${namespace ?? ''}\0${name}\0${version ?? ''}`;
  const hit = key === undefined ? undefined : PURL_CACHE.get(key);
  if (hit) return hit;
  const purl = buildPurl(type, namespace, name, version, qualifiers);
  if (key !== undefined) {
    if (PURL_CACHE.size >= 100_000) PURL_CACHE.clear();
    PURL_CACHE.set(key, purl);
  }
  return purl;
}

const PURL_CACHE = new Map<string, string>();

function buildPurl(type: string, namespace: string | undefined, name: string, version: string | undefined, qualifiers?: Record<string, string>): string {
  try {
    return new (purl().PackageURL)(type, namespace || undefined, name, version || undefined, qualifiers, undefined).toString();
  } catch {
    const ns = namespace ? namespace.split('/').map(encodeURIComponent).join('/') + '/' : '';
    const q = qualifiers && Object.keys(qualifiers).length
      ? '?' + Object.keys(qualifiers).sort().map((k) => `${k}=${encodeURIComponent(qualifiers[k])}`).join('&')
      : '';
    return `pkg:${type}/${ns}${encodeURIComponent(name)}${version ? '@' + encodeURIComponent(version) : ''}${q}`;
  }
}

export interface LangPackageInit {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  purl: string;
  file: Pick<AnalyzerFile, 'path' | 'layer'>;
  foundBy: string;
  /** Location path when it differs from the file (a jar nested in a jar: `outer.jar!/lib/inner.jar`). */
  path?: string;
  type?: PackageType;
  licenses?: Array<string | undefined>;
  dependsOn?: string[];
  dev?: boolean;
  hashes?: Record<string, string>;
  nonRegistry?: NonRegistry;
  properties?: Record<string, string>;
}

/**
 * The one-element Location list of the last file seen: a lockfile's packages share it (nothing changes a
 * Location or a package's list in place: merges copy first; frozen, so a future push fails loudly).
 */
let last: { path: string; digest: string; index: number; locations: Location[] } | undefined;

function sharedLocations(file: LangPackageInit['file']): Location[] {
  if (last?.path !== file.path || last.digest !== file.layer.digest || last.index !== file.layer.index) {
    last = { path: file.path, digest: file.layer.digest, index: file.layer.index, locations: Object.freeze([locationOf(file)]) as unknown as Location[] };
  }
  return last.locations;
}

export function langPackage(init: LangPackageInit): Package {
  const locations = init.path ? [{ ...locationOf(init.file), path: init.path }] : sharedLocations(init.file);
  const pkg: Package = {
    name: init.name,
    version: init.version,
    ecosystem: init.ecosystem,
    type: init.type ?? 'library',
    purl: init.purl,
    licenses: cleanLicenses(init.licenses),
    locations,
    foundBy: shared(init.foundBy),
  };
  if (init.dependsOn?.length) pkg.dependsOn = sortedUnique(init.dependsOn);
  if (init.dev) pkg.dev = true;
  if (init.hashes) pkg.hashes = init.hashes;
  // An entry without a version cannot be told apart from any registry release.
  const nonRegistry = init.nonRegistry ?? (init.version ? undefined : { kind: 'unversioned' as const });
  if (nonRegistry) pkg.nonRegistry = nonRegistry;
  if (init.properties && Object.keys(init.properties).length) pkg.properties = init.properties;
  return pkg;
}

/**
 * One-element lists shared by every package with that value (`["MIT"]`, `["npm-lockfile"]`): a 120k-entry lockfile
 * holds a handful of distinct values, not 240k arrays. Nothing changes a package's list in place (merges copy first); frozen, so a future push fails loudly.
 */
const SHARED = new Map<string, string[]>();

function shared(value: string): string[] {
  let list = SHARED.get(value);
  if (!list) {
    if (SHARED.size >= 10_000) SHARED.clear();
    // frozen: a push into a shared list would change every package holding it, so it throws instead
    SHARED.set(value, (list = Object.freeze([value]) as unknown as string[]));
  }
  return list;
}

/** Trimmed, non-empty, first occurrence kept (one or none is the common case: no Set for it). */
function cleanLicenses(licenses: Array<string | undefined> | undefined): string[] {
  if (!licenses?.length) return [];
  if (licenses.length === 1) { const l = licenses[0]?.trim(); return l ? shared(l) : []; }
  return [...new Set(licenses.filter((l): l is string => !!l && l.trim() !== '').map((l) => l.trim()))];
}

/** A sorted copy without duplicates (sort, then drop neighbours: no Set per package). */
function sortedUnique(values: string[]): string[] {
  const sorted = values.length <= 8 ? insertionSorted(values) : values.slice().sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  sorted.length = n;
  return sorted;
}

/**
 * A sorted copy of a short list, as Array#sort() orders strings (UTF-16 code units, which `<` compares): most
 * packages have a handful of dependencies, where the generic sort's set-up costs more than the sorting.
 */
function insertionSorted(values: string[]): string[] {
  const out = values.slice();
  for (let i = 1; i < out.length; i++) {
    const v = out[i];
    let j = i - 1;
    for (; j >= 0 && out[j] > v; j--) out[j + 1] = out[j];
    out[j + 1] = v;
  }
  return out;
}

/** `path: message` for a failure, without a stack. */
export function fileWarning(path: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return `${path}: ${msg.split('\n')[0]}`;
}

/**
 * Bytes as text: UTF-8 (BOM dropped), or UTF-16 LE/BE when a BOM says so (Windows editors and
 * PowerShell's `>` save requirements.txt and friends that way).
 */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.toString('utf16le', 2);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const le = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return le.swap16().toString('utf16le');
  }
  const s = buf.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** The file as text (see decodeText), or undefined when the walk did not buffer it (too large). */
export function textOf(file: AnalyzerFile): string | undefined {
  return file.content ? decodeText(file.content) : undefined;
}

/**
 * Runs a parser over one file: no content → a "not read" warning; a throw → a warning naming the file.
 * An empty package list yields undefined so nothing is cached for files that hold nothing.
 */
export function guarded(file: AnalyzerFile, parse: (text: string) => AnalyzerResult | undefined): AnalyzerResult | undefined {
  if (file.meta.type !== 'file') return undefined;
  const text = textOf(file);
  if (text === undefined) return { warnings: [`${file.path}: not read (larger than the analyzer's size limit)`] };
  try {
    const r = parse(text);
    if (!r || (!r.packages?.length && !r.warnings?.length)) return undefined;
    return r;
  } catch (e) {
    return { warnings: [fileWarning(file.path, e)] };
  }
}

/** Last path segment. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** Parent directory ('' at the root). */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
