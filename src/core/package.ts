/** The inventory model: one package found in a target. */
import type { Ecosystem } from './ecosystems.js';
import type { Location } from './layer.js';

export type PackageType = 'os' | 'library' | 'application' | 'runtime';

/**
 * Where a language package came from when it is not its ecosystem's registry: the project itself or a
 * workspace member, a local path (`file:`, `link:`, a local Go `replace`), a git or tarball URL, a
 * patched copy (yarn `patch:`), or an entry with no version at all. Listed in inventories and SBOMs,
 * never matched against registry advisories (a local `utils@1.0.0` is not npm's `utils@1.0.0`).
 */
export interface NonRegistry {
  kind: 'local' | 'workspace' | 'git' | 'url' | 'patch' | 'unversioned';
  /** What the lockfile or manifest says (`file:../lib`, `git+https://…#sha`, `./lib`), when it says. */
  ref?: string;
}

export interface SourcePackage {
  name: string;
  version: string;
}

export interface Package {
  name: string;
  version: string;
  ecosystem: Ecosystem;
  type: PackageType;
  /** Package URL, e.g. pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12 */
  purl: string;
  /** Source package (dpkg Source:, apk origin, rpm sourcerpm) where the ecosystem has one. */
  source?: SourcePackage;
  /** Declared licenses as written by the package (normalised later by the license scanner). */
  licenses: string[];
  locations: Location[];
  /** Analyzer id(s) that found it. */
  foundBy: string[];
  arch?: string;
  epoch?: number;
  maintainer?: string;
  vendor?: string;
  /** rpm MODULARITYLABEL. */
  modularityLabel?: string;
  /** purls of direct dependencies, where the lockfile/database gives them. */
  dependsOn?: string[];
  /** True for dev-only lockfile dependencies (excluded by default). */
  dev?: boolean;
  /** Installed files (dpkg info/*.list, apk R: lines), when known. */
  files?: string[];
  /** Cheap hashes of the artifact itself (e.g. jar sha1), algorithm → hex. */
  hashes?: Record<string, string>;
  /** Set when the package does not come from its ecosystem's registry; such packages are never matched. */
  nonRegistry?: NonRegistry;
  /**
   * Facts that have no field of their own, surfaced as SBOM properties: `alias` (the name an npm alias
   * installs the package under), `constraint` (an unpinned requirement's version range).
   */
  properties?: Record<string, string>;
}

export interface OsInfo {
  /** Family id: debian, ubuntu, alpine, wolfi, chainguard, rhel, centos, rocky, alma, fedora, oracle,
   * amazon, sles, opensuse-leap, photon, azurelinux, mariner, distroless… */
  family: string;
  /** Version as the distro numbers it (`12.4`, `3.19.1`, `2023`). */
  version: string;
  /** Release codename where one exists (`bookworm`). */
  codename?: string;
  prettyName?: string;
  /** True when the OS has passed end of life (filled by detectors). */
  eol?: boolean;
  /** Google distroless: Debian packages in var/lib/dpkg/status.d/, no package manager. */
  distroless?: boolean;
}
