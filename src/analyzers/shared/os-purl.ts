/**
 * Package URLs and ecosystems for OS packages (purl types deb, apk, rpm). The namespace (vendor),
 * ecosystem and `distro` qualifier depend on the OS, which is only known after the whole image is
 * walked, so analyzers build a provisional purl and `finalizeOsPackages` rebuilds it once the
 * inventory knows the OS.
 */
import type * as PackageurlJsModule from 'packageurl-js';
import { lazy } from '../../core/lazy.js';

const purl = lazy<typeof PackageurlJsModule>('packageurl-js');
import type { Ecosystem, OsInfo, Package } from '../../core/index.js';

export type OsPackageType = 'deb' | 'apk' | 'rpm';

interface Vendor {
  namespace: string;
  ecosystem: Ecosystem;
}

const DEB: Record<string, Vendor> = {
  debian: { namespace: 'debian', ecosystem: 'debian' },
  distroless: { namespace: 'debian', ecosystem: 'debian' },
  ubuntu: { namespace: 'ubuntu', ecosystem: 'ubuntu' },
};

const APK: Record<string, Vendor> = {
  alpine: { namespace: 'alpine', ecosystem: 'alpine' },
  wolfi: { namespace: 'wolfi', ecosystem: 'wolfi' },
  chainguard: { namespace: 'chainguard', ecosystem: 'chainguard' },
};

const RPM: Record<string, Vendor> = {
  rhel: { namespace: 'redhat', ecosystem: 'redhat' },
  redhat: { namespace: 'redhat', ecosystem: 'redhat' },
  centos: { namespace: 'centos', ecosystem: 'centos' },
  rocky: { namespace: 'rocky', ecosystem: 'rocky' },
  alma: { namespace: 'almalinux', ecosystem: 'alma' },
  almalinux: { namespace: 'almalinux', ecosystem: 'alma' },
  fedora: { namespace: 'fedora', ecosystem: 'fedora' },
  oracle: { namespace: 'oracle', ecosystem: 'oracle' },
  ol: { namespace: 'oracle', ecosystem: 'oracle' },
  amazon: { namespace: 'amazon', ecosystem: 'amazon' },
  amzn: { namespace: 'amazon', ecosystem: 'amazon' },
  sles: { namespace: 'suse', ecosystem: 'suse' },
  suse: { namespace: 'suse', ecosystem: 'suse' },
  'opensuse-leap': { namespace: 'opensuse', ecosystem: 'opensuse' },
  opensuse: { namespace: 'opensuse', ecosystem: 'opensuse' },
  'opensuse-tumbleweed': { namespace: 'opensuse', ecosystem: 'opensuse' },
  photon: { namespace: 'photon', ecosystem: 'photon' },
  azurelinux: { namespace: 'azurelinux', ecosystem: 'azurelinux' },
  mariner: { namespace: 'mariner', ecosystem: 'mariner' },
};

/** Without a known OS an rpm's VENDOR tag is the best hint of whose package it is. */
const RPM_VENDOR_HINTS: Array<[RegExp, string]> = [
  [/red hat/i, 'rhel'], [/centos/i, 'centos'], [/rocky/i, 'rocky'], [/almalinux/i, 'alma'],
  [/fedora/i, 'fedora'], [/oracle/i, 'oracle'], [/amazon/i, 'amazon'], [/opensuse/i, 'opensuse'],
  [/suse/i, 'suse'], [/vmware|photon/i, 'photon'], [/microsoft/i, 'azurelinux'],
];

const TABLES: Record<OsPackageType, { table: Record<string, Vendor>; fallback: Vendor }> = {
  deb: { table: DEB, fallback: DEB.debian },
  apk: { table: APK, fallback: APK.alpine },
  rpm: { table: RPM, fallback: RPM.rhel },
};

function vendorFor(type: OsPackageType, pkg: Package, os: OsInfo | undefined): Vendor {
  const { table, fallback } = TABLES[type];
  const family = os?.family.toLowerCase();
  if (family && table[family]) return table[family];
  if (type === 'rpm' && pkg.vendor) {
    const hit = RPM_VENDOR_HINTS.find(([re]) => re.test(pkg.vendor ?? ''));
    if (hit) return RPM[hit[1]];
  }
  // A dpkg-based OS we do not list (Kali, Mint…): keep its own id as the vendor, Debian semantics.
  if (family && type === 'deb' && /^[a-z0-9.-]+$/.test(family)) return { namespace: family, ecosystem: 'debian' };
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
