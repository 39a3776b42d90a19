/**
 * Where alerts go: a stream (text or Falco JSON lines), a file (appended), a webhook (one JSON POST per
 * alert, retried with back-off, HMAC-SHA256 signature header when a secret is set), and the Bulwark
 * server's alert ingest (`POST /api/alerts`, JSON lines in batches, bearer token).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from '../../core/index.js';
import type { Alert } from '../rules/engine.js';

export interface AlertSink {
  readonly name: string;
  write(a: Alert): void;
  /** Waits until everything written so far is delivered (or given up on). */
  flush(): Promise<void>;
  /** Delivery failures so far (after retries). */
  readonly failures: number;
}

type AlertFormat = 'text' | 'json';

const formatAlert = (a: Alert, f: AlertFormat): string => (f === 'json' ? JSON.stringify(a) : a.output);

export class StreamSink implements AlertSink {
  readonly failures = 0;
  constructor(readonly name: string, private readonly out: Writable, private readonly format: AlertFormat) {}
  write(a: Alert): void { this.out.write(`${formatAlert(a, this.format)}\n`); }
  async flush(): Promise<void> { await new Promise<void>((r) => { if (this.out.writableNeedDrain) this.out.once('drain', () => r()); else r(); }); }
}

export class FileSink implements AlertSink {
  readonly name: string;
  failures = 0;
  private readonly stream: WriteStream;
  constructor(path: string, private readonly format: AlertFormat) {
    this.name = `file:${path}`;
    this.stream = createWriteStream(path, { flags: 'a' });
    this.stream.on('error', () => { this.failures++; });
  }
  write(a: Alert): void { this.stream.write(`${formatAlert(a, this.format)}\n`); }
  async flush(): Promise<void> { await new Promise<void>((r) => this.stream.write('', () => r())); }
}

interface HttpOptions { retries?: number; backoffMs?: number; timeoutMs?: number; fetchImpl?: typeof fetch }

async function postWithRetry(url: string, body: string, headers: Record<string, string>, o: HttpOptions): Promise<boolean> {
  const retries = o.retries ?? 3;
  const f = o.fetchImpl ?? fetch;
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      const res = await f(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(o.timeoutMs ?? 5000) });
      if (res.ok) return true;
      // 4xx other than 408/429 will not get better by retrying
      if (res.status < 500 && res.status !== 408 && res.status !== 429) return false;
    } catch { /* network error: retry */ }
    if (attempt < retries) await new Promise((r) => setTimeout(r, (o.backoffMs ?? 200) * 2 ** attempt));
  }
  return false;
}

export class WebhookSink implements AlertSink {
  readonly name: string;
  failures = 0;
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly url: string, private readonly secret: string | undefined, private readonly o: HttpOptions = {}) {
    this.name = `webhook:${new URL(url).origin}`;
  }
  write(a: Alert): void {
    const body = JSON.stringify(a);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'bulwark-runtime' };
    if (this.secret) headers[WEBHOOK_SIGNATURE_HEADER] = signWebhookBody(this.secret, body);
    // one alert at a time, in order; a slow receiver delays later alerts but never reorders them
    this.chain = this.chain.then(async () => { if (!(await postWithRetry(this.url, body, headers, this.o))) this.failures++; });
  }
  flush(): Promise<void> { return this.chain; }
}

/** The server's `POST /api/alerts?cluster=` (docs/server.md): Falco JSON plus namespace/pod/container/image. */
export class ServerSink implements AlertSink {
  readonly name: string;
  failures = 0;
  private batch: string[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private readonly endpoint: string;
  constructor(base: string, private readonly token: string | undefined, cluster: string | undefined, private readonly o: HttpOptions & { batchMs?: number } = {}) {
    const u = new URL('/api/alerts', base.endsWith('/') ? base : `${base}/`);
    if (cluster) u.searchParams.set('cluster', cluster);
    this.endpoint = u.toString();
    this.name = `server:${u.origin}`;
  }
  write(a: Alert): void {
    const f = a.output_fields;
    const extra = { namespace: f['k8s.ns.name'] ?? f['ka.target.namespace'] ?? undefined, pod: f['k8s.pod.name'] ?? undefined, container: f['container.id'] ?? undefined, image: f['container.image'] ?? undefined };
    this.batch.push(JSON.stringify({ ...a, ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined && v !== null)) }));
    if (this.batch.length >= 500) this.send();
    else if (!this.timer) this.timer = setTimeout(() => this.send(), this.o.batchMs ?? 1000);
  }
  private send(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (!this.batch.length) return;
    const body = `${this.batch.join('\n')}\n`;
    const n = this.batch.length;
    this.batch = [];
    const headers: Record<string, string> = { 'content-type': 'application/x-ndjson', 'user-agent': 'bulwark-runtime' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    this.chain = this.chain.then(async () => { if (!(await postWithRetry(this.endpoint, body, headers, this.o))) this.failures += n; });
  }
  flush(): Promise<void> { this.send(); return this.chain; }
}
