/**
 * The smallest Kubernetes API that `kubectl apply --dry-run=client` needs: discovery (/api, /apis and one
 * resource list per group-version) so kubectl can map kinds to resources, and 404 for every object GET so
 * each object is a create. No kube-apiserver runs on this machine; the discovery documents list the real
 * resources (name, kind, namespaced, verbs) of the built-in groups our manifests use, nothing else —
 * a kind or apiVersion we mistype is therefore refused as kubectl refuses it against a real cluster.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Res { name: string; kind: string; namespaced: boolean }
const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const GROUPS: Record<string, Res[]> = {
  v1: [
    { name: 'namespaces', kind: 'Namespace', namespaced: false },
    { name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
    { name: 'services', kind: 'Service', namespaced: true },
    { name: 'secrets', kind: 'Secret', namespaced: true },
    { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
    { name: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true },
    { name: 'pods', kind: 'Pod', namespaced: true },
  ],
  'apps/v1': [
    { name: 'deployments', kind: 'Deployment', namespaced: true },
    { name: 'daemonsets', kind: 'DaemonSet', namespaced: true },
    { name: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  ],
  'policy/v1': [{ name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true }],
  'networking.k8s.io/v1': [{ name: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true }, { name: 'ingresses', kind: 'Ingress', namespaced: true }],
  'rbac.authorization.k8s.io/v1': [
    { name: 'roles', kind: 'Role', namespaced: true }, { name: 'rolebindings', kind: 'RoleBinding', namespaced: true },
    { name: 'clusterroles', kind: 'ClusterRole', namespaced: false }, { name: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  ],
  'autoscaling/v2': [{ name: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true }],
  'admissionregistration.k8s.io/v1': [
    { name: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', namespaced: false },
    { name: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', namespaced: false },
  ],
};

function resourceList(gv: string) {
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv,
    resources: GROUPS[gv].map((r) => ({ name: r.name, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: VERBS })) };
}

function groupList() {
  const groups = Object.keys(GROUPS).filter((gv) => gv.includes('/')).map((gv) => {
    const [name, version] = gv.split('/');
    const v = { groupVersion: gv, version };
    return { name, versions: [v], preferredVersion: v };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export interface ApiStub { url: string; requests: string[]; close(): Promise<void> }

export async function startApiStub(): Promise<ApiStub> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(`${req.method} ${path}`);
    const send = (code: number, body: unknown) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (path === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (path === '/apis') return send(200, groupList());
    if (path === '/api/v1') return send(200, resourceList('v1'));
    const gv = /^\/apis\/([^/]+\/[^/]+)$/.exec(path);
    if (gv && GROUPS[gv[1]]) return send(200, resourceList(gv[1]));
    if (req.method === 'GET' && (path.startsWith('/api/') || path.startsWith('/apis/'))) {
      return send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
    }
    // Anything else (a write) must never arrive from a client-side dry run.
    send(405, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'MethodNotAllowed', code: 405, message: `${req.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
