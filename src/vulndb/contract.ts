/**
 * The read port of the vulnerability database: what detectors may ask. Importers write advisories in
 * this normalised shape; `AdvisoryStore` answers "all advisories for (ecosystem, package name)".
 */
import type { Cvss, Severity, VulnerabilityStatus } from '../core/index.js';

/** Scans and `db status` warn when the database is older than this many days (`--max-db-age`). */
export const DEFAULT_MAX_AGE_DAYS = 7;

/**
 * Ecosystem keys follow OSV spelling; distro keys carry the release:
 *   'Debian:12', 'Ubuntu:22.04', 'Alpine:v3.19', 'Wolfi', 'Chainguard', 'Red Hat:9', 'Rocky Linux:9',
 *   'AlmaLinux:9', 'SUSE:…', 'npm', 'PyPI', 'Go', 'Maven', 'crates.io', 'RubyGems', 'Packagist', 'NuGet', 'Pub', 'Hex', 'SwiftURL', 'ConanCenter', 'Julia',
 *   'Hex', 'Pub'.
 * Package names are stored as the ecosystem spells them (PyPI normalised per PEP 503, Maven `group:artifact`,
 * distro advisories keyed by **source** package for Debian/Ubuntu/Alpine/Wolfi).
 */
export type EcosystemKey = string;

export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface AffectedRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT';
  events: RangeEvent[];
}

export interface Advisory {
  /** Primary id as the feed names it (CVE-…, GHSA-…, PYSEC-…, GO-…, DSA-…). */
  id: string;
  /** Every other name of the same flaw (CVE ↔ GHSA ↔ DSA/DLA ↔ USN …). */
  aliases: string[];
  /** Feed id: 'osv', 'debian-tracker', 'alpine-secdb', 'wolfi-secdb', 'nvd', 'npm-security-wg' … */
  source: string;
  ecosystem: EcosystemKey;
  package: string;
  /** OR-ed together, evaluated in the ecosystem's own ordering. */
  ranges: AffectedRange[];
  /** Explicitly affected versions (OSV `versions`). */
  versions: string[];
  /**
   * Distro statement where the feed gives one (Debian tracker: no-dsa → fix_deferred, ignored →
   * will_not_fix, end-of-life). Absent means: affected per `ranges`/`versions`.
   */
  status?: VulnerabilityStatus;
  /** Why (Debian tracker note, e.g. "Minor issue"). */
  statusNote?: string;
  severity?: Severity;
  /** Who said so: 'debian', 'ghsa', 'nvd', 'osv'… */
  severitySource?: string;
  cvss?: Cvss[];
  title?: string;
  description?: string;
  references?: string[];
  cwes?: string[];
  published?: string;
  modified?: string;
  withdrawn?: string;
  /**
   * A range the feed states only as an expression that has no exact OSV-event form (npm-security-wg
   * `vulnerable_versions` such as `>1.2.0 <1.4.0`, Node.js core `8.x || 7.x`). Present only when `ranges`
   * and `versions` could not express it. Evaluate: affected ⇔ `semver.satisfies(v, vulnerable,
   * { includePrerelease: true })` and not `satisfies(v, patched, { includePrerelease: true })` (when patched
   * is given). See docs/vulndb.md.
   */
  rangeExpression?: { syntax: 'npm-semver'; vulnerable: string; patched?: string };
}

/** Data attached to a flaw id regardless of package: NVD, KEV, EPSS. */
export interface Enrichment {
  id: string;
  description?: string;
  cvss?: Cvss[];
  cwes?: string[];
  severity?: Severity;
  kev?: { dateAdded: string; dueDate?: string; ransomware?: string };
  epss?: { probability: number; percentile: number };
}

export interface FeedMetadata {
  source: string;
  /** Where it came from (URL or file path). */
  origin: string;
  /** Newest `modified` in the feed, or the feed's own timestamp. */
  modified?: string;
  importedAt: string;
  records: number;
}

export interface DbMetadata {
  schemaVersion: number;
  builtAt: string;
  feeds: FeedMetadata[];
}

/** A file known to be malicious (or a test file such as EICAR), by the sha256 of its content. */
export interface KnownBadFile {
  /** Lower-case hex. */
  sha256: string;
  name: string;
  family?: string;
  reference?: string;
}

/** An image known to be malicious, by manifest or config digest (`sha256:…`). */
export interface KnownBadImage {
  digest: string;
  name: string;
  reference?: string;
}

export interface PackageKey {
  ecosystem: EcosystemKey;
  name: string;
}

export interface AdvisoryStore {
  /** All advisories for one package. */
  lookup(ecosystem: EcosystemKey, name: string): Advisory[];
  /** Batch form; result keyed by `${ecosystem}\u0000${name}`. */
  lookupMany(keys: readonly PackageKey[]): Map<string, Advisory[]>;
  /** NVD/KEV/EPSS data for flaw ids (CVE-…); ids without data are absent from the map. */
  enrich(ids: readonly string[]): Map<string, Enrichment>;
  metadata(): DbMetadata;
  /** Every known name of a flaw (alias closure across all feeds), including `id` itself. Optional. */
  aliasesOf?(id: string): string[];
  /** Known-bad files among these sha256s (lower-case hex), keyed by sha256. Optional (schema ≥ 6). */
  knownBadFiles?(sha256s: readonly string[]): Map<string, KnownBadFile>;
  /** Known-bad images among these digests (`sha256:…`), keyed by digest. Optional (schema ≥ 6). */
  knownBadImages?(digests: readonly string[]): Map<string, KnownBadImage>;
  close(): void;
}

export const packageKeyString = (k: PackageKey): string => `${k.ecosystem}\u0000${k.name}`;
