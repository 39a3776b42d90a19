/** What a package URL says about a package from an SBOM: ecosystem, OS or library, version, epoch, distro. */
import type { PackageURL } from 'packageurl-js';
import type * as PackageurlJsModule from 'packageurl-js';
import {
  defaultOsEcosystem, languageEcosystemForPurlType, osEcosystemFor, type Ecosystem, type OsInfo, type PackageType, lazy,
} from '../../core/index.js';

const purlLib = lazy<typeof PackageurlJsModule>('packageurl-js');

export interface PurlInfo {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  ecosystem: Ecosystem;
  pkgType: PackageType;
  qualifiers: Record<string, string>;
  epoch?: number;
  arch?: string;
  /** Source package named in the purl (`upstream=` qualifier, as Syft writes it). */
  upstream?: string;
  /** OS implied by an OS-package purl (namespace + `distro` qualifier). */
  os?: OsInfo;
}

/** `debian-12.4` / `12.4` / `alpine-3.19.1` / `3.19.1` → `12.4` / `3.19.1`. */
function distroVersion(distro: string | undefined): string | undefined {
  if (!distro) return undefined;
  const m = /(\d[\w.]*)$/.exec(distro);
  return m?.[1];
}

/** Family spelled the way OsInfo spells it (`rhel`, `alma`…), from an SBOM's operating-system name. */
export function normaliseOsFamily(name: string): string {
  const n = name.trim().toLowerCase();
  const alias: Record<string, string> = {
    redhat: 'rhel', 'red hat enterprise linux': 'rhel', almalinux: 'alma', amzn: 'amazon', 'amazon linux': 'amazon',
    ol: 'oracle', 'oracle linux': 'oracle', suse: 'sles', 'sles': 'sles', opensuse: 'opensuse-leap', 'rocky linux': 'rocky',
  };
  return alias[n] ?? n;
}

/** Parses a purl; undefined when it is not one. */
export function purlInfo(purl: string | undefined): PurlInfo | undefined {
  if (!purl) return undefined;
  let p: PackageURL;
  try {
    p = purlLib().PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
  const qualifiers = { ...(p.qualifiers ?? {}) } as Record<string, string>;
  const epochNum = qualifiers.epoch !== undefined ? Number(qualifiers.epoch) : undefined;
  const epoch = epochNum !== undefined && Number.isInteger(epochNum) ? epochNum : undefined;
  const info: PurlInfo = {
    type: p.type,
    namespace: p.namespace ?? undefined,
    name: p.name,
    version: p.version ?? undefined,
    ecosystem: languageEcosystemForPurlType(p.type)?.id ?? 'binary',
    pkgType: 'library',
    qualifiers,
    epoch,
    arch: qualifiers.arch,
    upstream: qualifiers.upstream,
  };
  const fallback = defaultOsEcosystem(p.type);
  if (fallback) {
    // The namespace is the vendor (`pkg:rpm/rocky/…`); without one the purl type's default vendor applies.
    const vendor = osEcosystemFor(p.type, p.namespace ?? fallback.id);
    info.pkgType = 'os';
    info.ecosystem = (vendor ?? fallback).id;
    const version = distroVersion(qualifiers.distro);
    if (vendor?.osFamilies?.[0] && version) info.os = { family: vendor.osFamilies[0], version };
  }
  return info;
}

/** The version Bulwark stores: dpkg keeps the epoch in the version string, rpm keeps it separately. */
export function packageVersion(info: PurlInfo | undefined, fallback: string | undefined): string {
  const v = info?.version ?? fallback ?? '';
  if (info?.type === 'deb' && info.epoch !== undefined && info.epoch > 0 && !v.includes(':')) return `${info.epoch}:${v}`;
  if (info?.type === 'rpm') return v.replace(/^\d+:/, '');
  return v;
}
