/**
 * Live cluster → objects, read-only: LIST with `limit`/`continue` pagination for each resource the checks use.
 * A 403 on one resource is recorded (per-resource message, "not evaluated" for dependent checks), never a silent pass.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
// Type-only at module load: the client library costs ~1 s of CPU to import, so only --cluster loads it.
import type { KubeConfig } from '@kubernetes/client-node';
import { BulwarkError, type Logger, silentLogger } from '../../core/index.js';
import { asArray, asJson, asString, toK8sObject, type K8sObject } from '../model/object.js';

export interface ClusterOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  pageSize?: number;
  logger?: Logger;
}

export interface ClusterResult {
  objects: K8sObject[];
  /** Kind → why it could not be listed. */
  unreadable: Map<string, string>;
  server: string;
  context: string;
}

interface ResourceDef { kind: string; group: string; version: string; plural: string; namespaced: boolean }

const R = (kind: string, group: string, version: string, plural: string, namespaced = true): ResourceDef => ({ kind, group, version, plural, namespaced });

export const CLUSTER_RESOURCES: ResourceDef[] = [
  R('Namespace', '', 'v1', 'namespaces', false), R('Node', '', 'v1', 'nodes', false),
  R('Pod', '', 'v1', 'pods'), R('ServiceAccount', '', 'v1', 'serviceaccounts'), R('Service', '', 'v1', 'services'),
  R('ReplicationController', '', 'v1', 'replicationcontrollers'), R('PodTemplate', '', 'v1', 'podtemplates'),
  R('Deployment', 'apps', 'v1', 'deployments'), R('ReplicaSet', 'apps', 'v1', 'replicasets'),
  R('StatefulSet', 'apps', 'v1', 'statefulsets'), R('DaemonSet', 'apps', 'v1', 'daemonsets'),
  R('Job', 'batch', 'v1', 'jobs'), R('CronJob', 'batch', 'v1', 'cronjobs'),
  R('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies'), R('Ingress', 'networking.k8s.io', 'v1', 'ingresses'),
  R('Role', 'rbac.authorization.k8s.io', 'v1', 'roles'), R('RoleBinding', 'rbac.authorization.k8s.io', 'v1', 'rolebindings'),
  R('ClusterRole', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', false),
  R('ClusterRoleBinding', 'rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', false),
];

function pathOf(r: ResourceDef, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

interface HttpResponse { status: number; body: string }

async function get(kc: KubeConfig, server: string, path: string): Promise<HttpResponse> {
  const url = new URL(server.replace(/\/$/, '') + path);
  const opts: RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { ...opts, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out after 30 s')));
    req.on('error', reject);
    req.end();
  });
}

function statusMessage(body: string): string {
  try {
    return asString(asJson(JSON.parse(body)).message) ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

export async function loadKubeConfig(opts: ClusterOptions): Promise<KubeConfig> {
  const { KubeConfig: KubeConfigClass } = await import('@kubernetes/client-node');
  const kc = new KubeConfigClass();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new BulwarkError('CONFIG_INVALID', `cannot read kubeconfig: ${(err as Error).message}`, { cause: err });
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw new BulwarkError('USAGE', `no context "${opts.context}" in the kubeconfig`);
    kc.setCurrentContext(opts.context);
  }
  return kc;
}

async function listAll(kc: KubeConfig, server: string, r: ResourceDef, namespace: string | undefined, pageSize: number): Promise<K8sObject[] | { status: number; message: string }> {
  const out: K8sObject[] = [];
  let cont = '';
  for (let page = 0; page < 100_000; page++) {
    const q = `?limit=${pageSize}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
    const res = await get(kc, server, pathOf(r, namespace) + q);
    if (res.status !== 200) return { status: res.status, message: statusMessage(res.body) };
    const list = asJson(JSON.parse(res.body));
    const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
    asArray(list.items).forEach((item, i) => {
      const raw = { apiVersion, kind: r.kind, ...asJson(item) };
      const obj = toK8sObject(raw, { file: 'cluster', doc: page, prefix: `items[${i}]` });
      if (typeof obj !== 'string') out.push(obj);
    });
    cont = asString(asJson(list.metadata).continue) ?? '';
    if (!cont) break;
  }
  return out;
}

/** With --namespace, GET that one Namespace (namespace-scoped credentials rarely may list all of them). */
async function getNamespace(kc: KubeConfig, server: string, name: string): Promise<K8sObject[] | { status: number; message: string }> {
  const res = await get(kc, server, `/api/v1/namespaces/${encodeURIComponent(name)}`);
  if (res.status !== 200) return { status: res.status, message: statusMessage(res.body) };
  const obj = toK8sObject({ apiVersion: 'v1', kind: 'Namespace', ...asJson(JSON.parse(res.body)) }, { file: 'cluster', doc: 0, prefix: '' });
  return typeof obj === 'string' ? [] : [obj];
}

export async function loadCluster(opts: ClusterOptions = {}): Promise<ClusterResult> {
  const kc = await loadKubeConfig(opts);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new BulwarkError('CONFIG_INVALID', 'the kubeconfig has no current cluster');
  const logger = opts.logger ?? silentLogger;
  const result: ClusterResult = { objects: [], unreadable: new Map(), server: cluster.server, context: kc.getCurrentContext() };
  for (const r of CLUSTER_RESOURCES) {
    let listed;
    try {
      listed = opts.namespace && r.kind === 'Namespace'
        ? await getNamespace(kc, cluster.server, opts.namespace)
        : await listAll(kc, cluster.server, r, opts.namespace, opts.pageSize ?? 500);
    } catch (err) {
      throw new BulwarkError('INPUT_NOT_FOUND', `cannot reach the API server ${cluster.server}: ${(err as Error).message}`, { cause: err });
    }
    if (Array.isArray(listed)) {
      for (const o of listed) result.objects.push(o);
      continue;
    }
    const scope = r.namespaced && opts.namespace ? ` in namespace ${opts.namespace}` : '';
    const why = listed.status === 403
      ? `cannot list ${r.plural}${scope}: forbidden by RBAC (${listed.message})`
      : `cannot list ${r.plural}${scope}: HTTP ${listed.status} (${listed.message})`;
    if (listed.status === 401) throw new BulwarkError('AUTH_FAILED', `the API server rejected the credentials: ${listed.message}`);
    if (listed.status === 404 && r.kind !== 'Namespace') { logger.debug(`${r.plural} not served by this cluster`); continue; }
    result.unreadable.set(r.kind, why);
    logger.warn(why);
  }
  return result;
}
