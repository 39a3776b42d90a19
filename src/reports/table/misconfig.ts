/** Table section for misconfigurations: grouped by file/resource, severity, id, field and message. */
import { SEVERITIES, type MisconfigFinding, type Report } from '../../core/index.js';
import { resourceName, sortedMisconfigs } from '../order.js';

export interface MisconfigTableOptions {
  /** Colour severities (TTY). */
  color?: (severity: string, text: string) => string;
  /** Wrap width for messages. */
  width?: number;
}

function where(m: MisconfigFinding): string {
  return m.file ? `${m.file}${m.line ? `:${m.line}` : ''}` : '';
}

function counts(ms: readonly MisconfigFinding[]): string {
  return SEVERITIES.map((s) => `${s.toUpperCase()}: ${ms.filter((m) => m.severity === s).length}`).join(', ');
}

/** One block per resource, findings inside ordered by severity; then checks that could not run. */
export function renderMisconfigTable(report: Report, opts: MisconfigTableOptions = {}): string {
  const ms = sortedMisconfigs(report.misconfigurations);
  const paint = opts.color ?? ((_s: string, t: string) => t);
  const lines: string[] = [];
  lines.push(`Misconfigurations (${ms.length}) — ${counts(ms)}`);
  const byResource = new Map<string, MisconfigFinding[]>();
  for (const m of ms) {
    const key = `${resourceName(m) || m.category}\u0000${m.file ?? ''}`;
    const list = byResource.get(key) ?? [];
    list.push(m);
    byResource.set(key, list);
  }
  const keys = [...byResource.keys()].sort((a, b) => a.localeCompare(b));
  for (const key of keys) {
    const list = byResource.get(key)!;
    const first = list[0];
    lines.push('', `${resourceName(first) || first.category}${first.file ? `  (${first.file})` : ''}`);
    for (const m of list) {
      const sev = paint(m.severity, m.severity.toUpperCase().padEnd(8));
      const pss = m.pss ? ` [PSS ${m.pss.level}: ${m.pss.control}]` : '';
      lines.push(`  ${sev} ${m.id.padEnd(12)} ${m.title}${pss}`);
      lines.push(`           ${m.message}`);
      const loc = [m.field ? `field ${m.field}` : '', where(m) ? `at ${where(m)}` : ''].filter(Boolean).join(' ');
      if (loc) lines.push(`           ${loc}`);
    }
  }
  const notRun = (report.kubernetes?.checks ?? []).filter((c) => c.status === 'not-evaluated' || c.status === 'partial');
  if (notRun.length) {
    lines.push('', `NOT EVALUATED (${notRun.length}) — these checks did not pass, they could not run:`);
    for (const c of notRun) lines.push(`  ${c.id.padEnd(12)} ${c.title}: ${c.reason ?? c.status}`);
  }
  return `${lines.join('\n')}\n`;
}
