/**
 * The PSS check registry: every pod-security-admission check with its versioned revisions, ported from
 * kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/ (registry.go semantics: per check the
 * newest revision whose MinimumVersion ≤ the policy version; restricted = baseline − overridden + restricted).
 */
import {
  appArmorProfileV1Dot0, capabilitiesBaselineV1Dot0, hostNamespacesV1Dot0, hostPathVolumesV1Dot0, hostPortsV1Dot0,
  hostProbesAndHostLifecycleV1Dot34, privilegedV1Dot0, procMountBaselineV1Dot35, procMountStrict, seLinuxOptionsV1Dot0,
  seLinuxOptionsV1Dot31, windowsHostProcessV1Dot0,
} from './checks-baseline.js';
import {
  allowPrivilegeEscalationV1Dot25, allowPrivilegeEscalationV1Dot8, capabilitiesRestrictedV1Dot22,
  capabilitiesRestrictedV1Dot25, restrictedVolumesV1Dot0, runAsNonRootV1Dot0, runAsNonRootV1Dot35, runAsUserV1Dot23,
  runAsUserV1Dot35, seccompProfileRestrictedV1Dot19, seccompProfileRestrictedV1Dot25,
} from './checks-restricted.js';
import {
  SYSCTLS_1_0, SYSCTLS_1_27, SYSCTLS_1_29, SYSCTLS_1_32, SYSCTLS_1_37, seccompProfileBaselineV1Dot0,
  seccompProfileBaselineV1Dot19, sysctlsCheck,
} from './checks-seccomp-sysctls.js';
import type { PssCheckDef } from './types.js';

const SRC = 'kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/';

