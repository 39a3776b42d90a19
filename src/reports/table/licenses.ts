/** Table section: license findings with category counts; policy violations marked. */
import type { LicenseCategory, Report } from '../../core/index.js';
import { sortedLicenses } from '../order.js';
import { grid, heading } from './grid.js';
import type { TableOptions } from './options.js';
import { paintSeverityColumn, upper } from './severity.js';

const CATEGORIES: LicenseCategory[] = ['forbidden', 'restricted', 'reciprocal', 'notice', 'permissive', 'unencumbered', 'unknown'];

export function licensesSection(report: Report, opts: TableOptions): string | undefined {
  if (!report.scanners.includes('license') && report.licenses.length === 0) return undefined;
  const all = sortedLicenses(report.licenses);
  const summary = CATEGORIES.map((c) => `${c}: ${all.filter((l) => l.category === c).length}`).join(', ');
  const violations = all.filter((l) => l.policyViolation).length;
  const out = [heading(`Licenses (${all.length})`), `Total: ${all.length} (${summary}); policy violations: ${violations}`];
  if (all.length === 0) return `${out.join('\n')}\nNo license findings.`;
  const rows = all.map((l) => [
    upper(l.severity), l.license, l.category,
    l.package ? `${l.package.name}@${l.package.version}` : l.path ?? '',
    l.confidence < 1 ? `${Math.round(l.confidence * 100)}%` : '', l.policyViolation ? 'VIOLATION' : '',
  ]);
  const table = grid(['SEVERITY', 'LICENSE', 'CATEGORY', 'PACKAGE OR FILE', 'CONFIDENCE', 'POLICY'], rows, { maxWidth: opts.maxWidth, width: opts.width, keep: [0, 2, 4, 5] });
  out.push('', paintSeverityColumn(table, opts.color));
  return out.join('\n');
}
