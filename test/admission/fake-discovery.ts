/**
 * A discovery-only API server for `kubectl apply --dry-run=client` offline: kubectl needs the REST mapping
 * (/api, /apis, group versions) and GETs each object (404 → "created (dry run)"). It has no OpenAPI document,
 * so kubectl runs with --validate=false against it; the tests check the manifests' structure themselves.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const r = (name: string, kind: string, namespaced = true) => ({ name, singularName: kind.toLowerCase(), namespaced, kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] });

const GROUPS: Record<string, ReturnType<typeof r>[]> = {
  v1: [r('namespaces', 'Namespace', false), r('serviceaccounts', 'ServiceAccount'), r('configmaps', 'ConfigMap'), r('secrets', 'Secret'), r('services', 'Service'), r('pods', 'Pod')],
  'apps/v1': [r('deployments', 'Deployment'), r('replicasets', 'ReplicaSet'), r('statefulsets', 'StatefulSet'), r('daemonsets', 'DaemonSet')],
  'rbac.authorization.k8s.io/v1': [r('clusterroles', 'ClusterRole', false), r('clusterrolebindings', 'ClusterRoleBinding', false), r('roles', 'Role'), r('rolebindings', 'RoleBinding')],
  'policy/v1': [r('poddisruptionbudgets', 'PodDisruptionBudget')],
  'admissionregistration.k8s.io/v1': [r('validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false), r('mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false)],
};

export async function fakeDiscovery(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(`${req.method} ${path}`);
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/version') return json(200, { major: '1', minor: '32', gitVersion: 'v1.32.0' });
    if (path === '/api') return json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
    if (path === '/apis') {
      const groups = Object.keys(GROUPS).filter((g) => g.includes('/')).map((gv) => {
        const [name, version] = gv.split('/') as [string, string];
        return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
      });
      return json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
    }
    const gv = path === '/api/v1' ? 'v1' : path.startsWith('/apis/') && path.split('/').length === 4 ? path.slice(6) : undefined;
    if (gv && GROUPS[gv]) return json(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: GROUPS[gv] });
    return json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
