/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) shaped for GitHub code scanning
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 * one run, one rule per vulnerability id / secret rule / misconfiguration id, results with levels and locations.
 */
import { createHash } from 'node:crypto';
import type { MisconfigFinding, Report, SecretFinding, VulnerabilityFinding } from '../core/index.js';
import { cmp, groupBy, resourceName, sortedMisconfigs, sortedSecrets, sortedVulnerabilities } from './order.js';
import {
  misconfigRule, sarifLevel, secretRule, vulnerabilityRule, type SarifLevel, type SarifRule,
} from './sarif-rules.js';

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
  message?: { text: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties?: Record<string, unknown>;
}

const FINGERPRINT_KEY = 'bulwarkFindingHash/v1';

function fingerprint(...parts: Array<string | number | undefined>): string {
  return createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\0')).digest('hex').slice(0, 32);
}

/** A relative URI for a path inside the target (spaces and `%` encoded, `/` kept). */
function toUri(path: string): string {
  return encodeURI(path.replace(/^\/+/, '')).replace(/#/g, '%23').replace(/\?/g, '%3F') || '.';
}

function location(path: string, line?: number, message?: string): SarifLocation {
  const loc: SarifLocation = { physicalLocation: { artifactLocation: { uri: toUri(path) } } };
  if (line !== undefined && line > 0) loc.physicalLocation.region = { startLine: line };
  if (message) loc.message = { text: message };
  return loc;
}

function vulnResult(report: Report, where: ReadonlyMap<string, string>, v: VulnerabilityFinding, ruleIndex: number): SarifResult {
  const lines = [
    `Package: ${v.package.name}`,
    `Installed Version: ${v.package.version}`,
    `Vulnerability ${v.id}`,
    `Severity: ${v.severity.toUpperCase()}`,
    `Fixed Version: ${v.fixedVersion ?? `none (${v.status})`}`,
  ];
  if (v.kev) lines.push(`Known exploited (CISA KEV, added ${v.kev.dateAdded})`);
  return {
    ruleId: v.id,
    ruleIndex,
    level: sarifLevel(v.severity),
    message: { text: lines.join('\n') },
    locations: [location(where.get(v.package.purl) ?? report.target.name, undefined, `${v.package.name}@${v.package.version}`)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint('vulnerability', v.id, v.package.purl) },
    properties: { purl: v.package.purl, status: v.status, ...(v.layer ? { layer: v.layer } : {}) },
  };
}

function secretResult(s: SecretFinding, ruleIndex: number): SarifResult {
  const deleted = s.deleted ? ` (deleted in a later layer${s.deletedIn ? ` ${s.deletedIn}` : ''}, still in the image)` : '';
  return {
    ruleId: s.ruleId,
    ruleIndex,
    level: sarifLevel(s.severity),
    // `match` is already redacted at the source; never anything else from the secret.
    message: { text: `${s.title}: ${s.match} in ${s.path}${s.line ? `:${s.line}` : ''}${deleted}` },
    locations: [location(s.path, s.line)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint('secret', s.ruleId, s.path, s.fingerprint) },
    properties: { deleted: s.deleted, ...(s.layer ? { layer: s.layer } : {}) },
  };
}

function misconfigResult(report: Report, m: MisconfigFinding, ruleIndex: number): SarifResult {
  const res = resourceName(m);
  return {
    ruleId: m.id,
    ruleIndex,
    level: sarifLevel(m.severity),
    message: { text: `${m.message}${res ? ` (${res})` : ''}${m.field ? ` [${m.field}]` : ''}` },
    locations: [location(m.file ?? report.target.name, m.line, res || undefined)],
    partialFingerprints: {
      [FINGERPRINT_KEY]: m.fingerprint ?? fingerprint('misconfig', m.id, m.file, res, m.field, m.message),
    },
    properties: { category: m.category, ...(m.pss ? { pss: `${m.pss.level}: ${m.pss.control}` } : {}) },
  };
}

/** Serializes a Report as SARIF 2.1.0 with one run. */
export function writeSarif(report: Report): string {
  const vulns = sortedVulnerabilities(report.vulnerabilities);
  const secrets = sortedSecrets(report.secrets);
  const misconfigs = sortedMisconfigs(report.misconfigurations);
  const rules: SarifRule[] = [
    ...[...groupBy(vulns, (v) => v.id)].map(([id, list]) => vulnerabilityRule(id, list)),
    ...[...groupBy(secrets, (s) => s.ruleId)].map(([id, list]) => secretRule(id, list)),
    ...[...groupBy(misconfigs, (m) => m.id)].map(([id, list]) => misconfigRule(id, list)),
  ];
  // Two kinds may not share an id (a CVE is never a rule id); keep the first and sort for stable indexes.
  const unique = [...new Map(rules.map((r) => [r.id, r])).values()].sort((a, b) => cmp(a.id, b.id));
  const index = new Map(unique.map((r, i) => [r.id, i]));
  // Where each vulnerable package was found: its first location (first package wins for a shared purl).
  const where = new Map<string, string>();
  for (const p of report.packages) if (p.locations[0] && !where.has(p.purl)) where.set(p.purl, p.locations[0].path);
  const results: SarifResult[] = [
    ...vulns.map((v) => vulnResult(report, where, v, index.get(v.id) as number)),
    ...secrets.map((s) => secretResult(s, index.get(s.ruleId) as number)),
    ...misconfigs.map((m) => misconfigResult(report, m, index.get(m.id) as number)),
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'Bulwark',
          fullName: `Bulwark container security scanner ${report.tool.version}`,
          version: report.tool.version,
          semanticVersion: report.tool.version,
          rules: unique,
        },
      },
      results,
      columnKind: 'utf16CodeUnits',
      properties: {
        target: report.target.name,
        targetType: report.target.type,
        ...(report.target.image ? { imageDigest: report.target.image.manifestDigest ?? report.target.image.configDigest } : {}),
      },
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
