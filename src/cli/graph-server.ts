/**
 * `bulwark graph --server URL`: the images' vulnerabilities come from a Bulwark server's store (the results
 * it keeps re-evaluating), and `--upload CLUSTER` stores the workload objects there so the UI's attack-path
 * view shows this cluster, recomputed with the server's current findings on every view.
 */
import { BulwarkError, redactText, type Report } from '../core/index.js';

export interface GraphServerOptions { server?: string; serverToken?: string; upload?: string }

export function checkGraphServerOptions(o: GraphServerOptions): string | undefined {
  if (o.upload && !o.server) throw new BulwarkError('USAGE', '--upload needs --server');
  if (!o.server) return undefined;
  let u: URL;
  try { u = new URL(o.server); } catch { throw new BulwarkError('USAGE', `--server: not a URL: ${redactText(o.server)}`); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new BulwarkError('USAGE', '--server: use an http(s) URL');
  if (!o.serverToken) throw new BulwarkError('USAGE', '--server needs a token: --server-token or BULWARK_SERVER_TOKEN');
  if (o.upload && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(o.upload)) throw new BulwarkError('USAGE', `--upload: cluster names are letters, digits, '.', '_' and '-' (got ${JSON.stringify(o.upload)})`);
  return o.server.replace(/\/+$/, '');
}

async function call<T>(base: string, token: string, method: string, path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(base + path, {
      method, body: JSON.stringify(body), signal: AbortSignal.timeout(120_000),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
  } catch (e) {
    throw new BulwarkError('UPLOAD_FAILED', `${redactText(base)}: ${(e as Error).message}`, { cause: e });
  }
  const text = await res.text();
  if (!res.ok) {
    let msg = text.slice(0, 300);
    try { msg = (JSON.parse(text) as { message?: string }).message ?? msg; } catch { /* not JSON */ }
    throw new BulwarkError('UPLOAD_FAILED', `${redactText(base)}${path} refused: HTTP ${res.status}: ${redactText(msg)}`);
  }
  return JSON.parse(text) as T;
}

/** The stored report of every image the server knows, each named by the reference the workloads use. */
export async function fetchStoredReports(base: string, token: string, images: string[], warn: (m: string) => void): Promise<Report[]> {
  if (!images.length) return [];
  const r = await call<{ reports: Report[]; missing: string[] }>(base, token, 'POST', '/api/graph/reports', { images });
  if (r.missing.length) warn(`the server has no result for ${r.missing.length} image(s): ${r.missing.slice(0, 5).join(', ')}${r.missing.length > 5 ? ', …' : ''}`);
  return r.reports;
}

export async function uploadObjects(base: string, token: string, cluster: string, objects: unknown[]): Promise<{ objects: number; images: number }> {
  return call(base, token, 'PUT', `/api/clusters/${encodeURIComponent(cluster)}/objects`, { items: objects });
}
