/**
 * One SBOM entry (CycloneDX component or SPDX package, already read into `SbomEntry`) → core `Package`.
 * Knows the property vocabularies of Bulwark, Syft, Trivy and cdxgen for source packages and locations.
 */
import type { Location, OsInfo, Package } from '../../core/index.js';
import { packageVersion, purlInfo } from './purl-info.js';

export interface SbomEntry {
  /** bom-ref / SPDXID: the id dependency edges use. */
  ref: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  licenses: string[];
  /** name → values (CycloneDX properties, Trivy SPDX annotations). */
  props: Map<string, string[]>;
  /** Locations found outside properties (cdxgen evidence, SPDX sourceInfo). */
  locations: Location[];
  hashes: Record<string, string>;
  supplier?: string;
}

export interface SbomDocument {
  format: 'cyclonedx' | 'spdx';
  specVersion: string;
  /** Tool(s) that made it, `name version`. */
  tools: string[];
  /** What the SBOM describes (image reference, directory…). */
  subject?: { name: string; version?: string; kind?: string };
  os?: OsInfo;
  packages: Package[];
  warnings: string[];
}

const first = (e: SbomEntry, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = e.props.get(n)?.[0];
    if (v) return v;
  }
  return undefined;
};

const stripSlash = (p: string) => p.replace(/^\/+/, '');

/** Locations from every known vocabulary, deduplicated by path. */
function locationsOf(e: SbomEntry): Location[] {
  const out: Location[] = [];
  const layers = e.props.get('bulwark:layer') ?? [];
  for (const path of e.props.get('bulwark:path') ?? []) out.push({ path: stripSlash(path), ...(layers[0] ? { layer: layers[0] } : {}) });
  // Syft: syft:location:<i>:path and syft:location:<i>:layerID
  for (const [name, values] of e.props) {
    const m = /^syft:location:(\d+):path$/.exec(name);
    if (!m || !values[0]) continue;
    const layer = e.props.get(`syft:location:${m[1]}:layerID`)?.[0];
    out.push({ path: stripSlash(values[0]), ...(layer ? { layer } : {}) });
  }
  const trivyPath = first(e, 'aquasecurity:trivy:FilePath', 'aquasecurity:trivy:PkgPath');
  const trivyLayer = first(e, 'aquasecurity:trivy:LayerDigest');
  if (trivyPath) out.push({ path: stripSlash(trivyPath), ...(trivyLayer ? { layer: trivyLayer } : {}) });
  const srcFile = first(e, 'SrcFile');
  if (srcFile) out.push({ path: stripSlash(srcFile) });
  out.push(...e.locations);
  const seen = new Set<string>();
  return out.filter((l) => l.path && !seen.has(l.path) && seen.add(l.path));
}

/** `openssl 3.0.11-1` from Syft/Trivy/Bulwark properties or the purl's `upstream` qualifier. */
function sourceOf(e: SbomEntry, upstream: string | undefined, version: string): Package['source'] {
  const name = first(e, 'bulwark:srcName', 'aquasecurity:trivy:SrcName', 'syft:metadata:source', 'syft:metadata:originPackage') ?? upstream;
  if (!name) return undefined;
  let srcVersion = first(e, 'bulwark:srcVersion', 'syft:metadata:sourceVersion');
  const trivyVersion = first(e, 'aquasecurity:trivy:SrcVersion');
  if (!srcVersion && trivyVersion) {
    const release = first(e, 'aquasecurity:trivy:SrcRelease');
    const epoch = first(e, 'aquasecurity:trivy:SrcEpoch');
    srcVersion = `${epoch && epoch !== '0' ? `${epoch}:` : ''}${trivyVersion}${release ? `-${release}` : ''}`;
  }
  // upstream=name@version (Syft writes `upstream=openssl%403.0.11-1` when the versions differ).
  const at = name.indexOf('@');
  if (at > 0) return { name: name.slice(0, at), version: srcVersion ?? name.slice(at + 1) };
  return { name, version: srcVersion ?? version };
}

/** Maps an entry to a Package; undefined for entries that are not packages (no name). */
/** The name the ecosystem uses: `group:artifact` for Maven, `@scope/name` for npm, the module path for Go. */
function nameOf(e: SbomEntry, info: ReturnType<typeof purlInfo>): string | undefined {
  if (info?.namespace) {
    if (info.type === 'maven') return `${info.namespace}:${info.name}`;
    if (info.type === 'npm' || info.type === 'golang' || info.type === 'swift') return `${info.namespace}/${info.name}`;
  }
  if (e.group && !info) return `${e.group}/${e.name}`;
  return e.name || info?.name;
}

export function toPackage(e: SbomEntry): Package | undefined {
  const info = purlInfo(e.purl);
  const name = nameOf(e, info);
  if (!name) return undefined;
  const version = packageVersion(info, e.version);
  const ecosystem = (first(e, 'bulwark:ecosystem') as Package['ecosystem'] | undefined) ?? info?.ecosystem ?? 'binary';
  const pkgType = (first(e, 'bulwark:pkgType') as Package['type'] | undefined) ?? info?.pkgType ?? 'library';
  const source = sourceOf(e, info?.upstream, version);
  const foundBy = e.props.get('bulwark:foundBy') ?? [];
  const pkg: Package = {
    name,
    version,
    ecosystem,
    type: pkgType,
    purl: e.purl ?? '',
    licenses: [...new Set(e.licenses.filter(Boolean))],
    locations: locationsOf(e),
    foundBy: foundBy.length ? foundBy : ['sbom'],
  };
  if (source) pkg.source = source;
  if (info?.arch) pkg.arch = info.arch;
  if (info?.epoch !== undefined && info.type === 'rpm') pkg.epoch = info.epoch;
  if (e.supplier) pkg.maintainer = e.supplier;
  if (Object.keys(e.hashes).length) pkg.hashes = e.hashes;
  return pkg;
}

/** OS from the purls when the SBOM names none (Syft and Trivy put `distro=` on every OS package). */
export function osFromPurls(entries: readonly SbomEntry[]): OsInfo | undefined {
  for (const e of entries) {
    const os = purlInfo(e.purl)?.os;
    if (os) return os;
  }
  return undefined;
}
