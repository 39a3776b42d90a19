/** `bulwark admission serve|certs|manifests`: the validating/mutating admission webhook and its deployment. */
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import { parseSize, type GetConfig, type SetExitCode } from '../options.js';

/** The webhook code (TLS server, prom-client, x509) loads only when an admission command runs. */
const admission = () => import('../../admission/index.js');
type ServeOptions = Parameters<Awaited<ReturnType<typeof admission>>['startAdmissionServer']>[0];

const SERVE_EXAMPLES = `
Examples:
  bulwark admission certs --service bulwark-admission --namespace bulwark-system --out ./tls
  bulwark admission serve --port 8443 --tls-cert tls/tls.crt --tls-key tls/tls.key \\
      --pss-config pss.yaml --namespaces namespaces.yaml --policy policy.yaml
  bulwark admission serve --tls-cert /tls/tls.crt --tls-key /tls/tls.key --cluster --scan-results /reports
  bulwark admission serve --workers 4 --tls-cert tls/tls.crt --tls-key tls/tls.key --policy policy.yaml

One JSON log line per decision goes to stdout. SIGTERM drains in-flight requests (in every worker). Certificate,
policy, PodSecurityConfiguration and namespace files are re-read when they change (by every worker).
--workers N: N processes share the port, /metrics combines them. In Kubernetes scale with replicas instead;
N > 1 is for a big node or outside a cluster. See docs/admission.md.
BULWARK_ADMISSION_FAST_HTTP=0: every request through node:http (turns off the hand-parsed path for review requests).`;

interface ServeOpts {
  port: string; host?: string; tlsCert: string; tlsKey: string; pssConfig?: string; namespaces?: string; policy?: string;
  cluster?: boolean; kubeconfig?: string; context?: string; scanResults?: string; scanOnDemand?: boolean; dbDir?: string; cacheDir?: string;
  maxBody: string; drainTimeout: string; workers: string;
}

