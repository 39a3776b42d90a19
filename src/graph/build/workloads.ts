/**
 * Edges inside and out of pods: container escapes to the node, volumes and the tokens in them, shared
 * process namespaces; Secrets and ConfigMaps read through config-refs.ts. Each edge names the exact field that creates it.
 */
import { asArray, asJson, asString, type Json } from '../../k8s/index.js';
import type { GraphBuilder } from '../builder.js';
import type { EdgeType } from '../edge-types.js';
import { addConfigRefEdges } from './config-refs.js';
import { hostPathRisks, normaliseHostPath } from './host-paths.js';
import { ANY_NODE, saId, type ContainerInfo, type PodInfo } from './pods.js';

function capsAdded(c: Json): Set<string> {
  const add = asArray(asJson(asJson(asJson(c.securityContext).capabilities)).add);
  return new Set(add.map((x) => String(x).toUpperCase().replace(/^CAP_/, '')));
}

const isPrivileged = (c: Json): boolean => asJson(c.securityContext).privileged === true;

function escapeEdges(b: GraphBuilder, pod: PodInfo, c: ContainerInfo): void {
  const sc = `${c.path}.securityContext`;
  const caps = capsAdded(c.spec);
  const priv = isPrivileged(c.spec);
  const hostPID = pod.spec.hostPID === true;
  const fixPriv = { id: `privileged:${c.id.slice('container:'.length)}`, title: `drop privileged: true from ${c.id.slice('container:'.length)}`, findings: ['BW-K8S-0003'] };
  const esc = (type: EdgeType, reason: string, fix = fixPriv): void => b.edge(c.id, pod.node, type, reason, { fix });
  if (priv) {
    esc('CE_PRIV_MOUNT', `${sc}.privileged: true (host block devices can be mounted)`);
    esc('CE_MODULE_LOAD', `${sc}.privileged: true (kernel modules can be loaded)`);
    if (hostPID) esc('CE_NSENTER', `${sc}.privileged: true and ${pod.specPath}.hostPID: true (nsenter into PID 1)`);
  }
  if (!priv && caps.has('SYS_MODULE')) {
    esc('CE_MODULE_LOAD', `${sc}.capabilities.add: SYS_MODULE`, { id: `cap-sys_module:${c.id.slice(10)}`, title: `drop SYS_MODULE from ${c.id.slice(10)}`, findings: ['BW-K8S-0004'] });
  }
  if ((priv || caps.has('SYS_PTRACE')) && hostPID) {
    esc('CE_SYS_PTRACE', `${priv ? `${sc}.privileged: true` : `${sc}.capabilities.add: SYS_PTRACE`} and ${pod.specPath}.hostPID: true`,
      { id: `hostpid:${pod.id.slice(4)}`, title: `drop hostPID: true from ${pod.id.slice(4)}`, findings: ['BW-K8S-0002'] });
  }
}

interface Mount { volume: string; readOnly: boolean; mountPath: string }

function mountsOf(c: ContainerInfo): Mount[] {
  return asArray(c.spec.volumeMounts).map((m) => asJson(m)).map((m) => ({
    volume: asString(m.name) ?? '', readOnly: m.readOnly === true, mountPath: asString(m.mountPath) ?? '',
  }));
}

function hostPathEdges(b: GraphBuilder, pod: PodInfo, c: ContainerInfo, volumes: Map<string, Json>, tokenVolumes: () => readonly string[]): void {
  for (const m of mountsOf(c)) {
    const hp = asString(asJson(volumes.get(m.volume)?.hostPath).path);
    if (hp === undefined) continue;
    const path = normaliseHostPath(hp);
    const vid = `volume:${pod.namespace}/${pod.name}/${m.volume}`;
    b.node({ id: vid, kind: 'volume', name: `${pod.name}/${m.volume} (hostPath ${path})`, namespace: pod.namespace });
    b.edge(c.id, vid, 'VOLUME_DISCOVER', `${c.path}.volumeMounts: ${m.volume} at ${m.mountPath}`);
    b.edge(pod.node, vid, 'VOLUME_ACCESS', `hostPath ${path} lives on the node`);
    const fix = { id: `hostpath:${pod.namespace}/${pod.name}/${m.volume}`, title: `remove hostPath ${path} (volume ${m.volume}) from ${pod.namespace}/${pod.name}`, findings: ['BW-K8S-0005', 'BW-K8S-0110'] };
    const why = `volume ${m.volume}: hostPath ${path} mounted ${m.readOnly ? 'read-only' : 'read-write'} at ${m.mountPath}`;
    for (const risk of hostPathRisks(path)) {
      if (risk === 'runtime-socket') b.edge(c.id, pod.node, 'EXPLOIT_CONTAINERD_SOCK', `${why} (container runtime socket)`, { fix });
      if (risk === 'var-log') b.edge(c.id, pod.node, 'CE_VAR_LOG_SYMLINK', `${why} (symlinks in /var/log are followed by the kubelet)`, { fix });
      if (risk === 'core-pattern' && !m.readOnly) b.edge(c.id, pod.node, 'CE_UMH_CORE_PATTERN', `${why} (core_pattern writable)`, { fix });
      if (risk === 'sensitive') b.edge(c.id, pod.node, m.readOnly ? 'EXPLOIT_HOST_READ' : 'EXPLOIT_HOST_WRITE', why, { fix });
      if (risk === 'kubelet-pods') {
        for (const t of tokenVolumes()) b.edge(vid, t, 'EXPLOIT_HOST_TRAVERSE', `${why}: other pods' token volumes are below /var/lib/kubelet/pods`, { fix });
      }
    }
  }
}

