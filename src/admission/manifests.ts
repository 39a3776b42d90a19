/**
 * `admission manifests`: everything a cluster needs to run the webhook — Namespace, ServiceAccount + RBAC
 * (namespaces: get/list/watch for the informer), policy ConfigMap, TLS Secret, Deployment (2 replicas, restricted
 * securityContext, probes), PodDisruptionBudget, Service, and the Validating/MutatingWebhookConfigurations.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { BulwarkError, TOOL_VERSION } from '../core/index.js';

interface ManifestOptions {
  namespace: string;
  /** Directory written by `admission certs` (ca.crt, and tls.crt/tls.key for the Secret). */
  caDir?: string;
  image?: string;
  failurePolicy?: 'Fail' | 'Ignore';
  timeoutSeconds?: number;
  service?: string;
}

const NAME = 'bulwark-admission';
const LABELS = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/part-of': 'bulwark' };

const DEFAULT_POLICY = `apiVersion: bulwark.dev/v1alpha1
kind: AdmissionPolicy
metadata:
  name: default
spec:
  checks:
    default: warn
  images:
    disallowLatest: true
    digest: mutate
    action: warn
    failureAction: warn
`;

const DEFAULT_PSS = `apiVersion: pod-security.admission.config.k8s.io/v1
kind: PodSecurityConfiguration
defaults:
  enforce: baseline
  enforce-version: latest
  audit: restricted
  audit-version: latest
  warn: restricted
  warn-version: latest
exemptions:
  usernames: []
  runtimeClasses: []
  namespaces: []
`;

function read(dir: string, file: string): string | undefined {
  const p = join(dir, file);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}

/** The manifests as one multi-document YAML stream. */
export function renderManifests(o: ManifestOptions): string {
  const ns = o.namespace;
  const svc = o.service ?? NAME;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) throw new BulwarkError('USAGE', `--namespace must be a DNS label, got ${JSON.stringify(ns)}`);
  const timeoutSeconds = o.timeoutSeconds ?? 10;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 30) throw new BulwarkError('USAGE', '--timeout-seconds must be an integer from 1 to 30 (the API server caps webhooks at 30 s)');
  let caBundle: string | undefined;
  let tls: { crt: string; key: string } | undefined;
  if (o.caDir) {
    const ca = read(o.caDir, 'ca.crt');
    if (!ca) throw new BulwarkError('INPUT_NOT_FOUND', `--ca ${o.caDir}: no ca.crt (run bulwark admission certs --out ${o.caDir})`);
    caBundle = Buffer.from(ca).toString('base64');
    const crt = read(o.caDir, 'tls.crt');
    const key = read(o.caDir, 'tls.key');
    if (crt && key) tls = { crt, key };
  }
  const meta = (name: string, namespaced = true) => ({ name, ...(namespaced ? { namespace: ns } : {}), labels: LABELS });
  const podSecurity = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' };
  const docs: unknown[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...LABELS, ...podSecurity } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NAME) },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(NAME, false), rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }, { apiGroups: [''], resources: ['pods'], verbs: ['list'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta(NAME, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME }, subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${NAME}-policy`), data: { 'policy.yaml': DEFAULT_POLICY, 'pss-config.yaml': DEFAULT_PSS } },
  ];
  if (tls) docs.push({ apiVersion: 'v1', kind: 'Secret', metadata: meta(`${NAME}-tls`), type: 'kubernetes.io/tls', stringData: { 'tls.crt': tls.crt, 'tls.key': tls.key } });
  const probe = (path: string) => ({ httpGet: { path, port: 'https', scheme: 'HTTPS' }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
  docs.push(
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(NAME),
      spec: {
        replicas: 2, selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: LABELS },
          spec: {
            serviceAccountName: NAME,
            securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
            terminationGracePeriodSeconds: 30,
            topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: LABELS } }],
            containers: [{
              name: 'webhook', image: o.image ?? `ghcr.io/bulwark-security/bulwark:${TOOL_VERSION}`, imagePullPolicy: 'IfNotPresent',
              args: ['admission', 'serve', '--port', '8443', '--tls-cert', '/tls/tls.crt', '--tls-key', '/tls/tls.key', '--cluster',
                '--policy', '/config/policy.yaml', '--pss-config', '/config/pss-config.yaml'],
              ports: [{ name: 'https', containerPort: 8443 }],
              readinessProbe: probe('/readyz'), livenessProbe: probe('/healthz'),
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'tls', mountPath: '/tls', readOnly: true }, { name: 'config', mountPath: '/config', readOnly: true }],
            }],
            volumes: [{ name: 'tls', secret: { secretName: `${NAME}-tls` } }, { name: 'config', configMap: { name: `${NAME}-policy` } }],
          },
        },
      },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(NAME), spec: { minAvailable: 1, selector: { matchLabels: LABELS } } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta(svc), spec: { selector: LABELS, ports: [{ name: 'https', port: 443, targetPort: 'https' }] } },
  );
  const namespaceSelector = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [ns, 'kube-system'] }] };
  const podRules = [
    { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers', 'podtemplates'], scope: 'Namespaced' },
    { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], scope: 'Namespaced' },
    { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'], scope: 'Namespaced' },
  ];
  const hook = (name: string, path: string, rules: unknown[]) => ({
    name, admissionReviewVersions: ['v1'], sideEffects: 'None', timeoutSeconds, failurePolicy: o.failurePolicy ?? 'Fail', matchPolicy: 'Equivalent',
    namespaceSelector, rules,
    clientConfig: { service: { name: svc, namespace: ns, path, port: 443 }, ...(caBundle ? { caBundle } : {}) },
  });
  docs.push(
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: NAME, labels: LABELS },
      webhooks: [
        hook('validate.admission.bulwark.dev', '/validate', podRules),
        // Namespace label changes are validated as PodSecurity does (invalid levels/versions rejected).
        { ...hook('namespaces.admission.bulwark.dev', '/validate', [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['namespaces'], scope: 'Cluster' }]) },
      ],
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: NAME, labels: LABELS },
      webhooks: [{ ...hook('mutate.admission.bulwark.dev', '/mutate', podRules), reinvocationPolicy: 'IfNeeded' }],
    },
  );
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}
