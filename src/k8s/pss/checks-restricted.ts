/**
 * Restricted checks, ported from kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/
 * check_*.go (release-1.36), keeping upstream function names and ForbiddenReason/Detail wording.
 */
import { asArray, asString, isJson } from '../model/object.js';
import { containersOf, get, type PodTemplate } from '../model/pod-spec.js';
import { inUserNamespace } from './checks-baseline.js';
import {
  ALLOWED, containersPhrase, forbid, joinQuote, pluralize, sortedSet, type PssCheckResult, type PssViolation,
} from './types.js';

function isWindows(pod: PodTemplate): boolean {
  return get(pod.spec, 'os', 'name') === 'windows';
}

/** check_restrictedVolumes.go restrictedVolumesV1Dot0 (the `image` type was allowed in place for 1.33+ binaries). */
const ALLOWED_VOLUME_TYPES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
]);
/** The restricted types upstream names; any other source is reported as `unknown`. */
const KNOWN_VOLUME_TYPES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder',
  'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'storageos', 'hostPath',
];

export function restrictedVolumesV1Dot0(pod: PodTemplate): PssCheckResult {
  const bad: string[] = [];
  const types: string[] = [];
  const violations: PssViolation[] = [];
  asArray(pod.spec.volumes).forEach((v, i) => {
    if (!isJson(v)) return;
    const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
    // No source at all (`- name: v`): the API server defaults it to emptyDir before admission sees it
    // (SetDefaults_Volume), and upstream's fixtures pass it as "implicit empty dir".
    if (!sources.length || sources.some((s) => ALLOWED_VOLUME_TYPES.has(s))) return;
    const t = sources.find((s) => KNOWN_VOLUME_TYPES.includes(s)) ?? 'unknown';
    bad.push(asString(v.name) ?? '');
    types.push(t);
    violations.push({ field: `${pod.specPath}.volumes[${i}].${t}`, setter: 'pod', value: asString(v.name) });
  });
  if (!bad.length) return ALLOWED;
  const ts = sortedSet(types);
  return forbid('restricted volume types',
    `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', ts.length)} ${joinQuote(ts)}`,
    violations);
}

/** check_allowPrivilegeEscalation.go allowPrivilegeEscalation_1_8. */
export function allowPrivilegeEscalationV1Dot8(pod: PodTemplate): PssCheckResult {
  const bad: string[] = [];
  const violations: PssViolation[] = [];
  for (const c of containersOf(pod)) {
    const v = get(c.container, 'securityContext', 'allowPrivilegeEscalation');
    if (v !== false) {
      bad.push(c.name);
      violations.push({ field: `${c.path}.securityContext.allowPrivilegeEscalation`, setter: c.name, value: v === undefined ? undefined : String(v) });
    }
  }
  return bad.length
    ? forbid('allowPrivilegeEscalation != false', `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`, violations)
    : ALLOWED;
}

/** allowPrivilegeEscalation_1_25: Windows pods (spec.os.name=windows) are exempt. */
export function allowPrivilegeEscalationV1Dot25(pod: PodTemplate): PssCheckResult {
  return isWindows(pod) ? ALLOWED : allowPrivilegeEscalationV1Dot8(pod);
}

