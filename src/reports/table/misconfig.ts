/**
 * Table section for misconfigurations (Kubernetes posture): one grid per resource with the exact failing field
 * and message, then the checks that could not run — listed so they never read as passed.
 */
import type { MisconfigFinding, Report } from '../../core/index.js';
import { cmp, groupBy, resourceName, sortedMisconfigs } from '../order.js';
import { grid, heading } from './grid.js';
import type { TableOptions } from './options.js';
import { paintSeverityColumn, severitySummary, upper } from './severity.js';

function check(m: MisconfigFinding): string {
  return m.pss ? `${m.title} [PSS ${m.pss.level}: ${m.pss.control}]` : m.title;
}

export function misconfigSection(report: Report, opts: TableOptions): string | undefined {
  const notRun = (report.kubernetes?.checks ?? []).filter((c) => c.status === 'not-evaluated' || c.status === 'partial');
  if (!report.scanners.includes('misconfig') && report.misconfigurations.length === 0 && !notRun.length) return undefined;
  const all = sortedMisconfigs(report.misconfigurations);
  const out = [heading(`Misconfigurations (${all.length})`), severitySummary(all)];
  if (all.length === 0) out.push('No misconfigurations found.');
  const groups = groupBy(all, (m) => `${resourceName(m) || m.category}${m.file ? `  (${m.file})` : ''}`);
  for (const key of [...groups.keys()].sort(cmp)) {
    const rows = (groups.get(key) ?? []).map((m) => [upper(m.severity), m.id, check(m), m.line ? String(m.line) : '',
      m.field ? `${m.field}: ${m.message}` : m.message]);
    const table = grid(['SEVERITY', 'ID', 'CHECK', 'LINE', 'FIELD: MESSAGE'], rows, { maxWidth: opts.maxWidth, width: opts.width, keep: [0, 1, 3] });
    out.push(`\n${key}\n${paintSeverityColumn(table, opts.color)}`);
  }
  if (notRun.length) {
    out.push('', heading(`Not evaluated (${notRun.length}) — these checks could not run; they did not pass`));
    for (const c of notRun) out.push(`  ${c.id}  ${c.title}: ${c.reason ?? c.status}`);
  }
  return out.join('\n');
}
