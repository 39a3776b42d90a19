/** Table section: packages grouped by where they were found (OS database, each lockfile or directory). */
import type { Package, Report } from '../../core/index.js';
import { cmp, groupBy } from '../order.js';
import { grid, heading } from './grid.js';
import type { TableOptions } from './options.js';

function groupKey(p: Package): string {
  const where = p.locations[0]?.path ?? '';
  return p.type === 'os' ? `OS packages (${p.foundBy.join(', ')})` : `${p.ecosystem}: ${where}`;
}

export function packagesSection(report: Report, opts: TableOptions): string | undefined {
  if (report.target.type === 'kubernetes') return undefined;
  if (report.packages.length === 0) return `${heading('Packages')}\nNo packages found.`;
  const groups = groupBy(report.packages, groupKey);
  const out = [heading(`Packages (${report.packages.length})`)];
  for (const k of [...groups.keys()].sort(cmp)) {
    const pkgs = groups.get(k)!.sort((a, b) => cmp(a.name, b.name) || cmp(a.version, b.version));
    const rows = pkgs.map((p) => [p.name, p.version, p.source && p.source.name !== p.name ? `${p.source.name} ${p.source.version}` : '', p.locations[0]?.layerIndex?.toString() ?? '']);
    out.push(`\n${k} — ${pkgs.length}\n${grid(['NAME', 'VERSION', 'SOURCE', 'LAYER'], rows, { maxWidth: opts.maxWidth, width: opts.width, keep: [1, 3] })}`);
  }
  return out.join('\n');
}
