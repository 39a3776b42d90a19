/** Table section: vulnerabilities per target (OS packages, each lockfile/directory), with counts and fixes. */
import type { Package, Report, VulnerabilityFinding } from '../../core/index.js';
import { cmp, groupBy, sortedVulnerabilities } from '../order.js';
import { grid, heading } from './grid.js';
import type { TableOptions } from './options.js';
import { paintSeverityColumn, severitySummary, upper } from './severity.js';

const MAX_TITLE = 80;

function targetOf(report: Report, pkg: Package | undefined, v: VulnerabilityFinding): string {
  if (pkg?.type === 'os' || (!pkg && v.package.purl.startsWith('pkg:deb/'))) {
    const os = report.os;
    return `OS packages${os ? ` (${os.prettyName ?? `${os.family} ${os.version}`})` : ''}`;
  }
  return `${v.package.ecosystem}: ${pkg?.locations[0]?.path ?? report.target.name}`;
}

function fixOf(v: VulnerabilityFinding): string {
  if (v.fixedVersion) return v.fixedVersion;
  return v.status === 'fixed' ? '' : `(${v.status.replace(/_/g, ' ')})`;
}

function titleOf(v: VulnerabilityFinding): string {
  const t = `${v.kev ? '[KEV] ' : ''}${v.title ?? ''}`;
  return t.length > MAX_TITLE ? `${t.slice(0, MAX_TITLE - 1)}…` : t;
}

export function vulnerabilitiesSection(report: Report, opts: TableOptions): string | undefined {
  if (!report.scanners.includes('vuln') && report.vulnerabilities.length === 0) return undefined;
  const all = sortedVulnerabilities(report.vulnerabilities);
  const out = [heading(`Vulnerabilities (${all.length})`), severitySummary(all)];
  if (all.length === 0) return `${out.join('\n')}\nNo vulnerabilities found.`;
  const byPurl = new Map(report.packages.map((p) => [p.purl, p]));
  const groups = groupBy(all, (v) => targetOf(report, byPurl.get(v.package.purl), v));
  for (const k of [...groups.keys()].sort(cmp)) {
    const list = groups.get(k) ?? [];
    const rows = list.map((v) => [upper(v.severity), v.id, v.package.name, v.package.version, fixOf(v), titleOf(v)]);
    const table = grid(['SEVERITY', 'VULNERABILITY', 'PACKAGE', 'INSTALLED', 'FIXED', 'TITLE'], rows, { maxWidth: opts.maxWidth, width: opts.width, keep: [0, 1, 3, 4] });
    out.push(`\n${k}\n${severitySummary(list)}\n${paintSeverityColumn(table, opts.color)}`);
  }
  return out.join('\n');
}
