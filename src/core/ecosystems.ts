/**
 * The one ecosystem table. Every place that needs to know an ecosystem (the `Ecosystem` type, version
 * comparators, advisory-store keys, purl parsing of SBOM input, OS purl vendors, the default feed list)
 * derives it from these rows, so a new ecosystem is one row here plus its analyzer. The table is data
 * only: versioning maps `scheme` to a comparator, detectors turn `release`/`lookup` into store keys,
 * vulndb downloads `feeds`. `ecosystems.test.ts` (and the consumers' tests) fail when a row is missing
 * a comparator or produces no store key.
 */

/** Comparator ids, implemented in src/versioning (one exact comparator each). */
export type VersionSchemeName =
  | 'dpkg' | 'rpm' | 'apk' | 'semver' | 'cargo' | 'go' | 'pep440' | 'maven' | 'gem' | 'nuget' | 'composer' | 'generic';

/**
 * How package names are spelled in advisories and lookups, applied on both sides (importers and matcher):
 * `pep503` (PyPI: lower case, runs of `-_.` → `-`), `lowercase` (case-insensitive registries), `as-is`.
 */
export type NameRule = 'as-is' | 'pep503' | 'lowercase';

/**
 * Which store key an OS package is looked up under, from the inventory's OsInfo:
 * `debian` → `Debian:<major>` (codename fallback; only when the OS is one of the row's families),
 * `ubuntu` → `Ubuntu:<yy.mm>`, `alpine` → `Alpine:v<major.minor>` / `Alpine:edge`,
 * `major` → `<advisoryKey>:<major>` (rpm distros), `none` → the bare advisory key (rolling distros, languages).
 */
export type ReleaseRule = 'none' | 'debian' | 'ubuntu' | 'alpine' | 'major';

/**
 * Which name and version are compared: `source` = source package name and source version (dpkg),
 * `origin` = source (origin) name and the package's own version (apk), `binary-evr` = binary name and
 * `epoch:version-release` (rpm), `name` = the package name, `maven` = `group:artifact`,
 * `none` = no advisory source exists (declared, so that it is a decision and not an omission).
 */
export type LookupRule = 'source' | 'origin' | 'binary-evr' | 'name' | 'maven' | 'none';

export interface FeedSpec {
  /** `db update --source` name. */
  name: string;
  url: string;
}

export interface EcosystemSpec {
  /** `Package.ecosystem`: OSV's spelling for language ecosystems, a lower-case vendor id for distros. */
  id: string;
  kind: 'os' | 'language' | 'other';
  /** purl type (purl-spec PURL-TYPES). The first OS row of a purl type is that type's default vendor. */
  purlType: string;
  /** purl namespace (vendor) for OS packages. */
  purlNamespace?: string;
  /** `OsInfo.family` ids (and vendor spellings seen in SBOM purls) that mean this ecosystem; first = canonical. */
  osFamilies?: readonly string[];
  /** Advisory-store key (OSV ecosystem name; distros add `:release` per `release`). */
  advisoryKey?: string;
  /** Other spellings callers may pass to `compareVersions` (OSV names of other tools, old names). */
  aliases?: readonly string[];
  release: ReleaseRule;
  lookup: LookupRule;
  names: NameRule;
  scheme: VersionSchemeName;
  /** Default `db update` feeds carrying this ecosystem's advisories (shared feeds listed once, on the first row). */
  feeds: readonly FeedSpec[];
}

const osv = (eco: string): FeedSpec => ({
  name: `osv-${eco.toLowerCase()}`, url: `https://osv-vulnerabilities.storage.googleapis.com/${eco}/all.zip`,
});

const alpineSecdb: FeedSpec[] = ['v3.19', 'v3.20', 'v3.21'].flatMap((b) => ['main', 'community'].map((r) => ({
  name: `alpine-${b}-${r}`, url: `https://secdb.alpinelinux.org/${b}/${r}.json`,
})));

/** rpm distros: keyed `<advisoryKey>:<major>` by binary name, compared on the full EVR. */
const rpmRow = <const I extends string>(id: I, purlNamespace: string, osFamilies: readonly string[], advisoryKey: string) => ({
  id, kind: 'os', purlType: 'rpm', purlNamespace, osFamilies, advisoryKey, release: 'major', lookup: 'binary-evr', names: 'as-is',
  scheme: 'rpm', feeds: [],
}) as const;

type LangExtras = Partial<Pick<EcosystemSpec, 'names' | 'aliases' | 'lookup'>>;

