/** Fields of Kubernetes audit events (the k8saudit and json plugins' ka.* and jevt.*). */
import type { K8sAuditEvent } from '../event.js';
import { audit, type FieldDef, type FieldValue } from './field-def.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * Pointers come from rule files, so there are few of them; each is split once. The default audit rules
 * read `jevt.value[/stage]` in a macro every rule uses: splitting per access was a quarter of evaluation.
 */
const POINTERS = new Map<string, readonly string[]>();
function pointerKeys(ptr: string): readonly string[] {
  let keys = POINTERS.get(ptr);
  if (!keys) {
    keys = ptr.replace(/^\//, '').split('/').map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
    POINTERS.set(ptr, keys);
  }
  return keys;
}

/** RFC 6901 pointer into the event (`/requestObject/spec/tls`). */
function jsonPointer(root: unknown, ptr: string): unknown {
  if (ptr === '' || ptr === '/') return root;
  let cur: unknown = root;
  for (const key of pointerKeys(ptr)) {
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (obj(cur)) cur = (cur as Obj)[key];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

const req = (a: K8sAuditEvent): Obj | undefined => obj(a.requestObject);
/** The pod spec of a create (Pod) or of a workload template (Deployment, …). */
const podSpec = (a: K8sAuditEvent): Obj | undefined => {
  const r = req(a);
  const spec = obj(r?.spec);
  return obj(obj(spec?.template)?.spec) ?? spec;
};
const containers = (a: K8sAuditEvent, kind: 'containers' | 'initContainers' | 'ephemeralContainers'): Obj[] => {
  // the ephemeralcontainers subresource sends the Pod with spec.ephemeralContainers
  return arr(podSpec(a)?.[kind]).map(obj).filter((c): c is Obj => Boolean(c));
};
/** `nginx:1.25`, `docker.io/library/nginx@sha256:…` → `nginx`, `docker.io/library/nginx` (the plugin's repository). */
function imageRepository(image: string): string {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}
const list = (xs: unknown[]): readonly string[] => xs.map((x) => str(x) ?? '');
const privileged = (c: Obj): string => String(obj(c.securityContext)?.privileged === true);
const bool = (v: unknown): readonly string[] | undefined => (v === undefined ? ['false'] : [String(v === true)]);
const annotation = (a: K8sAuditEvent, k: string): string | undefined => a.annotations?.[k];
const time = (a: K8sAuditEvent): number | undefined => {
  const t = a.stageTimestamp ?? a.requestReceivedTimestamp;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? undefined : ms * 1e6;
};
const roleRules = (a: K8sAuditEvent): Obj[] => arr(req(a)?.rules).map(obj).filter((r): r is Obj => Boolean(r));

const perContainer = (kind: 'containers' | 'initContainers' | 'ephemeralContainers'): FieldDef[] => [
  audit(`ka.req.pod.${kind}.image`, 'list', (e) => list(containers(e.audit, kind).map((c) => c.image))),
  audit(`ka.req.pod.${kind}.image.repository`, 'list', (e) => list(containers(e.audit, kind).map((c) => imageRepository(str(c.image) ?? '')))),
  audit(`ka.req.pod.${kind}.privileged`, 'list', (e) => containers(e.audit, kind).map(privileged)),
  audit(`ka.req.pod.${kind}.add_capabilities`, 'list', (e) => list(containers(e.audit, kind).flatMap((c) => arr(obj(obj(c.securityContext)?.capabilities)?.add)))),
  audit(`ka.req.pod.${kind}.host_port`, 'list', (e) => list(containers(e.audit, kind).flatMap((c) => arr(c.ports).map((p) => obj(p)?.hostPort).filter((x) => x !== undefined)))),
  audit(`ka.req.pod.${kind}.allow_privilege_escalation`, 'list', (e) => containers(e.audit, kind).map((c) => String(obj(c.securityContext)?.allowPrivilegeEscalation === true))),
  audit(`ka.req.pod.${kind}.read_only_fs`, 'list', (e) => containers(e.audit, kind).map((c) => String(obj(c.securityContext)?.readOnlyRootFilesystem === true))),
];

export const auditFields: FieldDef[] = [
  audit('jevt.time', 'string', (e) => e.audit.stageTimestamp ?? e.audit.requestReceivedTimestamp),
  audit('jevt.rawtime', 'number', (e) => time(e.audit) ?? e.time),
  audit('jevt.obj', 'string', (e) => JSON.stringify(e.audit)),
  audit('jevt.value', 'string', (e, p) => str(jsonPointer(e.audit, p ?? '')), { arg: 'required' }),
  audit('ka.auditid', 'string', (e) => e.audit.auditID),
  audit('ka.stage', 'string', (e) => e.audit.stage),
  audit('ka.auth.decision', 'string', (e) => annotation(e.audit, 'authorization.k8s.io/decision')),
  audit('ka.auth.reason', 'string', (e) => annotation(e.audit, 'authorization.k8s.io/reason')),
  audit('ka.auth.openshift.decision', 'string', (e) => annotation(e.audit, 'authorization.openshift.io/decision')),
  audit('ka.user.name', 'string', (e) => e.audit.user?.username),
  audit('ka.user.groups', 'list', (e) => e.audit.user?.groups ?? []),
  audit('ka.impuser.name', 'string', (e) => str(obj(e.audit.impersonatedUser)?.username)),
  audit('ka.verb', 'string', (e) => e.audit.verb),
  audit('ka.uri', 'string', (e) => e.audit.requestURI),
  audit('ka.uri.param', 'string', (e, k) => {
    const uri = e.audit.requestURI;
    if (!uri || k === undefined) return undefined;
    const q = uri.indexOf('?');
    if (q < 0) return undefined;
    const all = new URLSearchParams(uri.slice(q + 1)).getAll(k);
    return all.length ? all.join(' ') : undefined;
  }, { arg: 'required' }),
  audit('ka.target.name', 'string', (e) => e.audit.objectRef?.name),
  audit('ka.target.namespace', 'string', (e) => e.audit.objectRef?.namespace),
  audit('ka.target.resource', 'string', (e) => e.audit.objectRef?.resource),
  audit('ka.target.subresource', 'string', (e) => e.audit.objectRef?.subresource || undefined),
  audit('ka.useragent', 'string', (e) => str(e.audit.userAgent)),
  audit('ka.sourceips', 'list', (e) => list(arr(e.audit.sourceIPs))),
  audit('ka.req.binding.subjects', 'list', (e) => list(arr(req(e.audit)?.subjects).map((s) => obj(s)?.name))),
  audit('ka.req.binding.role', 'string', (e) => str(obj(req(e.audit)?.roleRef)?.name)),
  audit('ka.req.configmap.name', 'string', (e) => str(obj(req(e.audit)?.metadata)?.name)),
  audit('ka.req.configmap.obj', 'string', (e) => str(req(e.audit)?.data)),
  audit('ka.req.pod.host_ipc', 'list', (e) => bool(podSpec(e.audit)?.hostIPC)),
  audit('ka.req.pod.host_network', 'list', (e) => bool(podSpec(e.audit)?.hostNetwork)),
  audit('ka.req.pod.host_pid', 'list', (e) => bool(podSpec(e.audit)?.hostPID)),
  audit('ka.req.pod.volumes.hostpath', 'list', (e) => list(arr(podSpec(e.audit)?.volumes).map((v) => obj(obj(v)?.hostPath)?.path).filter((x) => x !== undefined))),
  audit('ka.req.pod.volumes.volume_type', 'list', (e) => list(arr(podSpec(e.audit)?.volumes).flatMap((v) => Object.keys(obj(v) ?? {}).filter((k) => k !== 'name')))),
  audit('ka.req.pod.service_account', 'string', (e) => str(podSpec(e.audit)?.serviceAccountName)),
  ...perContainer('containers'),
  ...perContainer('initContainers'),
  ...perContainer('ephemeralContainers'),
  // the deprecated singular forms still appear in older rule files
  audit('ka.req.container.image', 'string', (e) => str(containers(e.audit, 'containers')[0]?.image)),
  audit('ka.req.container.image.repository', 'string', (e) => { const i = str(containers(e.audit, 'containers')[0]?.image); return i === undefined ? undefined : imageRepository(i); }),
  audit('ka.req.container.privileged', 'list', (e) => containers(e.audit, 'containers').map(privileged)),
  audit('ka.req.role.rules', 'list', (e) => roleRules(e.audit).map((r) => JSON.stringify(r))),
  audit('ka.req.role.rules.verbs', 'list', (e) => list(roleRules(e.audit).flatMap((r) => arr(r.verbs)))),
  audit('ka.req.role.rules.resources', 'list', (e) => list(roleRules(e.audit).flatMap((r) => arr(r.resources)))),
  audit('ka.req.role.rules.apiGroups', 'list', (e) => list(roleRules(e.audit).flatMap((r) => arr(r.apiGroups)))),
  audit('ka.req.service.type', 'string', (e) => str(obj(req(e.audit)?.spec)?.type)),
  audit('ka.req.service.ports', 'list', (e) => list(arr(obj(req(e.audit)?.spec)?.ports))),
  audit('ka.resp.name', 'string', (e) => str(obj(obj(e.audit.responseObject)?.metadata)?.name)),
  audit('ka.response.code', 'string', (e) => (e.audit.responseStatus?.code === undefined ? undefined : String(e.audit.responseStatus.code))),
  audit('ka.response.reason', 'string', (e) => str(obj(e.audit.responseStatus)?.reason)),
];

/** Exported for the output renderer: a list value prints as Falco prints it, `(a,b)`. */
export function fieldText(v: FieldValue): string | null {
  if (v === undefined) return null;
  if (Array.isArray(v)) return `(${v.join(',')})`;
  return String(v);
}
