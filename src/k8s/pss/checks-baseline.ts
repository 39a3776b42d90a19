/**
 * Baseline checks, ported from kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/
 * check_*.go (release-1.36). Each function keeps the upstream name and ForbiddenReason/Detail wording.
 */
import { asArray, asJson, asString, isJson } from '../model/object.js';
import { containersOf, get, type PodTemplate } from '../model/pod-spec.js';
import {
  ALLOWED, containersPhrase, forbid, joinQuote, sortedSet, type PssCheckResult, type PssViolation,
} from './types.js';

function podSc(pod: PodTemplate): Record<string, unknown> | undefined {
  const sc = pod.spec.securityContext;
  return isJson(sc) ? sc : undefined;
}

/** check_hostNamespaces.go hostNamespaces_1_0. */
export function hostNamespacesV1Dot0(pod: PodTemplate): PssCheckResult {
  const forbidden: string[] = [];
  const violations: PssViolation[] = [];
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (pod.spec[f] === true) {
      forbidden.push(f);
      violations.push({ field: `${pod.specPath}.${f}`, setter: 'pod', value: 'true' });
    }
  }
  return forbidden.length ? forbid('host namespaces', sortedSet(forbidden).join(', '), violations) : ALLOWED;
}

/** check_privileged.go privileged_1_0. */
export function privilegedV1Dot0(pod: PodTemplate): PssCheckResult {
  const bad: string[] = [];
  const violations: PssViolation[] = [];
  for (const c of containersOf(pod)) {
    if (get(c.container, 'securityContext', 'privileged') === true) {
      bad.push(c.name);
      violations.push({ field: `${c.path}.securityContext.privileged`, setter: c.name, value: 'true' });
    }
  }
  return bad.length
    ? forbid('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`, violations)
    : ALLOWED;
}

/** check_capabilities_baseline.go capabilities_allowed_1_0. */
export const CAPABILITIES_ALLOWED_1_0 = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP',
  'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** check_capabilities_baseline.go capabilitiesBaseline_1_0. */
export function capabilitiesBaselineV1Dot0(pod: PodTemplate): PssCheckResult {
  const bad: string[] = [];
  const caps: string[] = [];
  const violations: PssViolation[] = [];
  for (const c of containersOf(pod)) {
    const add = asArray(get(c.container, 'securityContext', 'capabilities', 'add'));
    let valid = true;
    add.forEach((cap, i) => {
      const s = String(cap);
      if (!CAPABILITIES_ALLOWED_1_0.has(s)) {
        valid = false;
        caps.push(s);
        violations.push({ field: `${c.path}.securityContext.capabilities.add[${i}]`, setter: c.name, value: s });
      }
    });
    if (!valid) bad.push(c.name);
  }
  return bad.length
    ? forbid('non-default capabilities',
      `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`, violations)
    : ALLOWED;
}

/** check_hostPathVolumes.go hostPathVolumes_1_0. */
export function hostPathVolumesV1Dot0(pod: PodTemplate): PssCheckResult {
  const names: string[] = [];
  const violations: PssViolation[] = [];
  asArray(pod.spec.volumes).forEach((v, i) => {
    if (isJson(v) && isJson(v.hostPath)) {
      const name = asString(v.name) ?? '';
      names.push(name);
      violations.push({ field: `${pod.specPath}.volumes[${i}].hostPath`, setter: 'pod', value: asString(v.hostPath.path) });
    }
  });
  return names.length ? forbid('hostPath volumes', `${names.length === 1 ? 'volume' : 'volumes'} ${joinQuote(names)}`, violations) : ALLOWED;
}

/** check_hostPorts.go hostPorts_1_0. */
export function hostPortsV1Dot0(pod: PodTemplate): PssCheckResult {
  const bad: string[] = [];
  const ports: string[] = [];
  const violations: PssViolation[] = [];
  for (const c of containersOf(pod)) {
    let valid = true;
    asArray(c.container.ports).forEach((p, i) => {
      const hp = asJson(p).hostPort;
      if (hp !== undefined && hp !== null && hp !== 0) {
        valid = false;
        ports.push(String(hp));
        violations.push({ field: `${c.path}.ports[${i}].hostPort`, setter: c.name, value: String(hp) });
      }
    });
    if (!valid) bad.push(c.name);
  }
  return bad.length
    ? forbid('hostPort', `${containersPhrase(bad)} ${bad.length === 1 ? 'uses' : 'use'} ${sortedSet(ports).length === 1 ? 'hostPort' : 'hostPorts'} ${sortedSet(ports).join(', ')}`, violations)
    : ALLOWED;
}

/** check_appArmorProfile.go allowedAnnotationValue / allowedProfileType. */
function allowedAppArmorAnnotation(v: string): boolean {
  return v.length === 0 || v === 'runtime/default' || v.startsWith('localhost/');
}

/** check_appArmorProfile.go appArmorProfileV1Dot0: the field (pod and containers) and the beta annotation. */
export function appArmorProfileV1Dot0(pod: PodTemplate): PssCheckResult {
  const setters: string[] = [];
  const values: string[] = [];
  const violations: PssViolation[] = [];
  const okType = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const podType = get(podSc(pod), 'appArmorProfile');
  if (isJson(podType) && !okType(podType.type)) {
    setters.push('pod');
    values.push(String(podType.type ?? ''));
    violations.push({ field: `${pod.specPath}.securityContext.appArmorProfile.type`, setter: 'pod', value: String(podType.type ?? '') });
  }
  const badContainers: string[] = [];
  for (const c of containersOf(pod)) {
    const p = get(c.container, 'securityContext', 'appArmorProfile');
    if (isJson(p) && !okType(p.type)) {
      badContainers.push(c.name);
      values.push(String(p.type ?? ''));
      violations.push({ field: `${c.path}.securityContext.appArmorProfile.type`, setter: c.name, value: String(p.type ?? '') });
    }
  }
  if (badContainers.length) setters.push(containersPhrase(badContainers));
  const badAnnotations: string[] = [];
  for (const [k, v] of Object.entries(pod.metadata.annotations)) {
    if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && !allowedAppArmorAnnotation(v)) {
      badAnnotations.push(`${k}=${JSON.stringify(v)}`);
      violations.push({ field: `${pod.metadataPath}.annotations[${k}]`, setter: k.slice(k.indexOf('/') + 1), value: v });
    }
  }
  const valueList = sortedSet(values);
  if (badAnnotations.length) {
    badAnnotations.sort();
    valueList.push(...badAnnotations);
    setters.push(badAnnotations.length === 1 ? 'annotation' : 'annotations');
  }
  if (!setters.length) return ALLOWED;
  return forbid(valueList.length === 1 ? 'forbidden AppArmor profile' : 'forbidden AppArmor profiles',
    `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`, violations);
}

