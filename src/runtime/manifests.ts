/**
 * `bulwark runtime manifests`: the sensor as a DaemonSet (one pod per node) with the least privilege bpftrace
 * can run with, each right explained where it is granted — plus its ServiceAccount, the read-only RBAC that
 * pod attribution needs, and a ConfigMap holding the user's rules (the bundled ones ship in the image).
 */
import { basename } from 'node:path';
import { stringify } from 'yaml';
import { BulwarkError, TOOL_VERSION } from '../core/index.js';
import type { RuleFile } from './rules/loader.js';

export type SensorPrivileges = 'capabilities' | 'privileged';

interface RuntimeManifestOptions {
  namespace: string;
  image?: string;
  privileges: SensorPrivileges;
  /** Rule files for the ConfigMap (mounted at /etc/bulwark/rules, loaded after the bundled ones). */
  rules: RuleFile[];
  /** Where alerts go besides stdout (a Bulwark server URL; the token comes from a Secret). */
  server?: string;
  cluster?: string;
}

const NAME = 'bulwark-runtime';
const LABELS = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/component': 'runtime', 'app.kubernetes.io/part-of': 'bulwark' };
const RULES_DIR = '/etc/bulwark/rules';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const SENSOR_CAPS = ['BPF', 'PERFMON', 'SYS_RESOURCE', 'SYS_PTRACE', 'DAC_READ_SEARCH', 'SYS_ADMIN'];

/** Why each right is granted: printed above the DaemonSet and in docs/runtime.md. */
const WHY: Record<string, string> = {
  hostPID: 'hostPID: /proc shows every process of the node, so a kernel event maps to its container (/proc/PID/cgroup), its ancestry and argv, and drift reads the executed file through /proc/PID/root',
  BPF: 'CAP_BPF: bpf(2) — load the tracing programs and create their maps (kernel >= 5.8)',
  PERFMON: 'CAP_PERFMON: perf_event_open(2) to attach to syscall tracepoints, and reading kernel memory from BPF (kernel >= 5.8)',
  SYS_RESOURCE: 'CAP_SYS_RESOURCE: raise RLIMIT_MEMLOCK for BPF maps (kernels < 5.11 charge them to memlock, not the memory cgroup)',
  SYS_PTRACE: 'CAP_SYS_PTRACE: read /proc/PID/{exe,cwd,root,environ} of other users\' processes (ptrace access checks)',
  DAC_READ_SEARCH: 'CAP_DAC_READ_SEARCH: hash executables that are not world-readable for drift (/proc/PID/root/...)',
  SYS_ADMIN: 'CAP_SYS_ADMIN: bpftrace finds the kernel\'s BTF types (curtask, struct sockaddr) by walking BPF objects (BPF_BTF_GET_NEXT_ID), which the kernel allows only with CAP_SYS_ADMIN (tested: bpftrace 0.17 on 6.x fails with "Unknown struct" without it); it also covers kernels < 5.8 (no CAP_BPF/CAP_PERFMON) and runtime seccomp profiles that allow bpf(2)/perf_event_open(2) only to CAP_SYS_ADMIN',
  privileged: 'privileged (--privileges privileged): last resort for nodes where lockdown, an LSM or an old runtime refuses the capabilities above; every device and capability, no seccomp',
  tracefs: '/sys/kernel/tracing (tracefs, read-only): bpftrace reads tracepoint ids and formats; it never writes there',
  debugfs: '/sys/kernel/debug (read-only): kernels that expose tracing only as debugfs/tracing',
  cgroup: '/sys/fs/cgroup (read-only): the node\'s cgroup tree, so a cgroup id from the kernel resolves to a container after the process is gone (the container\'s own view is namespaced)',
  root: 'runAsUser 0: bpftrace refuses to run as another user; the capabilities below are all that root keeps (drop ALL first)',
};