/** check_runAsNonRoot.go runAsNonRoot_1_0 (pod-level true covers containers that leave it unset). */
export function runAsNonRootV1Dot0(pod: PodTemplate): PssCheckResult {
  const setters: string[] = [];
  const violations: PssViolation[] = [];
  const podVal = get(pod.spec, 'securityContext', 'runAsNonRoot');
  let podTrue = false;
  if (typeof podVal === 'boolean') {
    if (!podVal) {
      setters.push('pod');
      violations.push({ field: `${pod.specPath}.securityContext.runAsNonRoot`, setter: 'pod', value: 'false' });
    } else podTrue = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  const implicitViolations: PssViolation[] = [];
  for (const c of containersOf(pod)) {
    const v = get(c.container, 'securityContext', 'runAsNonRoot');
    if (typeof v === 'boolean') {
      if (!v) {
        explicit.push(c.name);
        violations.push({ field: `${c.path}.securityContext.runAsNonRoot`, setter: c.name, value: 'false' });
      }
    } else if (!podTrue) {
      implicit.push(c.name);
      implicitViolations.push({ field: `${c.path}.securityContext.runAsNonRoot`, setter: c.name });
    }
  }
  if (explicit.length) setters.push(containersPhrase(explicit));
  if (setters.length) {
    return forbid('runAsNonRoot != true', `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`, violations);
  }
  if (implicit.length) {
    return forbid('runAsNonRoot != true', `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`, implicitViolations);
  }
  return ALLOWED;
}

/** runAsNonRoot 1.35: skipped entirely for user-namespace pods (hostUsers: false). */
export function runAsNonRootV1Dot35(pod: PodTemplate): PssCheckResult {
  return inUserNamespace(pod) ? ALLOWED : runAsNonRootV1Dot0(pod);
}

/** check_runAsUser.go runAsUser_1_23. */
export function runAsUserV1Dot23(pod: PodTemplate): PssCheckResult {
  const setters: string[] = [];
  const violations: PssViolation[] = [];
  if (get(pod.spec, 'securityContext', 'runAsUser') === 0) {
    setters.push('pod');
    violations.push({ field: `${pod.specPath}.securityContext.runAsUser`, setter: 'pod', value: '0' });
  }
  const bad: string[] = [];
  for (const c of containersOf(pod)) {
    if (get(c.container, 'securityContext', 'runAsUser') === 0) {
      bad.push(c.name);
      violations.push({ field: `${c.path}.securityContext.runAsUser`, setter: c.name, value: '0' });
    }
  }
  if (bad.length) setters.push(containersPhrase(bad));
  return setters.length ? forbid('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`, violations) : ALLOWED;
}

export function runAsUserV1Dot35(pod: PodTemplate): PssCheckResult {
  return inUserNamespace(pod) ? ALLOWED : runAsUserV1Dot23(pod);
}

function validSeccomp(t: unknown): boolean {
  return t === 'Localhost' || t === 'RuntimeDefault';
}

/** check_seccompProfile_restricted.go seccompProfileRestricted_1_19. */
export function seccompProfileRestrictedV1Dot19(pod: PodTemplate): PssCheckResult {
  const setters: string[] = [];
  const values: string[] = [];
  const violations: PssViolation[] = [];
  let podSet = false;
  const podProfile = get(pod.spec, 'securityContext', 'seccompProfile');
  if (isJson(podProfile)) {
    if (!validSeccomp(podProfile.type)) {
      setters.push('pod');
      values.push(String(podProfile.type ?? ''));
      violations.push({ field: `${pod.specPath}.securityContext.seccompProfile.type`, setter: 'pod', value: String(podProfile.type ?? '') });
    } else podSet = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  const implicitViolations: PssViolation[] = [];
  for (const c of containersOf(pod)) {
    const p = get(c.container, 'securityContext', 'seccompProfile');
    if (isJson(p)) {
      if (!validSeccomp(p.type)) {
        explicit.push(c.name);
        values.push(String(p.type ?? ''));
        violations.push({ field: `${c.path}.securityContext.seccompProfile.type`, setter: c.name, value: String(p.type ?? '') });
      }
    } else if (!podSet) {
      implicit.push(c.name);
      implicitViolations.push({ field: `${c.path}.securityContext.seccompProfile.type`, setter: c.name });
    }
  }
  if (explicit.length) setters.push(containersPhrase(explicit));
  if (setters.length) {
    return forbid('seccompProfile', `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`, violations);
  }
  if (implicit.length) {
    return forbid('seccompProfile',
      `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`, implicitViolations);
  }
  return ALLOWED;
}

export function seccompProfileRestrictedV1Dot25(pod: PodTemplate): PssCheckResult {
  return isWindows(pod) ? ALLOWED : seccompProfileRestrictedV1Dot19(pod);
}

/** check_capabilities_restricted.go capabilitiesRestricted_1_22. */
export function capabilitiesRestrictedV1Dot22(pod: PodTemplate): PssCheckResult {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps: string[] = [];
  const violations: PssViolation[] = [];
  for (const c of containersOf(pod)) {
    const capObj = get(c.container, 'securityContext', 'capabilities');
    const base = `${c.path}.securityContext.capabilities`;
    if (!isJson(capObj)) {
      missingDrop.push(c.name);
      violations.push({ field: `${base}.drop`, setter: c.name });
      continue;
    }
    if (!asArray(capObj.drop).some((d) => d === 'ALL')) {
      missingDrop.push(c.name);
      violations.push({ field: `${base}.drop`, setter: c.name, value: asArray(capObj.drop).join(',') });
    }
    let addedForbidden = false;
    asArray(capObj.add).forEach((a, i) => {
      if (a !== 'NET_BIND_SERVICE') {
        addedForbidden = true;
        caps.push(String(a));
        violations.push({ field: `${base}.add[${i}]`, setter: c.name, value: String(a) });
      }
    });
    if (addedForbidden) adding.push(c.name);
  }
  const details: string[] = [];
  if (missingDrop.length) details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length) details.push(`${containersPhrase(adding)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`);
  return details.length ? forbid('unrestricted capabilities', details.join('; '), violations) : ALLOWED;
}

export function capabilitiesRestrictedV1Dot25(pod: PodTemplate): PssCheckResult {
  return isWindows(pod) ? ALLOWED : capabilitiesRestrictedV1Dot22(pod);
}