/** Language ecosystems keyed by their OSV name, with the OSV feed of that name. */
const langRow = <const I extends string, const T extends string>(id: I, purlType: T, scheme: VersionSchemeName, more: LangExtras = {}) => ({
  id, kind: 'language', purlType, advisoryKey: id, release: 'none', lookup: 'name', names: 'as-is', scheme, feeds: [osv(id)], ...more,
}) as const;

const TABLE = [
  {
    id: 'debian', kind: 'os', purlType: 'deb', purlNamespace: 'debian', osFamilies: ['debian', 'distroless'], advisoryKey: 'Debian',
    release: 'debian', lookup: 'source', names: 'as-is', scheme: 'dpkg',
    feeds: [{ name: 'debian-tracker', url: 'https://security-tracker.debian.org/tracker/data/json' }],
  },
  {
    id: 'ubuntu', kind: 'os', purlType: 'deb', purlNamespace: 'ubuntu', osFamilies: ['ubuntu'], advisoryKey: 'Ubuntu',
    release: 'ubuntu', lookup: 'source', names: 'as-is', scheme: 'dpkg', feeds: [],
  },
  {
    id: 'alpine', kind: 'os', purlType: 'apk', purlNamespace: 'alpine', osFamilies: ['alpine'], advisoryKey: 'Alpine',
    release: 'alpine', lookup: 'origin', names: 'as-is', scheme: 'apk', feeds: alpineSecdb,
  },
  {
    id: 'wolfi', kind: 'os', purlType: 'apk', purlNamespace: 'wolfi', osFamilies: ['wolfi'], advisoryKey: 'Wolfi',
    release: 'none', lookup: 'origin', names: 'as-is', scheme: 'apk',
    feeds: [{ name: 'wolfi', url: 'https://packages.wolfi.dev/os/security.json' }],
  },
  {
    id: 'chainguard', kind: 'os', purlType: 'apk', purlNamespace: 'chainguard', osFamilies: ['chainguard'], advisoryKey: 'Chainguard',
    release: 'none', lookup: 'origin', names: 'as-is', scheme: 'apk',
    feeds: [{ name: 'chainguard', url: 'https://packages.cgr.dev/chainguard/security.json' }],
  },
  rpmRow('redhat', 'redhat', ['rhel', 'redhat'], 'Red Hat'),
  // CentOS has no advisories of its own; its packages are Red Hat's rebuilds.
  rpmRow('centos', 'centos', ['centos'], 'Red Hat'),
  rpmRow('rocky', 'rocky', ['rocky'], 'Rocky Linux'),
  rpmRow('alma', 'almalinux', ['alma', 'almalinux'], 'AlmaLinux'),
  rpmRow('fedora', 'fedora', ['fedora'], 'Fedora'),
  rpmRow('oracle', 'oracle', ['oracle', 'ol'], 'Oracle Linux'),
  rpmRow('amazon', 'amazon', ['amazon', 'amzn'], 'Amazon Linux'),
  rpmRow('suse', 'suse', ['sles', 'suse'], 'SUSE'),
  rpmRow('opensuse', 'opensuse', ['opensuse-leap', 'opensuse', 'opensuse-tumbleweed'], 'openSUSE'),
  rpmRow('photon', 'photon', ['photon'], 'Photon OS'),
  rpmRow('azurelinux', 'azurelinux', ['azurelinux'], 'Azure Linux'),
  rpmRow('mariner', 'mariner', ['mariner'], 'Mariner'),
  {
    // Bottlerocket's application inventory (its packages are RPM builds, so rpm ordering). OSV has no
    // Bottlerocket ecosystem and Trivy no Bottlerocket advisories: inventoried, not matched. Trivy's purls
    // carry no namespace (`pkg:bottlerocket/glibc@2.40?distro=bottlerocket-1.34.0`); the row's id is the vendor.
    id: 'bottlerocket', kind: 'os', purlType: 'bottlerocket', purlNamespace: 'bottlerocket', osFamilies: ['bottlerocket'], release: 'none', lookup: 'none',
    names: 'as-is', scheme: 'rpm', feeds: [],
  },
  langRow('PyPI', 'pypi', 'pep440', { names: 'pep503', aliases: ['python'] }),
  langRow('Go', 'golang', 'go'),
  langRow('npm', 'npm', 'semver'),
  langRow('Maven', 'maven', 'maven', { lookup: 'maven' }),
  langRow('crates.io', 'cargo', 'cargo'),
  langRow('RubyGems', 'gem', 'gem'),
  // Composer package names are case-insensitive (Composer 2 lower-cases them); GHSA spells some with capitals.
  langRow('Packagist', 'composer', 'composer', { names: 'lowercase' }),
  // NuGet ids are case-insensitive: deps.json and lock files keep the author's casing, advisories their own.
  langRow('NuGet', 'nuget', 'nuget', { names: 'lowercase' }),
  langRow('Pub', 'pub', 'semver'),
  langRow('Hex', 'hex', 'semver'),
  // SwiftPM packages are named by repository URL without scheme and `.git` (`github.com/apple/swift-nio`),
  // as OSV's SwiftURL advisories and the purl spec (`pkg:swift/github.com/apple/swift-nio`) name them.
  langRow('SwiftURL', 'swift', 'semver'),
  // Conan recipe versions are free-form (`1.2.13`, `cci.20230101`).
  langRow('ConanCenter', 'conan', 'generic'),
  langRow('Julia', 'julia', 'semver'),
  // No OSV ecosystem for CocoaPods or conda: inventoried (SBOMs, licenses), never matched.
  { id: 'CocoaPods', kind: 'language', purlType: 'cocoapods', release: 'none', lookup: 'none', names: 'as-is', scheme: 'generic', feeds: [] },
  { id: 'conda', kind: 'language', purlType: 'conda', release: 'none', lookup: 'none', names: 'as-is', scheme: 'generic', feeds: [] },
  {
    // Runtime binaries found by file content (node, python, java): no advisory source keys them yet.
    id: 'binary', kind: 'other', purlType: 'generic', release: 'none', lookup: 'none', names: 'as-is', scheme: 'generic', feeds: [],
  },
] as const satisfies readonly EcosystemSpec[];