export function runtimeManifests(o: RuntimeManifestOptions): string {
  if (!DNS_LABEL.test(o.namespace)) throw new BulwarkError('USAGE', `--namespace must be a DNS label (lowercase letters, digits, -), got "${o.namespace}"`);
  if (o.image !== undefined && (!o.image || /\s/.test(o.image))) throw new BulwarkError('USAGE', `--image must be an image reference, got "${o.image}"`);
  const image = o.image ?? `ghcr.io/bulwark-security/bulwark:${TOOL_VERSION}`;
  const ns = o.namespace;
  const ruleKeys = o.rules.map((r, i) => `${String(i).padStart(2, '0')}-${basename(r.path).replace(/[^-._a-zA-Z0-9]/g, '_')}`);
  const docs: Array<{ why?: string[]; obj: unknown }> = [
    { why: ['The sensor needs kernel tracing rights that Pod Security "baseline" and "restricted" forbid, so it gets a namespace', 'labelled privileged (as Falco and Tetragon do). Nothing else should run in it.'],
      obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...LABELS, 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged', 'pod-security.kubernetes.io/audit': 'privileged' } } } },
    { obj: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: NAME, namespace: ns, labels: LABELS } } },
    { why: ['Attribution (container id -> pod, namespace, labels): list/watch the pods of the sensor\'s node and read namespaces. Read-only.'],
      obj: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: NAME, labels: LABELS }, rules: [{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }] } },
    { obj: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: NAME, labels: LABELS }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME }, subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }] } },
    { why: [`Rules loaded after the bundled Falco rules (append/override them here); mounted at ${RULES_DIR}.`],
      obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${NAME}-rules`, namespace: ns, labels: LABELS }, data: Object.fromEntries(o.rules.map((r, i) => [ruleKeys[i], r.text])) } },
    { why: privilegeNotes(o.privileges), obj: daemonSet(o, image, ruleKeys) },
  ];
  return docs.map((d) => `${(d.why ?? []).map((l) => `# ${l}\n`).join('')}${stringify(d.obj, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('---\n');
}

function privilegeNotes(p: SensorPrivileges): string[] {
  const caps = p === 'privileged' ? ['privileged'] : SENSOR_CAPS;
  return ['The runtime sensor: one pod per node. What it is granted and why:', ...['hostPID', 'root', ...caps, 'tracefs', 'debugfs', 'cgroup'].map((k) => `- ${WHY[k]}`),
    'Not granted: hostNetwork, hostIPC, host root filesystem, writable host paths, privilege escalation.'];
}

function securityContext(p: SensorPrivileges): Record<string, unknown> {
  if (p === 'privileged') return { privileged: true, runAsUser: 0, readOnlyRootFilesystem: true, seccompProfile: { type: 'Unconfined' } };
  return {
    privileged: false, allowPrivilegeEscalation: false, runAsUser: 0, runAsNonRoot: false, readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'], add: SENSOR_CAPS },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

function daemonSet(o: RuntimeManifestOptions, image: string, ruleKeys: string[]): unknown {
  const hostPath = (name: string, path: string) => ({ name, hostPath: { path, type: 'Directory' } });
  const args = ['runtime', 'watch', '--source', 'ebpf', '--output', 'json', '--metrics-addr', '0.0.0.0:9464',
    ...(ruleKeys.length ? ['--rules', 'default', ...ruleKeys.flatMap((k) => ['--rules', `${RULES_DIR}/${k}`])] : []),
    ...(o.server ? ['--server', o.server, '--cluster', o.cluster ?? 'default'] : [])];
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: NAME, namespace: o.namespace, labels: LABELS },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': NAME } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels: LABELS },
        spec: {
          serviceAccountName: NAME, automountServiceAccountToken: true, hostPID: true, hostNetwork: false, hostIPC: false,
          priorityClassName: 'system-node-critical', tolerations: [{ operator: 'Exists' }], terminationGracePeriodSeconds: 30,
          containers: [{
            name: 'sensor', image, imagePullPolicy: 'IfNotPresent', args,
            env: [
              // attribution asks the API for the pods of this node only (fieldSelector spec.nodeName)
              { name: 'BULWARK_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              ...(o.server ? [{ name: 'BULWARK_SERVER_TOKEN', valueFrom: { secretKeyRef: { name: `${NAME}-token`, key: 'token' } } }] : []),
            ],
            ports: [{ name: 'metrics', containerPort: 9464, protocol: 'TCP' }],
            readinessProbe: { httpGet: { path: '/metrics', port: 'metrics' }, periodSeconds: 15, timeoutSeconds: 5 },
            resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
            securityContext: securityContext(o.privileges),
            volumeMounts: [
              { name: 'tracefs', mountPath: '/sys/kernel/tracing', readOnly: true },
              { name: 'debugfs', mountPath: '/sys/kernel/debug', readOnly: true },
              { name: 'cgroup', mountPath: '/sys/fs/cgroup', readOnly: true },
              { name: 'rules', mountPath: RULES_DIR, readOnly: true },
              { name: 'tmp', mountPath: '/tmp' },
            ],
          }],
          volumes: [
            hostPath('tracefs', '/sys/kernel/tracing'), hostPath('debugfs', '/sys/kernel/debug'), hostPath('cgroup', '/sys/fs/cgroup'),
            { name: 'rules', configMap: { name: `${NAME}-rules` } },
            { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
          ],
        },
      },
    },
  };
}
