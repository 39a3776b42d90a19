/** Decoded rpm headers → Bulwark packages (gpg-pubkey pseudo-packages skipped) with dependency edges. */
import type { Location, Package } from '../../core/index.js';
import { osPurl } from '../shared/os-purl.js';
import { parseHeader, parseSourceRpm, type BlobRead, type RpmHeader } from './header.js';

export const RPM_ANALYZER_ID = 'rpm';

function toPackage(h: RpmHeader, location: Location): Package {
  const pkg: Package = {
    name: h.name,
    version: h.release ? `${h.version}-${h.release}` : h.version,
    ecosystem: 'redhat',
    type: 'os',
    purl: '',
    licenses: h.license ? [h.license] : [],
    locations: [location],
    foundBy: [RPM_ANALYZER_ID],
  };
  const source = parseSourceRpm(h.sourceRpm);
  if (source) pkg.source = source;
  if (h.arch) pkg.arch = h.arch;
  if (h.epoch !== undefined) pkg.epoch = h.epoch;
  if (h.vendor) pkg.vendor = h.vendor;
  if (h.modularityLabel) pkg.modularityLabel = h.modularityLabel;
  if (h.files.length) pkg.files = h.files;
  pkg.purl = osPurl('rpm', pkg);
  return pkg;
}

/** REQUIRENAME → the installed package providing it (by PROVIDENAME, package name or owned file path). */
function link(pairs: Array<{ h: RpmHeader; pkg: Package }>): void {
  const provider = new Map<string, Package>();
  for (const { h, pkg } of pairs) for (const p of h.provides) if (!provider.has(p)) provider.set(p, pkg);
  for (const { pkg } of pairs) provider.set(pkg.name, pkg);
  let owners: Map<string, Package> | undefined;
  for (const { h, pkg } of pairs) {
    const deps = new Set<string>();
    for (const req of h.requires) {
      if (req.startsWith('rpmlib(')) continue;
      let hit = provider.get(req);
      if (!hit && req.startsWith('/')) {
        owners ??= new Map(pairs.flatMap(({ pkg: p }) => (p.files ?? []).map((f) => [f, p] as [string, Package])));
        hit = owners.get(req.slice(1));
      }
      if (hit && hit !== pkg) deps.add(hit.purl);
    }
    if (deps.size) pkg.dependsOn = [...deps].sort();
  }
}

export interface RpmParse {
  packages: Package[];
  warnings: string[];
}

export function toPackages(read: BlobRead, location: Location): RpmParse {
  const pairs: Array<{ h: RpmHeader; pkg: Package }> = [];
  const problems = [...read.problems];
  for (const blob of read.blobs) {
    try {
      const h = parseHeader(blob);
      if (h.name !== 'gpg-pubkey') pairs.push({ h, pkg: toPackage(h, location) });
    } catch (e) {
      problems.push(`bad header: ${(e as Error).message}`);
    }
  }
  link(pairs);
  const warnings = problems.length
    ? [`${location.path}: ${problems.length} damaged rpm record(s) skipped (first: ${problems[0]})`]
    : [];
  return { packages: pairs.map((p) => p.pkg), warnings };
}
