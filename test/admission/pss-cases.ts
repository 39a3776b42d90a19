/**
 * Pod fixtures for the PSS parity test, restated from src/k8s/pss/pss.test.ts (each baseline and restricted
 * control failing alone, version-boundary cases, init/ephemeral containers, Windows, user namespaces).
 */
type Spec = Record<string, unknown>;

function good(extra: Spec = {}, container: Spec = {}): Spec {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'a', image: 'x:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...container } }],
    ...extra,
  };
}

const sysctl = (name: string) => good({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name, value: '1' }] } });
const probes = (() => {
  const s = good();
  (s.containers as Spec[])[0]!.readinessProbe = { httpGet: { host: 'metadata.internal', port: 80 } };
  (s.containers as Spec[])[0]!.lifecycle = { preStop: { tcpSocket: { host: '10.0.0.1', port: 1 } } };
  return s;
})();

export const PSS_CASES: Array<{ name: string; spec: Spec; annotations?: Record<string, string> }> = [
  { name: 'good', spec: good() },
  { name: 'host-namespaces', spec: good({ hostNetwork: true, hostPID: true }) },
  { name: 'privileged', spec: good({}, { privileged: true }) },
  { name: 'capabilities-baseline', spec: good({}, { capabilities: { add: ['NET_RAW', 'CHOWN'] } }) },
  { name: 'hostpath', spec: good({ volumes: [{ name: 'h', hostPath: { path: '/' } }] }) },
  { name: 'hostports', spec: good({ containers: [{ name: 'a', image: 'x:1', ports: [{ containerPort: 80, hostPort: 80 }] }] }) },
  { name: 'apparmor-field', spec: good({}, { appArmorProfile: { type: 'Unconfined' } }) },
  { name: 'apparmor-annotation', spec: good(), annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' } },
  { name: 'selinux', spec: good({}, { seLinuxOptions: { type: 'spc_t' } }) },
  { name: 'selinux-engine-t', spec: good({}, { seLinuxOptions: { type: 'container_engine_t' } }) },
  { name: 'procmount', spec: good({}, { procMount: 'Unmasked' }) },
  { name: 'seccomp-unconfined', spec: good({ securityContext: { seccompProfile: { type: 'Unconfined' } } }) },
  { name: 'seccomp-annotation', spec: good(), annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } },
  { name: 'sysctl-msgmax', spec: sysctl('kernel.msgmax') },
  { name: 'sysctl-reserved-ports', spec: sysctl('net.ipv4.ip_local_reserved_ports') },
  { name: 'sysctl-keepalive', spec: sysctl('net.ipv4.tcp_keepalive_time') },
  { name: 'sysctl-rmem', spec: sysctl('net.ipv4.tcp_rmem') },
  { name: 'windows-hostprocess', spec: good({ securityContext: { windowsOptions: { hostProcess: true } } }) },
  { name: 'host-probes', spec: probes },
  { name: 'restricted-volumes', spec: good({ volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }, { name: 'g', gitRepo: {} }] }) },
  { name: 'privilege-escalation', spec: good({}, { allowPrivilegeEscalation: true }) },
  { name: 'run-as-non-root', spec: good({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }) },
  { name: 'run-as-user-0', spec: good({}, { runAsUser: 0 }) },
  { name: 'no-seccomp', spec: good({ securityContext: { runAsNonRoot: true } }) },
  { name: 'capabilities-restricted', spec: good({}, { capabilities: { drop: ['NET_RAW'] } }) },
  { name: 'capabilities-sys-admin', spec: good({}, { capabilities: { add: ['SYS_ADMIN'] } }) },
  { name: 'init-privileged', spec: good({ initContainers: [{ name: 'i', image: 'x:1', securityContext: { privileged: true } }] }) },
  { name: 'ephemeral-sys-admin', spec: good({ ephemeralContainers: [{ name: 'dbg', image: 'x:1', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] }) },
  { name: 'windows-pod', spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'a', image: 'x:1' }] } },
  { name: 'user-namespaces', spec: { hostUsers: false, securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'a', image: 'x:1', securityContext: { runAsUser: 0, procMount: 'Unmasked', allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }] } },
  { name: 'multi-violation', spec: { hostIPC: true, containers: [{ name: 'a', image: 'x:1', securityContext: { privileged: true, capabilities: { add: ['FOO'] } } }, { name: 'b', image: 'y:1', securityContext: { runAsUser: 0 } }] } },
];
