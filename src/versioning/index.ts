/**
 * Versioning: one exact comparator per ecosystem, pure (no I/O, no other src folders but core).
 * `compareVersions(ecosystem, a, b)` is the public entry; `schemeFor` maps every spelling the ecosystem table
 * (core/ecosystems.ts) knows — ids, OSV keys ('Debian:12', 'Alpine:v3.19'), purl types, OS families — and the
 * scheme names to a comparator.
 */
import { BulwarkError, ECOSYSTEMS, type VersionSchemeName } from '../core/index.js';
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

export const SCHEMES: Readonly<Record<VersionSchemeName, VersionScheme>> = {
  dpkg: dpkgScheme, rpm: rpmScheme, apk: apkScheme, semver: semverScheme, cargo: cargoScheme, go: goScheme,
  pep440: pep440Scheme, maven: mavenScheme, gem: gemScheme, nuget: nugetScheme, composer: composerScheme,
  generic: genericScheme,
};

/** OSV ecosystems Bulwark has advisories for but no inventory of (user-imported feeds, SBOM cross-checks). */
const NOT_INVENTORIED: Record<string, VersionSchemeName> = { openeuler: 'rpm' };

/**
 * Lower-cased spelling → scheme, derived from the ecosystem table: row ids, advisory keys, purl types,
 * OS families and aliases; then the scheme names themselves (`dpkg`, `pep440`…).
 */
const BY_NAME: ReadonlyMap<string, VersionSchemeName> = (() => {
  const m = new Map<string, VersionSchemeName>();
  const add = (name: string | undefined, scheme: VersionSchemeName): void => {
    if (name && !m.has(name.toLowerCase())) m.set(name.toLowerCase(), scheme);
  };
  for (const e of ECOSYSTEMS) {
    for (const name of [e.id, e.advisoryKey, e.purlType, e.purlNamespace, ...(e.osFamilies ?? []), ...(e.aliases ?? [])]) add(name, e.scheme);
  }
  for (const [name, scheme] of Object.entries(NOT_INVENTORIED)) add(name, scheme);
  for (const scheme of Object.keys(SCHEMES) as VersionSchemeName[]) add(scheme, scheme);
  return m;
})();

/**
 * The scheme for an ecosystem id, OSV ecosystem or store key (`Debian:12`), purl type (`deb`, `golang`),
 * OS family (`rhel`) or scheme name (`dpkg`, `pep440`); undefined when none is known.
 */
export function schemeFor(ecosystem: string): VersionScheme | undefined {
  const base = ecosystem.split(':')[0]!.trim().toLowerCase();
  const id = BY_NAME.get(base);
  return id ? SCHEMES[id] : undefined;
}

/** -1 / 0 / 1 as the ecosystem orders `a` and `b`. Unknown ecosystems raise USAGE. */
export function compareVersions(ecosystem: string, a: string, b: string): Cmp {
  const scheme = schemeFor(ecosystem);
  if (!scheme) throw new BulwarkError('USAGE', `no version scheme for ecosystem "${ecosystem}"`);
  return scheme.compare(a, b);
}