/** check_seLinuxOptions.go: selinuxAllowedTypes1_0 and (1.31+) selinuxAllowedTypes1_31. */
const SELINUX_TYPES_1_0 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const SELINUX_TYPES_1_31 = new Set([...SELINUX_TYPES_1_0, 'container_engine_t']);

function seLinuxOptions(allowed: Set<string>) {
  return (pod: PodTemplate): PssCheckResult => {
    const setters: string[] = [];
    const badTypes: string[] = [];
    const violations: PssViolation[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (opts: Record<string, unknown>, path: string, setter: string): boolean => {
      let ok = true;
      const type = asString(opts.type) ?? '';
      if (!allowed.has(type)) { ok = false; badTypes.push(type); violations.push({ field: `${path}.type`, setter, value: type }); }
      if (asString(opts.user)) { ok = false; setUser = true; violations.push({ field: `${path}.user`, setter, value: String(opts.user) }); }
      if (asString(opts.role)) { ok = false; setRole = true; violations.push({ field: `${path}.role`, setter, value: String(opts.role) }); }
      return ok;
    };
    const podOpts = get(podSc(pod), 'seLinuxOptions');
    if (isJson(podOpts) && !valid(podOpts, `${pod.specPath}.securityContext.seLinuxOptions`, 'pod')) setters.push('pod');
    const bad: string[] = [];
    for (const c of containersOf(pod)) {
      const o = get(c.container, 'securityContext', 'seLinuxOptions');
      if (isJson(o) && !valid(o, `${c.path}.securityContext.seLinuxOptions`, c.name)) bad.push(c.name);
    }
    if (bad.length) setters.push(containersPhrase(bad));
    if (!setters.length) return ALLOWED;
    // Upstream only lists user/role problems inside the `badTypes` branch; kept as is.
    const data: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length) {
      data.push(`${types.length === 1 ? 'type' : 'types'} ${joinQuote(types)}`);
      if (setUser) data.push('user may not be set');
      if (setRole) data.push('role may not be set');
    }
    return forbid('seLinuxOptions', `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`, violations);
  };
}
export const seLinuxOptionsV1Dot0 = seLinuxOptions(SELINUX_TYPES_1_0);
export const seLinuxOptionsV1Dot31 = seLinuxOptions(SELINUX_TYPES_1_31);

