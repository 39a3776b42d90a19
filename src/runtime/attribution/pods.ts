/**
 * Container id → pod: the pods of this node, from the Kubernetes API (`GET /api/v1/pods?fieldSelector=
 * spec.nodeName=NODE`, RBAC pods list) or the kubelet (`GET https://NODE:10250/pods`, RBAC nodes/proxy — far
 * broader, so the API is the default). Both answer a v1 PodList; `status.*containerStatuses[].containerID`
 * (`containerd://<64hex>`, `cri-o://…`, `docker://…`) names the container the cgroup gave us.
 *
 * The list is cached; a container not in it triggers one refresh (at most every `minRefreshMs`), which a new
 * pod's first events wait for (bounded by `waitMs`), so alerts from a pod's first second carry its name.
 * Plain HTTPS with the service-account token and CA: no client library, no watch connection to keep alive.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { ContainerInfo } from '../event.js';

interface PodMeta { podName: string; namespace: string; podUid: string; labels: Record<string, string>; name: string; image: string }

interface PodDirectoryOptions {
  /** The full pods URL (API with fieldSelector, or the kubelet's /pods). */
  url: string;
  token?: string;
  /** PEM CA for the server's certificate. */
  ca?: string;
  minRefreshMs?: number;
  waitMs?: number;
  timeoutMs?: number;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A v1 PodList → full container id → pod metadata. */
