/** The inventory model: one package found in a target. */
import type { Ecosystem } from './ecosystems.js';
import type { Location } from './layer.js';

export type PackageType = 'os' | 'library' | 'application' | 'runtime';

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