/** The projected service-account token every container of the pod sees (kube-api-access-*). */
function tokenEdges(b: GraphBuilder, pod: PodInfo): string | undefined {
  if (!pod.tokenMounted) return undefined;
  const vid = `volume:${pod.namespace}/${pod.name}/sa-token`;
  const sa = saId(pod.namespace, pod.serviceAccount);
  b.node({ id: vid, kind: 'volume', name: `${pod.name}/service-account token`, namespace: pod.namespace });
  b.node({ id: sa, kind: 'identity', name: `ServiceAccount ${pod.namespace}/${pod.serviceAccount}`, namespace: pod.namespace });
  const fix = { id: `automount:${pod.namespace}/${pod.name}`, title: `set automountServiceAccountToken: false on ${pod.namespace}/${pod.name} (or its ServiceAccount)`, findings: ['BW-K8S-0107'] };
  const why = `${pod.specPath}.automountServiceAccountToken is not false: the token of ${pod.serviceAccount} is mounted`;
  b.edge(vid, sa, 'TOKEN_STEAL', why, { fix });
  b.edge(pod.node, vid, 'VOLUME_ACCESS', 'projected token volumes live on the node');
  for (const c of pod.containers) {
    b.edge(c.id, vid, 'VOLUME_DISCOVER', `${c.path}: token mounted at /var/run/secrets/kubernetes.io/serviceaccount`);
    b.edge(c.id, sa, 'IDENTITY_ASSUME', why, { fix });
  }
  return vid;
}

export function addWorkloadEdges(b: GraphBuilder, pods: readonly PodInfo[]): void {
  const tokens = new Map<string, string[]>();
  for (const pod of pods) {
    b.node({ id: pod.id, kind: 'pod', name: pod.name, namespace: pod.namespace });
    b.node({ id: pod.node, kind: 'node', name: pod.node === ANY_NODE ? 'any node' : pod.node.slice(5), jewel: 'node' });
    b.edge(pod.node, pod.id, 'POD_ATTACH', 'node root controls every pod on the node');
    for (const c of pod.containers) {
      b.node({ id: c.id, kind: 'container', name: `${pod.name}/${c.name}`, namespace: pod.namespace, image: c.image });
      b.edge(pod.id, c.id, 'CONTAINER_ATTACH', `${c.path} runs in the pod`);
    }
    const t = tokenEdges(b, pod);
    if (t) (tokens.get(pod.node) ?? tokens.set(pod.node, []).get(pod.node)!).push(t);
  }
  let all: string[] | undefined;
  for (const pod of pods) {
    const volumes = new Map(asArray(pod.spec.volumes).map((v) => [asString(asJson(v).name) ?? '', asJson(v)] as const));
    // A pod not pinned to a node may share one with any other pod, so its kubelet mount reaches every token.
    const reachable = (): readonly string[] => (pod.node === ANY_NODE
      ? (all ??= [...tokens.values()].flat())
      : [...(tokens.get(pod.node) ?? []), ...(tokens.get(ANY_NODE) ?? [])]);
    const shared = pod.spec.shareProcessNamespace === true;
    for (const c of pod.containers) {
      escapeEdges(b, pod, c);
      hostPathEdges(b, pod, c, volumes, reachable);
      addConfigRefEdges(b, pod, c, volumes);
      if (shared) {
        for (const other of pod.containers) {
          if (other !== c) b.edge(c.id, other.id, 'SHARE_PS_NAMESPACE', `${pod.specPath}.shareProcessNamespace: true`,
            { fix: { id: `sharepid:${pod.namespace}/${pod.name}`, title: `drop shareProcessNamespace from ${pod.namespace}/${pod.name}` } });
        }
      }
    }
  }
}
