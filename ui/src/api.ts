/**
 * The server API as the UI uses it: same-origin fetch with the HttpOnly session cookie, the CSRF token on
 * every unsafe request, and one error type. A 401 sends the user to the login page.
 */
let csrfToken: string | undefined;
let onUnauthorized: () => void = () => undefined;

export class ApiError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export function setUnauthorizedHandler(fn: () => void): void { onUnauthorized = fn; }
export function setCsrf(token: string | undefined): void { csrfToken = token; }

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (res.status === 401 && path !== '/api/session') {
    onUnauthorized();
    throw new ApiError(401, 'Your session has ended: log in again.');
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new ApiError(res.status, data.message ?? `${res.status} ${res.statusText}`);
  return data as T;
}

/** Query string from a filter object, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface Page<T> { items: T[]; next: string | null; total?: number }

export interface ImageSummary {
  id: string; kind: string; reference: string; repository: string | null;
  os: { family: string; version: string | null; eol: boolean; eolDate: string | null } | null;
  packages: number; vulnerabilities: Record<string, number>; kev: number; firstSeen: string; lastScanned: string; dbBuiltAt: string | null;
}

export interface FindingItem {
  imageId: string; reference: string; vulnerability: string; title: string | null;
  package: { name: string; version: string; ecosystem: string; purl: string };
  severity: string; status: string; fixedVersion: string | null; kev: boolean; epss: number | null; state: string; firstSeen: string; resolvedAt: string | null;
}
