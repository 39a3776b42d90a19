/**
 * Human-readable table report: an explicit list of sections, each `(report, opts) → text | undefined`.
 * Add a section (vulnerabilities, secrets…) with one line in `tableSections`.
 */
import pc from 'picocolors';
import type { Report } from '../../core/index.js';
import { clip } from './grid.js';
import { configSection, layersSection, targetSection } from './image.js';
import type { TableOptions, TableSection } from './options.js';
import { packagesSection } from './packages.js';
import { vulnerabilitiesSection } from './vulnerabilities.js';
import { secretsSection } from './secrets.js';
import { licensesSection } from './licenses.js';
import { misconfigSection } from './misconfig.js';

export type { TableOptions, TableSection } from './options.js';
export { grid, heading, cell, humanBytes } from './grid.js';

export const tableSections: TableSection[] = [
  targetSection,
  layersSection,
  configSection,
  packagesSection,
  vulnerabilitiesSection,
  secretsSection,
  misconfigSection,
  licensesSection,
];

function footer(report: Report, opts: TableOptions): string | undefined {
  if (report.warnings.length === 0) return undefined;
  const title = opts.color ? pc.yellow(`Warnings (${report.warnings.length})`) : `Warnings (${report.warnings.length})`;
  return [title, ...report.warnings.map((w) => `  - ${w}`)].join('\n');
}

// eslint-disable-next-line no-control-regex -- SGR colour codes, which take no columns on screen
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * Lines outside the grids (headings, totals, group names, config rows, warnings) cut to the width too;
 * grid lines already fit, colour codes included (they take no columns).
 */
function fitLines(text: string, width: number): string {
  return text.split('\n').map((l) => (l.replace(SGR, '').length <= width ? l : clip(l.replace(SGR, ''), width))).join('\n');
}

export function writeTable(report: Report, opts: Partial<TableOptions> = {}): string {
  const o: TableOptions = { color: opts.color ?? false, maxWidth: opts.maxWidth ?? 60, ...(opts.width ? { width: Math.max(opts.width, 20) } : {}) };
  const parts = [...tableSections, footer].map((s) => s(report, o)).filter((s): s is string => Boolean(s));
  const text = parts.join('\n\n');
  return `${o.width ? fitLines(text, o.width) : text}\n`;
}
