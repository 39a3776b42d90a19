/** Table section: secrets per file, redacted matches only, flagging ones a later layer deleted (still extractable). */
import type { Report } from '../../core/index.js';
import { cmp, groupBy, sortedSecrets } from '../order.js';
import { grid, heading } from './grid.js';
import type { TableOptions } from './options.js';
import { paintSeverityColumn, severitySummary, upper } from './severity.js';

const short = (d: string | undefined) => (d ? d.replace(/^sha256:/, '').slice(0, 12) : '');

export function secretsSection(report: Report, opts: TableOptions): string | undefined {
  if (!report.scanners.includes('secret') && report.secrets.length === 0) return undefined;
  const all = sortedSecrets(report.secrets);
  const out = [heading(`Secrets (${all.length})`), severitySummary(all)];
  if (all.length === 0) return `${out.join('\n')}\nNo secrets found.`;
  const groups = groupBy(all, (s) => s.path);
  for (const path of [...groups.keys()].sort(cmp)) {
    const list = groups.get(path) ?? [];
    const rows = list.map((s) => [upper(s.severity), s.ruleId, s.line ? String(s.line) : '', s.match, short(s.layer),
      s.deleted ? `yes, in ${short(s.deletedIn) || 'a later layer'} (still in image)` : 'no']);
    const table = grid(['SEVERITY', 'RULE', 'LINE', 'MATCH', 'LAYER', 'DELETED LATER'], rows, { maxWidth: opts.maxWidth, width: opts.width, keep: [0, 1, 2, 3, 4] });
    out.push(`\n${path}\n${paintSeverityColumn(table, opts.color)}`);
  }
  return out.join('\n');
}