/** check_procMount_restricted.go procMount_1_35_restricted (same as the 1.0 baseline function). */
export function procMountStrict(pod: PodTemplate): PssCheckResult {
  const bad: string[] = [];
  const types: string[] = [];
  const violations: PssViolation[] = [];
  for (const c of containersOf(pod)) {
    const pm = get(c.container, 'securityContext', 'procMount');
    if (pm === undefined || pm === null) continue;
    if (pm !== 'Default') {
      bad.push(c.name);
      types.push(String(pm));
      violations.push({ field: `${c.path}.securityContext.procMount`, setter: c.name, value: String(pm) });
    }
  }
  return bad.length
    ? forbid('procMount', `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`, violations)
    : ALLOWED;
}

/** helpers.go relaxPolicyForUserNamespacePod (1.35+: unconditional, the feature gate is gone). */
export function inUserNamespace(pod: PodTemplate): boolean {
  return pod.spec.hostUsers === false;
}

/** check_procMount_baseline.go procMount_1_35_baseline: anything goes in a user namespace. */
export function procMountBaselineV1Dot35(pod: PodTemplate): PssCheckResult {
  return inUserNamespace(pod) ? ALLOWED : procMountStrict(pod);
}

/** check_windowsHostProcess.go windowsHostProcess_1_0. */
export function windowsHostProcessV1Dot0(pod: PodTemplate): PssCheckResult {
  const bad: string[] = [];
  const violations: PssViolation[] = [];
  let podSet = false;
  if (get(podSc(pod), 'windowsOptions', 'hostProcess') === true) {
    podSet = true;
    violations.push({ field: `${pod.specPath}.securityContext.windowsOptions.hostProcess`, setter: 'pod', value: 'true' });
  }
  for (const c of containersOf(pod)) {
    if (get(c.container, 'securityContext', 'windowsOptions', 'hostProcess') === true) {
      bad.push(c.name);
      violations.push({ field: `${c.path}.securityContext.windowsOptions.hostProcess`, setter: c.name, value: 'true' });
    }
  }
  const setters = [...(podSet ? ['pod'] : []), ...(bad.length ? [containersPhrase(bad)] : [])];
  if (!setters.length) return ALLOWED;
  return forbid('hostProcess', `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`, violations);
}

const HANDLERS = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle.postStart', 'lifecycle.preStop'] as const;
const HANDLER_KINDS = ['httpGet', 'tcpSocket'] as const;

/** check_hostProbesAndhostLifecycle.go hostProbesAndHostLifecycleV1Dot34. */
export function hostProbesAndHostLifecycleV1Dot34(pod: PodTemplate): PssCheckResult {
  const bad: string[] = [];
  const hosts: string[] = [];
  const violations: PssViolation[] = [];
  for (const c of containersOf(pod)) {
    let found = false;
    // The handler names and where each is read from, without a list of pairs per container (every review runs this).
    for (let i = 0; i < HANDLERS.length; i++) {
      const h = i < 3 ? c.container[HANDLERS[i]!] : get(c.container, 'lifecycle', i === 3 ? 'postStart' : 'preStop');
      if (h === undefined) continue;
      for (const kind of HANDLER_KINDS) {
        const host = asString(get(h, kind, 'host'));
        if (host) {
          found = true;
          hosts.push(host);
          violations.push({ field: `${c.path}.${HANDLERS[i]}.${kind}.host`, setter: c.name, value: host });
        }
      }
    }
    if (found && !bad.includes(c.name)) bad.push(c.name);
  }
  if (!bad.length) return ALLOWED;
  const names = sortedSet(bad);
  const hs = sortedSet(hosts);
  return forbid('probe or lifecycle host',
    `${names.length === 1 ? 'container' : 'containers'} ${joinQuote(names)} ${names.length === 1 ? 'uses' : 'use'} ${hs.length === 1 ? 'probe or lifecycle host' : 'probe or lifecycle hosts'} ${joinQuote(hs)}`,
    violations);
}
