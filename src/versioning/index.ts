/**
 * Versioning: one exact comparator per ecosystem, pure (no I/O, no other src folders but core).
 * `compareVersions(ecosystem, a, b)` is the public entry; `schemeFor` maps ecosystems, OSV ecosystem
 * keys ('Debian:12', 'Alpine:v3.19') and OS families to their scheme.
 */
import { BulwarkError } from '../core/index.js';
import { apkScheme } from './apk.js';
import { composerScheme } from './composer.js';
import { dpkgScheme } from './dpkg.js';
import { gemScheme } from './gem.js';
import { compareGeneric, genericScheme } from './generic.js';
import { mavenScheme } from './maven.js';
import { nugetScheme } from './nuget.js';
import { pep440Scheme } from './pep440.js';
import { rpmScheme } from './rpm.js';
import { parseGo, parseSemver, schemeFromParser } from './semver.js';
import type { Cmp, VersionScheme } from './types.js';

export type { Cmp, VersionScheme } from './types.js';
export { compareDpkg, parseDpkgVersion } from './dpkg.js';
export { compareRpm, rpmvercmp } from './rpm.js';
export { compareApk } from './apk.js';
export { compareMaven } from './maven.js';
export { comparePep440 } from './pep440.js';
export { compareGem } from './gem.js';
export { compareNuGet } from './nuget.js';
export { compareComposer, normalizeComposer } from './composer.js';
export { compareGeneric } from './generic.js';
export { parseGo } from './semver.js';

const semverScheme = schemeFromParser('semver', parseSemver, compareGeneric);
const cargoScheme = schemeFromParser('cargo', (v) => (/^\s*[v=]/.test(v) ? null : parseSemver(v)), compareGeneric);
const goScheme = schemeFromParser('go', parseGo, compareGeneric);

export const SCHEMES: Readonly<Record<string, VersionScheme>> = {
  dpkg: dpkgScheme, rpm: rpmScheme, apk: apkScheme, semver: semverScheme, cargo: cargoScheme, go: goScheme,
  pep440: pep440Scheme, maven: mavenScheme, gem: gemScheme, nuget: nugetScheme, composer: composerScheme,
  generic: genericScheme,
};

/** Ecosystem (Package.ecosystem, OSV name, or OS family), lower-cased, without the `:release` part. */
const BY_ECOSYSTEM: Record<string, string> = {
  debian: 'dpkg', ubuntu: 'dpkg', distroless: 'dpkg',
  alpine: 'apk', wolfi: 'apk', chainguard: 'apk',
  redhat: 'rpm', 'red hat': 'rpm', rhel: 'rpm', centos: 'rpm', rocky: 'rpm', 'rocky linux': 'rpm', alma: 'rpm',
  almalinux: 'rpm', fedora: 'rpm', oracle: 'rpm', amazon: 'rpm', suse: 'rpm', sles: 'rpm', opensuse: 'rpm',
  'opensuse-leap': 'rpm', photon: 'rpm', azurelinux: 'rpm', mariner: 'rpm', 'openeuler': 'rpm',
  npm: 'semver', 'crates.io': 'cargo', cargo: 'cargo', go: 'go', golang: 'go',
  pypi: 'pep440', python: 'pep440', maven: 'maven', rubygems: 'gem', gem: 'gem', nuget: 'nuget',
  packagist: 'composer', composer: 'composer', hex: 'semver', pub: 'semver',
};

/** The scheme for an ecosystem, or undefined when none is known. */
export function schemeFor(ecosystem: string): VersionScheme | undefined {
  const base = ecosystem.split(':')[0]!.trim().toLowerCase();
  const id = BY_ECOSYSTEM[base];
  return id ? SCHEMES[id] : undefined;
}

/** -1 / 0 / 1 as the ecosystem orders `a` and `b`. Unknown ecosystems raise USAGE. */
export function compareVersions(ecosystem: string, a: string, b: string): Cmp {
  const scheme = schemeFor(ecosystem);
  if (!scheme) throw new BulwarkError('USAGE', `no version scheme for ecosystem "${ecosystem}"`);
  return scheme.compare(a, b);
}
