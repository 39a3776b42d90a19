/** SARIF reporting descriptors (rules) for each finding kind, following GitHub code scanning's conventions. */
import { type MisconfigFinding, type SecretFinding, type Severity, type VulnerabilityFinding, severityRank } from '../core/index.js';

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; precision: string; 'security-severity': string };
}

export type SarifLevel = 'error' | 'warning' | 'note';

/** GitHub maps error/warning/note onto its own severity column; critical+high must fail PR checks. */
export function sarifLevel(s: Severity): SarifLevel {
  if (s === 'critical' || s === 'high') return 'error';
  if (s === 'medium') return 'warning';
  return 'note';
}

/** GitHub reads `security-severity` (0.0-10.0): >9 critical, ≥7 high, ≥4 medium, >0 low. */
const SEVERITY_SCORE: Record<Severity, number> = { critical: 9.5, high: 8, medium: 5.5, low: 2, unknown: 0 };

export function securitySeverity(severity: Severity, cvssScore?: number): string {
  const score = cvssScore !== undefined && cvssScore > 0 ? cvssScore : SEVERITY_SCORE[severity];
  return score.toFixed(1);
}

/** `CVE-2021-44228` → `Cve202144228`-style names are unreadable; GitHub shows `name` rarely, keep it an identifier. */
function ruleName(prefix: string, id: string): string {
  return `${prefix}${id.replace(/[^A-Za-z0-9]+/g, '')}`;
}

function maxSeverity(list: readonly { severity: Severity }[]): Severity {
  return list.reduce<Severity>((m, f) => (severityRank(f.severity) > severityRank(m) ? f.severity : m), 'unknown');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

export function vulnerabilityRule(id: string, findings: readonly VulnerabilityFinding[]): SarifRule {
  const v = findings[0];
  const severity = maxSeverity(findings);
  const score = Math.max(0, ...findings.flatMap((f) => (f.cvss ?? []).map((c) => c.score)));
  const link = v.references?.[0] ?? (/^CVE-/.test(id) ? `https://nvd.nist.gov/vuln/detail/${id}` : /^GHSA-/.test(id) ? `https://github.com/advisories/${id}` : undefined);
  const title = v.title ?? `${id} in ${v.package.name}`;
  const rows = findings.map((f) => `| ${f.package.name} | ${f.package.version} | ${f.fixedVersion ?? '(none)'} | ${f.severity} |`);
  return {
    id,
    name: ruleName('Vulnerability', id),
    shortDescription: { text: firstLine(title) },
    fullDescription: { text: firstLine(v.description ?? title) },
    helpUri: link,
    help: {
      text: `Vulnerability ${id}\nSeverity: ${severity}\n${v.aliases.length ? `Aliases: ${v.aliases.join(', ')}\n` : ''}${link ? `Link: ${link}` : ''}`.trim(),
      markdown: [
        `**Vulnerability ${id}**${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}`,
        '',
        '| Package | Installed | Fixed | Severity |',
        '| --- | --- | --- | --- |',
        ...rows,
        '',
        link ? `[${id}](${link})` : '',
      ].join('\n').trim(),
    },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: { tags: ['vulnerability', 'security', severity], precision: 'very-high', 'security-severity': securitySeverity(severity, score || undefined) },
  };
}

export function secretRule(id: string, findings: readonly SecretFinding[]): SarifRule {
  const severity = maxSeverity(findings);
  const title = findings[0].title;
  return {
    id,
    name: ruleName('Secret', id),
    shortDescription: { text: `Secret: ${title}` },
    fullDescription: { text: `A ${title} was found in the scanned files. Anyone who can pull the image can read it.` },
    help: {
      text: `Secret rule ${id}: ${title}. Revoke the credential, then remove it from every layer (a later layer deleting the file does not remove it from the image).`,
      markdown: `**Secret rule ${id}**: ${title}\n\nRevoke the credential, then remove it from every layer: a later layer deleting the file does not remove it from the image.`,
    },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: { tags: ['secret', 'security', severity], precision: 'high', 'security-severity': securitySeverity(severity) },
  };
}

export function misconfigRule(id: string, findings: readonly MisconfigFinding[]): SarifRule {
  const m = findings[0];
  const severity = maxSeverity(findings);
  const refs = m.references ?? [];
  const pss = m.pss ? ` (Pod Security Standards ${m.pss.level}: ${m.pss.control})` : '';
  return {
    id,
    name: ruleName('Misconfiguration', id),
    shortDescription: { text: firstLine(m.title) },
    fullDescription: { text: firstLine(`${m.title}${pss}`) },
    helpUri: refs[0],
    help: {
      text: `${m.title}${pss}${m.remediation ? `\nRemediation: ${m.remediation}` : ''}`,
      markdown: `**${m.title}**${pss}${m.remediation ? `\n\nRemediation: ${m.remediation}` : ''}${refs.length ? `\n\n${refs.map((r) => `- ${r}`).join('\n')}` : ''}`,
    },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: { tags: ['misconfiguration', 'security', m.category, severity], precision: 'very-high', 'security-severity': securitySeverity(severity) },
  };
}
