/**
 * Package URLs and ecosystems for OS packages (purl types deb, apk, rpm). The namespace (vendor),
 * ecosystem and `distro` qualifier depend on the OS, which is only known after the whole image is
 * walked, so analyzers build a provisional purl and `finalizeOsPackages` rebuilds it once the
 * inventory knows the OS.
 */
import type * as PackageurlJsModule from 'packageurl-js';

const purl = lazy<typeof PackageurlJsModule>('packageurl-js');
import { defaultOsEcosystem, osEcosystemFor, type Ecosystem, type EcosystemRow, type OsInfo, type Package, lazy } from '../../core/index.js';

export type OsPackageType = 'deb' | 'apk' | 'rpm';

interface Vendor {
  namespace: string;
  ecosystem: Ecosystem;
}

/** The purl vendor and ecosystem of a row of the ecosystem table (core/ecosystems.ts). */
const vendorOf = (row: EcosystemRow): Vendor => ({ namespace: row.purlNamespace ?? row.id, ecosystem: row.id });

/** Without a known OS an rpm's VENDOR tag is the best hint of whose package it is. */
const RPM_VENDOR_HINTS: Array<[RegExp, string]> = [
  [/red hat/i, 'rhel'], [/centos/i, 'centos'], [/rocky/i, 'rocky'], [/almalinux/i, 'alma'],
  [/fedora/i, 'fedora'], [/oracle/i, 'oracle'], [/amazon/i, 'amazon'], [/opensuse/i, 'opensuse'],
  [/suse/i, 'suse'], [/vmware|photon/i, 'photon'], [/microsoft/i, 'azurelinux'],
];

function vendorFor(type: OsPackageType, pkg: Package, os: OsInfo | undefined): Vendor {
  const family = os?.family.toLowerCase();
  const byFamily = osEcosystemFor(type, family);
  if (byFamily) return vendorOf(byFamily);
  const fallback = vendorOf(defaultOsEcosystem(type)!);
  if (type === 'rpm' && pkg.vendor) {
    const hit = RPM_VENDOR_HINTS.find(([re]) => re.test(pkg.vendor ?? ''));
    const row = hit && osEcosystemFor('rpm', hit[1]);
    if (row) return vendorOf(row);
  }
  // A dpkg-based OS we do not list (Kali, Mint…): keep its own id as the vendor, Debian semantics.
  if (family && type === 'deb' && /^[a-z0-9.-]+$/.test(family)) return { namespace: family, ecosystem: fallback.ecosystem };
  return fallback;
}

/** `distro` qualifier: `debian-12`, `ubuntu-22.04`, `rhel-9.3`; Alpine-style apk uses the bare version. */
function distroQualifier(type: OsPackageType, os: OsInfo | undefined): string | undefined {
  if (!os?.version) return undefined;
  if (type === 'apk') return os.version;
  const family = os.family === 'distroless' ? 'debian' : os.family;
  return `${family}-${os.version}`;
}

/** The purl of one OS package; rpm versions are `version-release` with the epoch as a qualifier. */
export function osPurl(type: OsPackageType, pkg: Package, os?: OsInfo): string {
  const vendor = vendorFor(type, pkg, os);
  const qualifiers: Record<string, string> = {};
  if (pkg.arch) qualifiers.arch = pkg.arch;
  if (type === 'rpm' && pkg.epoch) qualifiers.epoch = String(pkg.epoch);
  const distro = distroQualifier(type, os);
  if (distro) qualifiers.distro = distro;
  const name = type === 'rpm' ? pkg.name : pkg.name.toLowerCase();
  try {
    return new (purl().PackageURL)(type, vendor.namespace, name, pkg.version || undefined, qualifiers, undefined).toString();
  } catch {
    // packageurl-js rejects some values (empty names from damaged databases); never fail the scan on it.
    const q = Object.entries(qualifiers).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    return `pkg:${type}/${vendor.namespace}/${encodeURIComponent(name)}@${encodeURIComponent(pkg.version)}${q ? `?${q}` : ''}`;
  }
}

export function osEcosystem(type: OsPackageType, pkg: Package, os?: OsInfo): Ecosystem {
  return vendorFor(type, pkg, os).ecosystem;
}

/**
 * Rebuilds purl and ecosystem for the now-known OS and rewrites dependency edges that point at
 * packages of the same batch (their purls changed too).
 */
export function finalizeOsPackages(type: OsPackageType, packages: Package[], os: OsInfo | undefined): Package[] {
  const renamed = new Map<string, string>();
  const out = packages.map((p) => {
    const purl = osPurl(type, p, os);
    renamed.set(p.purl, purl);
    return { ...p, purl, ecosystem: osEcosystem(type, p, os) };
  });
  for (const p of out) {
    if (p.dependsOn) p.dependsOn = p.dependsOn.map((d) => renamed.get(d) ?? d);
  }
  return out;
}
