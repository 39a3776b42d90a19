/**
 * One HTTP exchange over node:http/https (not fetch: we need per-registry TLS verification control and
 * raw streaming bodies). No redirects, retries or auth here; client.ts layers those on top.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';

export interface HttpExchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** A buffer, or a factory so the body can be re-sent on retry. */
  body?: Buffer | (() => Readable);
  /** Socket idle timeout (connect, headers and every gap in the body). */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Connection pool (carries the TLS verification choice); the global agent when absent. */
  agent?: http.Agent;
}

export class HttpTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`no response within ${ms} ms`);
  }
}

/** Sends one request and resolves with the response (body not yet read). */
export function exchange(x: HttpExchange): Promise<IncomingMessage> {
  const isHttps = x.url.protocol === 'https:';
  const mod = isHttps ? https : http;
  const headers: Record<string, string> = { ...x.headers };
  if (Buffer.isBuffer(x.body)) headers['content-length'] = String(x.body.length);
  return new Promise((resolve, reject) => {
    const req = mod.request(x.url, { method: x.method, headers, ...(x.agent ? { agent: x.agent } : {}), signal: x.signal }, (res) => {
      res.on('error', () => undefined); // consumers attach their own; avoid an unhandled error on drain
      resolve(res);
    });
    req.setTimeout(x.timeoutMs, () => req.destroy(new HttpTimeoutError(x.timeoutMs)));
    req.on('error', reject);
    if (x.body === undefined) req.end();
    else if (Buffer.isBuffer(x.body)) req.end(x.body);
    else {
      const src = x.body();
      src.on('error', (e) => req.destroy(e));
      src.pipe(req);
    }
  });
}

/** Reads a whole (small) body, failing once it passes `limit` bytes. */
export async function readBody(res: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res) {
    n += (c as Buffer).length;
    if (n > limit) {
      res.destroy();
      throw Object.assign(new Error(`response body larger than ${limit} bytes`), { code: 'LIMIT' });
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Discards a body so the socket can be reused. */
export function drain(res: IncomingMessage): void {
  res.resume();
}
