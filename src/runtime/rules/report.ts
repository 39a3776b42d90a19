/** `bulwark runtime rules`: every rule with compiled true/false and what it lacks; totals per file. */
import type { Ruleset } from './loader.js';

interface RuleStatus {
  rule: string;
  file: string;
  source: string;
  priority: string;
  enabled: boolean;
  compiled: boolean;
  lacks?: { kind: string; name: string; detail: string };
  eventTypes?: string[] | 'all';
  outputFieldsMissing?: string[];
}

export function ruleStatuses(rs: Ruleset): RuleStatus[] {
  return rs.rules.map((r) => ({
    rule: r.name, file: r.file, source: r.source, priority: r.priority, enabled: r.enabled, compiled: r.compiled,
    ...(r.lack ? { lacks: r.lack } : {}),
    ...(r.eventTypes ? { eventTypes: r.eventTypes } : {}),
    ...(r.output?.unsupported.length ? { outputFieldsMissing: r.output.unsupported } : {}),
  }));
}

export function summarize(statuses: readonly RuleStatus[]): Array<{ file: string; rules: number; compiled: number; percent: number }> {
  const by = new Map<string, { rules: number; compiled: number }>();
  for (const s of statuses) {
    const e = by.get(s.file) ?? { rules: 0, compiled: 0 };
    e.rules++;
    if (s.compiled) e.compiled++;
    by.set(s.file, e);
  }
  return [...by].map(([file, e]) => ({ file, ...e, percent: e.rules ? Math.round((1000 * e.compiled) / e.rules) / 10 : 100 }));
}

export function rulesTable(statuses: readonly RuleStatus[], warnings: readonly string[]): string {
  const rows = statuses.map((s) => [s.compiled ? 'yes' : 'NO', s.priority, s.source, s.enabled ? '' : 'disabled', s.rule, s.compiled ? (s.eventTypes === 'all' ? 'all event types' : (s.eventTypes ?? []).join(',')) : `lacks ${s.lacks?.kind} ${s.lacks?.name}: ${s.lacks?.detail}`]);
  const head = ['COMPILED', 'PRIORITY', 'SOURCE', 'ENABLED', 'RULE', 'EVENT TYPES / LACKS'];
  const widths = head.slice(0, 5).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i < 5 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd();
  const totals = summarize(statuses).map((t) => `${t.file}: ${t.compiled}/${t.rules} compiled (${t.percent}%)`);
  return [line(head), ...rows.map(line), '', ...totals, ...warnings.map((w) => `warning: ${w}`)].join('\n') + '\n';
}
