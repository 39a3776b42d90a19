/** Baseline seccomp and sysctls checks (check_seccompProfile_baseline.go, check_sysctls.go, release-1.36). */
import { asArray, asString, isJson } from '../model/object.js';
import { containersOf, get, type PodTemplate } from '../model/pod-spec.js';
import { ALLOWED, containersPhrase, forbid, joinQuote, pluralize, sortedSet, type PssCheckResult, type PssViolation } from './types.js';

const ANNOTATION_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const ANNOTATION_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validSeccompAnnotation(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

/** seccompProfileBaseline_1_0: policy versions before 1.19 look at the alpha annotations only. */
export function seccompProfileBaselineV1Dot0(pod: PodTemplate): PssCheckResult {
  const bad: string[] = [];
  const violations: PssViolation[] = [];
  const ann = pod.metadata.annotations;
  const podVal = ann[ANNOTATION_POD];
  if (podVal !== undefined && !validSeccompAnnotation(podVal)) {
    bad.push(`${ANNOTATION_POD}=${JSON.stringify(podVal)}`);
    violations.push({ field: `${pod.metadataPath}.annotations[${ANNOTATION_POD}]`, setter: 'pod', value: podVal });
  }
  for (const c of containersOf(pod)) {
    const key = ANNOTATION_CONTAINER_PREFIX + c.name;
    const v = ann[key];
    if (v !== undefined && !validSeccompAnnotation(v)) {
      bad.push(`${key}=${JSON.stringify(v)}`);
      violations.push({ field: `${pod.metadataPath}.annotations[${key}]`, setter: c.name, value: v });
    }
  }
  const list = sortedSet(bad);
  return list.length
    ? forbid('seccompProfile', `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}`, violations)
    : ALLOWED;
}

/** seccompProfileBaseline_1_19: the securityContext fields; only explicit bad values fail. */
export function seccompProfileBaselineV1Dot19(pod: PodTemplate): PssCheckResult {
  const setters: string[] = [];
  const values: string[] = [];
  const violations: PssViolation[] = [];
  const ok = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const podProfile = get(pod.spec, 'securityContext', 'seccompProfile');
  if (isJson(podProfile) && !ok(podProfile.type)) {
    setters.push('pod');
    values.push(String(podProfile.type ?? ''));
    violations.push({ field: `${pod.specPath}.securityContext.seccompProfile.type`, setter: 'pod', value: String(podProfile.type ?? '') });
  }
  const bad: string[] = [];
  for (const c of containersOf(pod)) {
    const p = get(c.container, 'securityContext', 'seccompProfile');
    if (isJson(p) && !ok(p.type)) {
      bad.push(c.name);
      values.push(String(p.type ?? ''));
      violations.push({ field: `${c.path}.securityContext.seccompProfile.type`, setter: c.name, value: String(p.type ?? '') });
    }
  }
  if (bad.length) setters.push(containersPhrase(bad));
  return setters.length
    ? forbid('seccompProfile', `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`, violations)
    : ALLOWED;
}

/** check_sysctls.go allow-lists: sysctlsAllowedV1Dot0 ∪ 1.27 ∪ 1.29 ∪ 1.32 (∪ 1.37, see SYSCTLS_1_37). */
export const SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
export const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
export const SYSCTLS_1_29 = [
  ...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
export const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
/**
 * sysctlsAllowedV1Dot37 (PR kubernetes#138389) is known only from secondary notes, not read in code here; it is
 * used only when `--pss-version v1.37` (or newer) is asked for explicitly — `latest` stops at v1.36.
 */
export const SYSCTLS_1_37 = [...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

export function sysctlsCheck(allowedList: string[]) {
  const allowed = new Set(allowedList);
  return (pod: PodTemplate): PssCheckResult => {
    const bad: string[] = [];
    const violations: PssViolation[] = [];
    asArray(get(pod.spec, 'securityContext', 'sysctls')).forEach((s, i) => {
      const name = isJson(s) ? asString(s.name) ?? '' : '';
      if (!allowed.has(name)) {
        bad.push(name);
        violations.push({ field: `${pod.specPath}.securityContext.sysctls[${i}].name`, setter: 'pod', value: name });
      }
    });
    return bad.length ? forbid('forbidden sysctls', bad.join(', '), violations) : ALLOWED;
  };
}
