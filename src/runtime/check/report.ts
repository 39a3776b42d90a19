/** `bulwark runtime check`: select processes, read their confinement, judge it, render a table or JSON. */
import type { Severity } from '../../core/index.js';
import { processFindings, type RuntimeCheckFinding } from './findings.js';
import { hostLsms, hostNamespaceIds, listPids, readProcessSecurity, type ProcessSecurity } from './proc-security.js';

interface RuntimeCheckRequest {
  /** Only these pids (missing ones are reported in `missing`). */
  pids?: number[];
  /** Only processes in a container (cgroup attribution). */
  containers?: boolean;
  hostFindings?: boolean;
  procRoot?: string;
  sysRoot?: string;
}

export interface RuntimeCheckResult {
  host: { lsms: string[] };
  processes: ProcessSecurity[];
  findings: RuntimeCheckFinding[];
  missing: number[];
  summary: Record<Severity, number> & { processes: number; containers: number };
}

export function runtimeCheck(req: RuntimeCheckRequest = {}): RuntimeCheckResult {
  const procRoot = req.procRoot ?? '/proc';
  const lsms = hostLsms(req.sysRoot);
  const host = hostNamespaceIds(procRoot);
  const processes: ProcessSecurity[] = [];
  const missing: number[] = [];
  for (const pid of req.pids ?? listPids(procRoot)) {
    const p = readProcessSecurity(pid, procRoot, host);
    if (!p) { if (req.pids) missing.push(pid); continue; }
    if (req.containers && p.container.id === 'host') continue;
    processes.push(p);
  }
  const findings = processes.flatMap((p) => processFindings(p, { hostFindings: req.hostFindings, hostLsms: lsms }));
  const summary = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, processes: processes.length, containers: new Set(processes.map((p) => p.container.id).filter((c) => c !== 'host')).size };
  for (const f of findings) summary[f.severity]++;
  return { host: { lsms }, processes, findings, missing, summary };
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd());
}

const capsCell = (caps: readonly string[]): string => (caps.length >= 39 ? 'ALL' : caps.length ? caps.map((c) => c.replace(/^CAP_/, '')).join(',') : '-');

export function runtimeCheckTable(r: RuntimeCheckResult): string {
  const rows = r.processes.map((p) => [
    String(p.pid), p.container.id, p.name, String(p.uid), p.seccomp.mode, p.lsm.lsm === 'none' ? '-' : (p.lsm.label ?? '-'),
    p.noNewPrivs === undefined ? '?' : p.noNewPrivs ? 'yes' : 'no', p.rootfs.readOnly === undefined ? '?' : p.rootfs.readOnly ? 'ro' : 'rw',
    p.hostNamespaces.length ? p.hostNamespaces.join(',') : '-', capsCell(p.capabilities.effective),
  ]);
  const out = table(['PID', 'CONTAINER', 'NAME', 'UID', 'SECCOMP', 'LSM', 'NNP', 'ROOTFS', 'HOST NS', 'CAP EFFECTIVE'], rows);
  // one finding line per container and check, with its pids: a container's 30 workers share a spec
  const grouped = new Map<string, { f: RuntimeCheckFinding; pids: number[] }>();
  for (const f of r.findings) {
    const key = `${f.container}\0${f.id}\0${f.title}`;
    const g = grouped.get(key) ?? { f, pids: [] };
    g.pids.push(f.pid);
    grouped.set(key, g);
  }
  const frows = [...grouped.values()].map(({ f, pids }) => [f.severity.toUpperCase(), f.id, f.container, pids.length > 5 ? `${pids.slice(0, 5).join(',')},… (${pids.length})` : pids.join(','), `${f.title}: ${f.detail}`]);
  const s = r.summary;
  return [
    ...out, '',
    ...(frows.length ? table(['SEVERITY', 'CHECK', 'CONTAINER', 'PIDS', 'FINDING'], frows) : ['no findings']), '',
    `${s.processes} process(es), ${s.containers} container(s); findings: ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low; host LSMs: ${r.host.lsms.join(', ') || 'none'}`,
    ...(r.missing.length ? [`not found: pid ${r.missing.join(', ')}`] : []),
  ].join('\n') + '\n';
}