export const PSS_CHECKS: PssCheckDef[] = [
  { id: 'windowsHostProcess', bwId: 'BW-K8S-0001', level: 'baseline', control: 'HostProcess', title: 'Windows HostProcess container',
    remediation: 'Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and every container.',
    source: `${SRC}check_windowsHostProcess.go`, versions: [{ minVersion: 0, check: windowsHostProcessV1Dot0 }] },
  { id: 'hostNamespaces', bwId: 'BW-K8S-0002', level: 'baseline', control: 'Host Namespaces', title: 'Pod shares host namespaces',
    remediation: 'Remove hostNetwork, hostPID and hostIPC (or set them to false).',
    source: `${SRC}check_hostNamespaces.go`, versions: [{ minVersion: 0, check: hostNamespacesV1Dot0 }] },
  { id: 'privileged', bwId: 'BW-K8S-0003', level: 'baseline', control: 'Privileged Containers', title: 'Privileged container',
    remediation: 'Remove securityContext.privileged or set it to false.',
    source: `${SRC}check_privileged.go`, versions: [{ minVersion: 0, check: privilegedV1Dot0 }] },
  { id: 'capabilities_baseline', bwId: 'BW-K8S-0004', level: 'baseline', control: 'Capabilities', title: 'Container adds non-default capabilities',
    remediation: 'Add only capabilities from the baseline default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).',
    source: `${SRC}check_capabilities_baseline.go`, versions: [{ minVersion: 0, check: capabilitiesBaselineV1Dot0 }] },
  { id: 'hostPathVolumes', bwId: 'BW-K8S-0005', level: 'baseline', control: 'HostPath Volumes', title: 'Pod mounts a hostPath volume',
    remediation: 'Replace hostPath volumes with emptyDir, configMap, secret or persistent volume claims.',
    source: `${SRC}check_hostPathVolumes.go`, versions: [{ minVersion: 0, check: hostPathVolumesV1Dot0 }] },
  { id: 'hostPorts', bwId: 'BW-K8S-0006', level: 'baseline', control: 'Host Ports', title: 'Container binds a host port',
    remediation: 'Remove ports[].hostPort (or set it to 0); expose the pod through a Service instead.',
    source: `${SRC}check_hostPorts.go`, versions: [{ minVersion: 0, check: hostPortsV1Dot0 }] },
  { id: 'hostProbesAndHostLifecycle', bwId: 'BW-K8S-0007', level: 'baseline', control: 'Host Probes / Lifecycle Hooks',
    title: 'Probe or lifecycle hook targets another host',
    remediation: 'Remove the host field from httpGet/tcpSocket probes and lifecycle handlers.',
    source: `${SRC}check_hostProbesAndhostLifecycle.go`, versions: [{ minVersion: 34, check: hostProbesAndHostLifecycleV1Dot34 }] },
  { id: 'appArmorProfile', bwId: 'BW-K8S-0008', level: 'baseline', control: 'AppArmor', title: 'AppArmor profile disabled or overridden',
    remediation: 'Use appArmorProfile.type RuntimeDefault or Localhost (annotation: runtime/default or localhost/<profile>).',
    source: `${SRC}check_appArmorProfile.go`, versions: [{ minVersion: 0, check: appArmorProfileV1Dot0 }] },
  { id: 'seLinuxOptions', bwId: 'BW-K8S-0009', level: 'baseline', control: 'SELinux', title: 'Custom SELinux type, user or role',
    remediation: 'Leave seLinuxOptions.user and .role empty and use an allowed type (container_t, container_init_t, container_kvm_t, container_engine_t from v1.31).',
    source: `${SRC}check_seLinuxOptions.go`,
    versions: [{ minVersion: 0, check: seLinuxOptionsV1Dot0 }, { minVersion: 31, check: seLinuxOptionsV1Dot31 }] },
  { id: 'procMount', bwId: 'BW-K8S-0010', level: 'baseline', control: '/proc Mount Type', title: 'Unmasked /proc mount',
    remediation: 'Remove securityContext.procMount or set it to Default.',
    source: `${SRC}check_procMount_baseline.go`,
    versions: [{ minVersion: 0, check: procMountStrict }, { minVersion: 35, check: procMountBaselineV1Dot35 }] },
  { id: 'seccompProfile_baseline', bwId: 'BW-K8S-0011', level: 'baseline', control: 'Seccomp', title: 'Seccomp profile set to Unconfined',
    remediation: 'Use seccompProfile.type RuntimeDefault or Localhost, never Unconfined.',
    source: `${SRC}check_seccompProfile_baseline.go`,
    versions: [{ minVersion: 0, check: seccompProfileBaselineV1Dot0 }, { minVersion: 19, check: seccompProfileBaselineV1Dot19 }] },
  { id: 'sysctls', bwId: 'BW-K8S-0012', level: 'baseline', control: 'Sysctls', title: 'Unsafe sysctl',
    remediation: 'Set only the safe, namespaced sysctls of the Baseline allow-list.',
    source: `${SRC}check_sysctls.go`,
    versions: [
      { minVersion: 0, check: sysctlsCheck(SYSCTLS_1_0) }, { minVersion: 27, check: sysctlsCheck(SYSCTLS_1_27) },
      { minVersion: 29, check: sysctlsCheck(SYSCTLS_1_29) }, { minVersion: 32, check: sysctlsCheck(SYSCTLS_1_32) },
      { minVersion: 37, check: sysctlsCheck(SYSCTLS_1_37) },
    ] },
  { id: 'restrictedVolumes', bwId: 'BW-K8S-0013', level: 'restricted', control: 'Volume Types', title: 'Restricted volume type',
    remediation: 'Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes.',
    source: `${SRC}check_restrictedVolumes.go`, versions: [{ minVersion: 0, check: restrictedVolumesV1Dot0, overrides: ['hostPathVolumes'] }] },
  { id: 'allowPrivilegeEscalation', bwId: 'BW-K8S-0014', level: 'restricted', control: 'Privilege Escalation',
    title: 'Privilege escalation not disabled', remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
    source: `${SRC}check_allowPrivilegeEscalation.go`,
    versions: [{ minVersion: 8, check: allowPrivilegeEscalationV1Dot8 }, { minVersion: 25, check: allowPrivilegeEscalationV1Dot25 }] },
  { id: 'runAsNonRoot', bwId: 'BW-K8S-0015', level: 'restricted', control: 'Running as Non-root', title: 'Container may run as root',
    remediation: 'Set securityContext.runAsNonRoot: true at pod level (or on every container).',
    source: `${SRC}check_runAsNonRoot.go`,
    versions: [{ minVersion: 0, check: runAsNonRootV1Dot0 }, { minVersion: 35, check: runAsNonRootV1Dot35 }] },
  { id: 'runAsUser', bwId: 'BW-K8S-0016', level: 'restricted', control: 'Running as Non-root user', title: 'Container runs as UID 0',
    remediation: 'Do not set runAsUser: 0; use a non-zero UID.',
    source: `${SRC}check_runAsUser.go`,
    versions: [{ minVersion: 23, check: runAsUserV1Dot23 }, { minVersion: 35, check: runAsUserV1Dot35 }] },
  { id: 'seccompProfile_restricted', bwId: 'BW-K8S-0017', level: 'restricted', control: 'Seccomp', title: 'Seccomp profile not set',
    remediation: 'Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost) at pod level or on every container.',
    source: `${SRC}check_seccompProfile_restricted.go`,
    versions: [
      { minVersion: 19, check: seccompProfileRestrictedV1Dot19, overrides: ['seccompProfile_baseline'] },
      { minVersion: 25, check: seccompProfileRestrictedV1Dot25, overrides: ['seccompProfile_baseline'] },
    ] },
  { id: 'capabilities_restricted', bwId: 'BW-K8S-0018', level: 'restricted', control: 'Capabilities', title: 'Capabilities not dropped',
    remediation: 'Set capabilities.drop: ["ALL"] on every container and add at most NET_BIND_SERVICE.',
    source: `${SRC}check_capabilities_restricted.go`,
    versions: [
      { minVersion: 22, check: capabilitiesRestrictedV1Dot22, overrides: ['capabilities_baseline'] },
      { minVersion: 25, check: capabilitiesRestrictedV1Dot25, overrides: ['capabilities_baseline'] },
    ] },
  { id: 'procMount_restricted', bwId: 'BW-K8S-0019', level: 'restricted', control: '/proc Mount Type', title: 'Unmasked /proc mount',
    remediation: 'Remove securityContext.procMount or set it to Default (user namespaces do not relax this under Restricted).',
    source: `${SRC}check_procMount_restricted.go`, versions: [{ minVersion: 35, check: procMountStrict, overrides: ['procMount'] }] },
];

/** Newest policy version verified against upstream code; `latest` resolves here. */
export const LATEST_VERIFIED_MINOR = 36;
/** Highest MinimumVersion registered: explicit newer versions clamp here (registry.go EvaluatePod). */
export const MAX_MINOR = Math.max(...PSS_CHECKS.flatMap((c) => c.versions.map((v) => v.minVersion)));