export function podIndex(podList: unknown): Map<string, PodMeta> {
  const out = new Map<string, PodMeta>();
  const items = obj(podList).items;
  for (const p of Array.isArray(items) ? items : []) {
    const meta = obj(obj(p).metadata);
    const status = obj(obj(p).status);
    const labels = Object.fromEntries(Object.entries(obj(meta.labels)).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    for (const key of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
      const list = status[key];
      for (const c of Array.isArray(list) ? list : []) {
        const id = /^[a-z-]+:\/\/([0-9a-f]{64})$/.exec(str(obj(c).containerID))?.[1];
        if (!id) continue;
        const meta2 = { podName: str(meta.name), namespace: str(meta.namespace), podUid: str(meta.uid), labels, name: str(obj(c).name), image: str(obj(c).image) };
        // the short id too: ingested Falco/Tetragon events carry only the 12-hex id
        out.set(id, meta2).set(id.slice(0, 12), meta2);
      }
    }
  }
  return out;
}

/** `registry/repo:tag@sha256:…` → repository and tag as Falco's container.image.repository/tag print them. */
function splitImage(image: string): { repository: string; tag?: string } {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? { repository: noDigest.slice(0, colon), tag: noDigest.slice(colon + 1) } : { repository: noDigest };
}

export class PodDirectory {
  private index = new Map<string, PodMeta>();
  private lastRefresh = 0;
  private inflight: Promise<void> | undefined;
  /** Containers still unknown after a refresh (not a pod: plain Docker, a test cgroup): not waited for again soon. */
  private readonly misses = new Map<string, number>();
  refreshes = 0;
  lastError: string | undefined;

  constructor(private readonly o: PodDirectoryOptions) {}

  /** Fills the container's pod fields from the cache; false when the container is not (yet) known. */
  enrich(c: ContainerInfo): boolean {
    const m = this.index.get(c.fullId ?? c.id);
    if (!m) return false;
    // ContainerInfo objects are shared per cgroup (attribution cache): filling one fills every later event
    const img = splitImage(m.image);
    Object.assign(c, { podName: m.podName, namespace: m.namespace, podUid: m.podUid, podLabels: m.labels, name: m.name, image: m.image, imageRepository: img.repository, ...(img.tag ? { imageTag: img.tag } : {}) });
    return true;
  }

  /** Whether a miss may refresh now (rate limit), so callers know if waiting can help. */
  private canRefresh(now = Date.now()): boolean { return Boolean(this.inflight) || now - this.lastRefresh >= (this.o.minRefreshMs ?? 2000); }

  /** An event of this unknown container should wait for a refresh: one may run, and it was not a recent miss. */
  shouldWait(c: ContainerInfo, now = Date.now()): boolean {
    const missed = this.misses.get(c.fullId ?? c.id);
    return this.canRefresh(now) && (missed === undefined || now - missed > 30_000);
  }

  /** After a refresh: the container stays unknown → remember the miss. */
  settle(c: ContainerInfo): void {
    if (!this.enrich(c)) {
      if (this.misses.size > 10_000) this.misses.clear();
      this.misses.set(c.fullId ?? c.id, Date.now());
    }
  }

  /** Refreshes when allowed (concurrent callers share one request); waits at most `waitMs`. */
  async refresh(): Promise<void> {
    if (!this.inflight && this.canRefresh()) {
      this.lastRefresh = Date.now();
      this.inflight = this.fetchList().then((idx) => { this.index = idx; this.refreshes++; this.lastError = undefined; })
        .catch((e: Error) => { this.lastError = e.message; })
        .finally(() => { this.inflight = undefined; });
    }
    if (!this.inflight) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.inflight, new Promise<void>((r) => { timer = setTimeout(r, this.o.waitMs ?? 1500); })]);
    clearTimeout(timer);
  }

  private fetchList(): Promise<Map<string, PodMeta>> {
    return new Promise((resolve, reject) => {
      const req = request(this.o.url, {
        method: 'GET', timeout: this.o.timeoutMs ?? 5000, ...(this.o.ca ? { ca: this.o.ca } : {}),
        headers: { accept: 'application/json', ...(this.o.token ? { authorization: `Bearer ${this.o.token}` } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          if (res.statusCode !== 200) { reject(new Error(`pods lookup ${this.o.url}: HTTP ${res.statusCode}`)); return; }
          try { resolve(podIndex(JSON.parse(Buffer.concat(chunks).toString('utf8')))); } catch (e) { reject(new Error(`pods lookup: not JSON: ${(e as Error).message}`)); }
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`pods lookup ${this.o.url}: timed out`)));
      req.on('error', reject);
      req.end();
    });
  }
}

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The directory for `--attribution`: `api` (in-cluster API server), `kubelet` (this node's kubelet), with the
 * service account's token and CA; undefined for `none`, or for `auto` outside a cluster. Reasons go to notes.
 */
export function podDirectoryFor(mode: 'auto' | 'api' | 'kubelet' | 'none', o: { nodeName?: string; apiUrl?: string; kubeletUrl?: string; tokenFile?: string; caFile?: string; env?: NodeJS.ProcessEnv }, notes: string[]): PodDirectory | undefined {
  if (mode === 'none') return undefined;
  const env = o.env ?? process.env;
  const inCluster = Boolean(env.KUBERNETES_SERVICE_HOST);
  if (mode === 'auto' && !(o.apiUrl || inCluster)) return undefined;
  const readOpt = (p: string): string | undefined => { try { return readFileSync(p, 'utf8').trim(); } catch { return undefined; } };
  const token = readOpt(o.tokenFile ?? `${SA}/token`);
  const ca = readOpt(o.caFile ?? `${SA}/ca.crt`);
  if (!o.nodeName) { notes.push('pod attribution off: no node name (--node-name / BULWARK_NODE_NAME, from spec.nodeName)'); return undefined; }
  const host = env.KUBERNETES_SERVICE_HOST?.includes(':') ? `[${env.KUBERNETES_SERVICE_HOST}]` : env.KUBERNETES_SERVICE_HOST;
  const api = o.apiUrl ?? `https://${host}:${env.KUBERNETES_SERVICE_PORT ?? '443'}`;
  const url = mode === 'kubelet'
    ? (o.kubeletUrl ?? `https://${o.nodeName}:10250/pods`)
    : `${api.replace(/\/$/, '')}/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${o.nodeName}`)}`;
  notes.push(`pod attribution: ${mode === 'kubelet' ? 'kubelet' : 'Kubernetes API'} ${url.replace(/\?.*$/, '')} (node ${o.nodeName})`);
  return new PodDirectory({ url, token, ca });
}
