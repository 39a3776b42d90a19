/**
 * Where namespace labels come from: Namespace manifests (`--namespaces FILE`), a live cluster (`--cluster`: a
 * namespace informer through @kubernetes/client-node, cached; a cache miss reads the namespace once), or nothing
 * (every namespace has no labels, so the PodSecurityConfiguration defaults apply).
 */
import { BulwarkError } from '../core/index.js';
import { parseManifests } from '../scan/index.js';
import type { NamespaceGetter, NamespaceInfo } from './psa.js';

export interface NamespaceSource {
  get: NamespaceGetter;
  /** False until the informer's first LIST arrived (readiness). */
  ready(): boolean;
  close(): void;
}

const NO_LABELS: NamespaceInfo = Object.freeze({ labels: Object.freeze({}) as Record<string, string> });

export function staticNamespaces(map: Map<string, NamespaceInfo> = new Map()): NamespaceSource & { replace(m: Map<string, NamespaceInfo>): void } {
  let current = map;
  return {
    get: (name) => current.get(name) ?? NO_LABELS,
    ready: () => true,
    close: () => undefined,
    replace(m) { current = m; },
  };
}

/** Namespace manifests → name → labels; POLICY-free: anything that is not a Namespace is ignored. */
export function parseNamespaceFile(text: string, file: string): Map<string, NamespaceInfo> {
  const parsed = parseManifests(text, file);
  if (parsed.errors.length) throw new BulwarkError('CONFIG_INVALID', parsed.errors[0]!);
  const out = new Map<string, NamespaceInfo>();
  for (const o of parsed.objects) if (o.kind === 'Namespace') out.set(o.metadata.name, { labels: { ...o.metadata.labels } });
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
    ready: () => synced,
    close() {
      closed = true;
      void informer.stop();
    },
  };
}
