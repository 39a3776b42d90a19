/**
 * Risky confinement of container processes, judged the way Pod Security "restricted" and the CIS Docker
 * benchmark judge a pod spec — but from what the kernel actually enforces. Host processes are reported
 * without findings by default: an unconfined sshd is the norm there, not a drift from a spec.
 */
import type { Severity } from '../../core/index.js';
import type { ProcessSecurity } from './proc-security.js';

export interface RuntimeCheckFinding {
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  pid: number;
  process: string;
  container: string;
}

/** What containerd, CRI-O and Docker grant when a spec adds nothing (the OCI runtime-spec defaults). */
const DEFAULT_CONTAINER_CAPS = new Set(['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE']);

/** Capabilities that each amount to host compromise (or close to it) from inside a container. */
const ESCAPE_CAPS: Record<string, Severity> = {
  CAP_SYS_ADMIN: 'critical', CAP_SYS_MODULE: 'critical', CAP_SYS_RAWIO: 'critical', CAP_SYS_PTRACE: 'high', CAP_DAC_READ_SEARCH: 'high',
  CAP_NET_ADMIN: 'high', CAP_BPF: 'high', CAP_PERFMON: 'medium', CAP_SYS_BOOT: 'high', CAP_MAC_ADMIN: 'high', CAP_MAC_OVERRIDE: 'high',
  CAP_SYS_TIME: 'medium', CAP_SYSLOG: 'medium', CAP_SYS_RESOURCE: 'low',
};
const ALL_CAPS = 41;

interface CheckOptions {
  /** Judge host processes too. */
  hostFindings?: boolean;
  /** LSMs the host enforces: a process left unconfined by one that is active is a finding. */
  hostLsms: readonly string[];
}

export function processFindings(p: ProcessSecurity, opts: CheckOptions): RuntimeCheckFinding[] {
  const inContainer = p.container.id !== 'host';
  if (!inContainer && !opts.hostFindings) return [];
  const out: RuntimeCheckFinding[] = [];
  const add = (id: string, severity: Severity, title: string, detail: string): void => {
    out.push({ id, severity, title, detail, pid: p.pid, process: p.name, container: p.container.id });
  };
  capabilityFindings(p, add);
  confinementFindings(p, opts, add);
  return out;
}

type Add = (id: string, severity: Severity, title: string, detail: string) => void;

function capabilityFindings(p: ProcessSecurity, add: Add): void {
  const eff = p.capabilities.effective;
  const privileged = p.capabilities.bounding.length >= ALL_CAPS - 2;
  if (privileged) add('RTC-001', 'critical', 'privileged: every capability in the bounding set', `bounding set holds ${p.capabilities.bounding.length} capabilities (privileged: true or --cap-add=ALL)`);
  const escape = eff.filter((c) => ESCAPE_CAPS[c]);
  if (escape.length && !privileged) {
    const worst = escape.map((c) => ESCAPE_CAPS[c]!).sort((a, b) => rank(a) - rank(b))[0]!;
    add('RTC-002', worst, `effective ${escape.join(', ')}`, `the process can use ${escape.join(', ')} now${p.hostRoot ? ' as host root' : ''}`);
  }
  const added = p.capabilities.bounding.filter((c) => !DEFAULT_CONTAINER_CAPS.has(c) && !eff.includes(c));
  if (added.length && !privileged) add('RTC-003', added.some((c) => ESCAPE_CAPS[c] === 'critical') ? 'high' : 'medium', `bounding set beyond the runtime default: ${added.join(', ')}`, 'not effective now, but an exec of a setuid or file-capability binary can gain them (capabilities.add in the spec; drop ALL and add back what is needed)');
}

function confinementFindings(p: ProcessSecurity, opts: CheckOptions, add: Add): void {
  const inContainer = p.container.id !== 'host';
  if (p.seccomp.mode === 'disabled') add('RTC-004', 'medium', 'seccomp disabled', 'no seccomp filter: every syscall reaches the kernel (seccompProfile: Unconfined; RuntimeDefault blocks ~60 rarely needed ones)');
  if (p.noNewPrivs === false && !p.hostRoot) add('RTC-005', 'medium', 'no_new_privs off', 'setuid binaries and file capabilities can raise privileges (allowPrivilegeEscalation: true)');
  if (p.noNewPrivs === false && p.hostRoot) add('RTC-005', 'low', 'no_new_privs off', 'allowPrivilegeEscalation is not false (the process is already root)');
  for (const lsm of opts.hostLsms) {
    if (p.lsm.lsm === lsm && !p.lsm.confined) add('RTC-006', 'medium', `${lsm} unconfined`, `the host enforces ${lsm} but this process runs ${p.lsm.label ?? 'unconfined'}`);
  }
  if (opts.hostLsms.length && p.lsm.lsm === 'none') add('RTC-006', 'medium', 'no LSM profile', `the host enforces ${opts.hostLsms.join(', ')} but this process has no label`);
  if (p.rootfs.readOnly === false && inContainer) add('RTC-007', 'low', 'writable root filesystem', `root mount ${p.rootfs.fstype ?? ''} is rw (readOnlyRootFilesystem: false): dropped binaries and edited configs persist for the container's life`);
  if (p.hostRoot && inContainer) add('RTC-008', 'medium', 'runs as host root', `uid ${p.uid}${p.userNamespace ? ' maps to host uid 0' : ' with no user namespace'} (runAsNonRoot: false)`);
  const sev: Record<string, Severity> = { pid: 'high', net: 'high', ipc: 'medium', uts: 'low' };
  if (inContainer) for (const n of p.hostNamespaces) add(`RTC-009-${n}`, sev[n]!, `shares the host ${n} namespace`, `${HOST_NS_FIELD[n]}: true`);
}

const HOST_NS_FIELD: Record<string, string> = { pid: 'hostPID', net: 'hostNetwork', ipc: 'hostIPC', uts: 'hostNetwork (UTS: hostname)' };

function rank(s: Severity): number { return ['critical', 'high', 'medium', 'low', 'unknown'].indexOf(s); }
