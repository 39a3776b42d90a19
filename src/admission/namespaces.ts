/**
 * Where namespace labels (and, for ValidateNamespace, the pods already running in a namespace) come from: Namespace
 * and Pod manifests (`--namespaces FILE`), a live cluster (`--cluster`: a namespace informer through
 * @kubernetes/client-node, cached, a cache miss reads the namespace once; pods are LISTed when a namespace's
 * enforce level tightens, as upstream's webhook does with PodListerFromClient), or nothing (every namespace has no
 * labels, so the PodSecurityConfiguration defaults apply, and no pods are known).
 */
import { BulwarkError } from '../core/index.js';
import { parseManifests } from '../scan/index.js';
import type { NamespaceGetter, NamespaceInfo, PodLister, RawPod } from './psa.js';

export interface NamespaceSource {
  get: NamespaceGetter;
  /** The pods of a namespace (ValidateNamespace's dry run of a tightened enforce level). */
  pods: PodLister;
  /** False until the informer's first LIST arrived (readiness). */
  ready(): boolean;
  close(): void;
}

const NO_LABELS: NamespaceInfo = Object.freeze({ labels: Object.freeze({}) as Record<string, string> });

/** What `--namespaces FILE` holds: namespace labels by name, and the Pods in it by namespace. */
interface NamespaceFile { namespaces: Map<string, NamespaceInfo>; pods: Map<string, RawPod[]> }

export function staticNamespaces(file: NamespaceFile = { namespaces: new Map(), pods: new Map() }): NamespaceSource & { replace(f: NamespaceFile): void } {
  let current = file;
  return {
    get: (name) => current.namespaces.get(name) ?? NO_LABELS,
    pods: (namespace) => Promise.resolve(current.pods.get(namespace) ?? []),
    ready: () => true,
    close: () => undefined,
    replace(f) { current = f; },
  };
}

/**
 * Namespace and Pod manifests (e.g. `kubectl get ns,pods -A -o yaml`) → labels by name and pods by namespace (a
 * Pod without metadata.namespace is in `default`, as kubectl would create it); any other kind is ignored.
 */
export function parseNamespaceFile(text: string, file: string): NamespaceFile {
  const parsed = parseManifests(text, file);
  if (parsed.errors.length) throw new BulwarkError('CONFIG_INVALID', parsed.errors[0]!);
  const out: NamespaceFile = { namespaces: new Map(), pods: new Map() };
  for (const o of parsed.objects) {
    if (o.kind === 'Namespace') out.namespaces.set(o.metadata.name, { labels: { ...o.metadata.labels } });
    else if (o.kind === 'Pod') {
      const ns = o.metadata.namespace ?? 'default';
      const list = out.pods.get(ns) ?? [];
      list.push(o.raw);
      out.pods.set(ns, list);
    }
  }
  return out;
}

interface ClusterOptions { kubeconfig?: string; context?: string; onError?: (message: string) => void }

/** A namespace informer (list + watch, relisting after errors). */
export async function clusterNamespaces(opts: ClusterOptions): Promise<NamespaceSource> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
    if (opts.context) kc.setCurrentContext(opts.context);
  } catch (e) {
    throw new BulwarkError('CONFIG_INVALID', `kubeconfig: ${(e as Error).message}`);
  }
  if (!kc.getCurrentCluster()) throw new BulwarkError('CONFIG_INVALID', 'kubeconfig has no current cluster (use --kubeconfig / --context, or run in a pod)');
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(kc, '/api/v1/namespaces', () => api.listNamespace());
  let synced = false;
  let closed = false;
  const labelsOf = (name: string): NamespaceInfo | undefined => {
    const ns = informer.get(name);
    return ns ? { labels: { ...(ns.metadata?.labels ?? {}) } } : undefined;
  };
  informer.on('error', (err: unknown) => {
    opts.onError?.(`namespace informer: ${(err as Error)?.message ?? String(err)}; relisting in 5 s`);
    if (!closed) setTimeout(() => { if (!closed) informer.start().catch(() => undefined); }, 5_000).unref();
  });
  // Ready only once a LIST succeeded and the watch runs ('connect'); until then /readyz answers 503.
  informer.on('connect', () => { synced = true; });
  await informer.start().catch((e: unknown) => opts.onError?.(`namespace informer: ${(e as Error).message}`));
  return {
    async get(name) {
      const hit = labelsOf(name);
      if (hit) return hit;
      // Created a moment ago and not yet seen by the watch: upstream's getter falls back to a live read too.
      try {
        const ns = await api.readNamespace({ name });
        return { labels: { ...(ns.metadata?.labels ?? {}) } };
      } catch (e) {
        return new Error((e as Error).message.split('\n')[0]);
      }
    },
    // A live LIST per tightening (upstream's webhook does the same: no cache of every pod in the cluster).
    async pods(namespace, signal) {
      const list = await new Promise<Awaited<ReturnType<typeof api.listNamespacedPod>>>((resolve, reject) => {
        const onAbort = () => reject(new Error('pod list timed out'));
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        api.listNamespacedPod({ namespace }).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
      // Items of a list carry no apiVersion/kind; typed objects (Dates) serialise back to the API's JSON shape.
      return list.items.map((p) => ({ apiVersion: 'v1', kind: 'Pod', ...JSON.parse(JSON.stringify(p)) as Record<string, unknown> }));
    },
    ready: () => synced,
    close() {
      closed = true;
      void informer.stop();
    },
  };
}