/** Ecosystem ids (`Package.ecosystem`), derived from the table. */
export type Ecosystem = (typeof TABLE)[number]['id'];

/** A row of the table, seen through the general shape (its id is a known `Ecosystem`). */
export type EcosystemRow = EcosystemSpec & { readonly id: Ecosystem };

/** Every row, in table order (OS rows first; the first OS row of a purl type is its default vendor). */
export const ECOSYSTEMS: readonly EcosystemRow[] = TABLE;
const ROWS = ECOSYSTEMS;
const BY_ID = new Map<string, EcosystemRow>(ROWS.map((e) => [e.id, e]));

/** The row of a `Package.ecosystem` id; undefined for ids the table does not know. */
export function ecosystemSpec(id: string): EcosystemRow | undefined {
  return BY_ID.get(id);
}

export const isEcosystem = (id: string): id is Ecosystem => BY_ID.has(id);

/** Rows whose advisory key is `key` without its `:release` part (`Debian:12` → debian; `Red Hat:9` → redhat, centos). */
export function ecosystemsForAdvisoryKey(key: string): EcosystemRow[] {
  const base = key.split(':')[0]!;
  return ROWS.filter((e) => e.advisoryKey === base);
}

/** The OS row of a purl type for an OS family or vendor spelling, or undefined. */
export function osEcosystemFor(purlType: string, familyOrVendor: string | undefined): EcosystemRow | undefined {
  if (!familyOrVendor) return undefined;
  const n = familyOrVendor.toLowerCase();
  return ROWS.find((e) => e.kind === 'os' && e.purlType === purlType
    && (e.id === n || e.purlNamespace === n || e.osFamilies?.includes(n)));
}

/** The default OS row of a purl type (`deb` → debian, `apk` → alpine, `rpm` → redhat). */
export function defaultOsEcosystem(purlType: string): EcosystemRow | undefined {
  return ROWS.find((e) => e.kind === 'os' && e.purlType === purlType);
}

/** The language row of a purl type (`pypi` → PyPI), or undefined. */
export function languageEcosystemForPurlType(purlType: string): EcosystemRow | undefined {
  return ROWS.find((e) => e.kind === 'language' && e.purlType === purlType);
}

/** PEP 503 name normalisation. */
export const pep503 = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/** A package name as advisories of the ecosystem (a row id or an advisory key like `PyPI`) spell it. */
export function normalizePackageName(ecosystemOrKey: string, name: string): string {
  const spec = BY_ID.get(ecosystemOrKey) ?? ecosystemsForAdvisoryKey(ecosystemOrKey)[0];
  switch (spec?.names) {
    case 'pep503': return pep503(name);
    case 'lowercase': return name.toLowerCase();
    default: return name;
  }
}

/** Default feeds in table order, each once (`db update` with no `--source`). Enrichment feeds are vulndb's. */
export function ecosystemFeeds(): FeedSpec[] {
  const seen = new Set<string>();
  return ROWS.flatMap((e) => e.feeds).filter((f) => !seen.has(f.name) && (seen.add(f.name), true));
}