function positiveInt(text: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new BulwarkError('USAGE', `${flag} must be an integer from 0 to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

function registerServe(parent: Command, _config: GetConfig): void {
  parent.command('serve')
    .description('serve POST /validate and /mutate (AdmissionReview v1) over HTTPS, plus /healthz, /readyz, /metrics')
    .option('--port <port>', 'HTTPS port', '8443')
    .option('--host <address>', 'listen address (default: all interfaces)')
    .requiredOption('--tls-cert <file>', 'serving certificate (PEM), e.g. from `admission certs`')
    .requiredOption('--tls-key <file>', 'serving private key (PEM)')
    .option('--pss-config <file>', 'PodSecurityConfiguration (pod-security.admission.config.k8s.io/v1): defaults and exemptions')
    .option('--namespaces <file>', 'Namespace manifests whose pod-security.kubernetes.io labels apply, and Pod manifests (offline)')
    .option('--policy <file>', 'AdmissionPolicy (bulwark.dev/v1alpha1) + ValidatingAdmissionPolicy documents')
    .option('--cluster', 'read namespace labels from the cluster (informer; needs get/list/watch on namespaces)')
    .option('--kubeconfig <file>', 'with --cluster: kubeconfig (default: in-cluster, $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'with --cluster: kubeconfig context')
    .option('--scan-results <dir>', 'directory of `bulwark image -f json` reports answering the vulnerability gate')
    .option('--scan-on-demand', 'scan images without a cached result (bounded by the policy\'s scanTimeoutSeconds)')
    .option('--db-dir <dir>', 'with --scan-on-demand: directory holding bulwark.db')
    .option('--cache-dir <dir>', 'with --scan-on-demand: layer cache directory')
    .option('--max-body <size>', 'largest AdmissionReview accepted (413 above)', '8MiB')
    .option('--drain-timeout <seconds>', 'on SIGTERM, longest wait for in-flight requests', '25')
    .option('--workers <n>', 'worker processes sharing the port (node:cluster); in Kubernetes scale with replicas, N > 1 is for big nodes', '1')
    .addHelpText('after', SERVE_EXAMPLES)
    .action(async (o: ServeOpts) => {
      const port = positiveInt(o.port, '--port', 65535);
      const maxBodyBytes = parseSize(o.maxBody, '--max-body');
      const drain = positiveInt(o.drainTimeout, '--drain-timeout', 3600);
      const workers = positiveInt(o.workers, '--workers', 256);
      if (workers < 1) throw new BulwarkError('USAGE', '--workers must be at least 1');
      if (o.cluster && o.namespaces) throw new BulwarkError('USAGE', 'give either --namespaces FILE or --cluster, not both');
      if ((o.kubeconfig || o.context) && !o.cluster) throw new BulwarkError('USAGE', '--kubeconfig and --context need --cluster');
      const { startAdmissionServer, startAdmissionCluster, onDemandScanner } = await admission();
      const serve: ServeOptions = {
        port, ...(o.host ? { host: o.host } : {}), tlsCert: o.tlsCert, tlsKey: o.tlsKey,
        ...(o.pssConfig ? { pssConfig: o.pssConfig } : {}), ...(o.namespaces ? { namespaces: o.namespaces } : {}), ...(o.policy ? { policy: o.policy } : {}),
        ...(o.cluster ? { cluster: { ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}), ...(o.context ? { context: o.context } : {}) } } : {}),
        ...(o.scanResults ? { scanResults: o.scanResults } : {}),
        ...(o.scanOnDemand ? { scan: onDemandScanner({ ...(o.dbDir ? { dbDir: o.dbDir } : {}), ...(o.cacheDir ? { cacheDir: o.cacheDir } : {}) }) } : {}),
        maxBodyBytes, drainTimeoutMs: drain * 1000,
      };
      const server = workers > 1 ? await startAdmissionCluster(serve, workers) : await startAdmissionServer(serve);
      await new Promise<void>((resolve) => {
        const stop = () => { server.close().then(() => resolve(), () => resolve()); };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        // A --workers worker is also stopped by its primary.
        if ('closed' in server) void server.closed.then(() => resolve());
      });
    });
}

function registerCerts(parent: Command): void {
  parent.command('certs')
    .description('write a CA and a serving certificate for the webhook Service: DIR/ca.crt, DIR/tls.crt, DIR/tls.key')
    .requiredOption('--service <name>', 'Service name of the webhook')
    .requiredOption('--namespace <ns>', 'namespace of the Service')
    .requiredOption('--out <dir>', 'output directory')
    .option('--days <n>', 'serving certificate validity in days (the CA: ten times that)', '365')
    .addHelpText('after', `
Example:
  bulwark admission certs --service bulwark-admission --namespace bulwark-system --out ./tls
SANs: NAME, NAME.NS, NAME.NS.svc, NAME.NS.svc.cluster.local, localhost, 127.0.0.1.`)
    .action(async (o: { service: string; namespace: string; out: string; days: string }) => {
      const days = positiveInt(o.days, '--days', 3650);
      if (days < 1) throw new BulwarkError('USAGE', '--days must be at least 1');
      const { generateCerts, writeCerts } = await admission();
      const bundle = await generateCerts({ service: o.service, namespace: o.namespace, days });
      const files = writeCerts(o.out, bundle);
      process.stderr.write(`wrote ${files.join(', ')} (SANs: ${bundle.sans.join(', ')})\n`);
    });
}

function registerManifests(parent: Command): void {
  parent.command('manifests')
    .description('print the Kubernetes manifests: Deployment, PDB, Service, RBAC, policy ConfigMap, webhook configurations')
    .option('--namespace <ns>', 'namespace to install into', 'bulwark-system')
    .option('--ca <dir>', 'directory from `admission certs` (caBundle from ca.crt; TLS Secret from tls.crt/tls.key)')
    .option('--image <ref>', 'webhook image (default: ghcr.io/bulwark-security/bulwark:<version>)')
    .option('--failure-policy <policy>', 'Fail or Ignore when the webhook cannot answer', 'Fail')
    .option('--timeout-seconds <n>', 'webhook timeout (1-30)', '10')
    .addHelpText('after', `
Example:
  bulwark admission certs --service bulwark-admission --namespace bulwark-system --out ./tls
  bulwark admission manifests --namespace bulwark-system --ca ./tls | kubectl apply -f -`)
    .action(async (o: { namespace: string; ca?: string; image?: string; failurePolicy: string; timeoutSeconds: string }) => {
      if (o.failurePolicy !== 'Fail' && o.failurePolicy !== 'Ignore') throw new BulwarkError('USAGE', `--failure-policy must be Fail or Ignore, got ${JSON.stringify(o.failurePolicy)}`);
      const { renderManifests } = await admission();
      process.stdout.write(renderManifests({
        namespace: o.namespace, ...(o.ca ? { caDir: o.ca } : {}), ...(o.image ? { image: o.image } : {}), failurePolicy: o.failurePolicy,
        timeoutSeconds: positiveInt(o.timeoutSeconds, '--timeout-seconds', 30),
      }));
    });
}

export function register(program: Command, _setExitCode: SetExitCode, config: GetConfig): void {
  const cmd = program.command('admission').description('admission webhook: enforce Pod Security, Bulwark checks, CEL and image policies at deploy time');
  registerServe(cmd, config);
  registerCerts(cmd);
  registerManifests(cmd);
}
