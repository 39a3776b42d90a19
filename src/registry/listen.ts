/**
 * `registry listen`: an HTTP endpoint for registry notifications. Pushed manifests are queued for a scan
 * (in-process queue, deduplicated by digest, a few at a time); pulls only update the last-pull time;
 * deletes are noted. The notification is answered at once (distribution retries slow endpoints and blocks
 * its queue), the scan happens after. The shared secret arrives in the `Authorization` header, as
 * configured in the registry's `notifications.endpoints[].headers` (or Harbor's webhook auth header).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isBulwarkError, silentLogger, type Logger, type Report } from '../core/index.js';
import { scanImage, sharedWalks, type ScanOptions } from '../scan/index.js';
import { signatureTagOf } from './enumerate.js';
import { parseNotification, type RegistryEvent } from './events.js';
import { clientAccess, summarize, type RegistryAccess } from './scan.js';
import type { RegistryStore } from './store.js';

interface ListenOptions extends RegistryAccess {
  port: number;
  /** Address to bind (default 0.0.0.0: the registry is usually another host or container). */
  bind?: string;
  secret: string;
  /** Pull from this host instead of the one the event names (a registry behind a proxy). */
  registry?: string;
  concurrency?: number;
  platform?: string;
  scan: ScanOptions;
  store: RegistryStore;
  /** Called per finished scan (writing -o DIR, posting to a server). */
  onReport?: (report: Report, event: RegistryEvent) => Promise<void>;
  /** Hands pushes to another queue (a Bulwark server's scan jobs) instead of scanning in this process. */
  enqueue?: (reference: string, event: RegistryEvent) => Promise<void>;
  logger?: Logger;
  now?: () => Date;
}

interface ListenStats { notifications: number; rejected: number; pushes: number; pulls: number; deletes: number; scanned: number; failed: number; queued: number }

export interface Listener {
  port: number;
  stats: ListenStats;
  /** Resolves when no scan is queued or running (tests, graceful shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

function digestOfSecret(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** `Authorization: Bearer S` or `Authorization: S`, compared in constant time. */
function authorized(req: IncomingMessage, secret: Buffer): boolean {
  const h = req.headers.authorization ?? '';
  const value = /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '') : h;
  return timingSafeEqual(digestOfSecret(value), secret);
}

function readLimited(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > MAX_BODY) { resolve(undefined); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

class ScanQueue {
  private readonly pending: RegistryEvent[] = [];
  private readonly known = new Set<string>();
  private running = 0;
  private waiters: Array<() => void> = [];
  private readonly shared = sharedWalks();

  constructor(private readonly o: ListenOptions, private readonly stats: ListenStats, private readonly logger: Logger) {}

  add(e: RegistryEvent): void {
    const key = `${e.host}/${e.repository}@${e.digest}`;
    if (this.known.has(key)) return;
    this.known.add(key);
    this.pending.push(e);
    this.stats.queued = this.pending.length;
    this.pump();
  }

  private pump(): void {
    while (this.running < Math.max(1, this.o.concurrency ?? 2) && this.pending.length) {
      const e = this.pending.shift() as RegistryEvent;
      this.stats.queued = this.pending.length;
      this.running++;
      void this.run(e).finally(() => {
        this.running--;
        this.known.delete(`${e.host}/${e.repository}@${e.digest}`);
        this.pump();
        if (this.running === 0 && this.pending.length === 0) for (const w of this.waiters.splice(0)) w();
      });
    }
  }

  private async run(e: RegistryEvent): Promise<void> {
    const reference = `${e.host}/${e.repository}@${e.digest}`;
    const now = () => (this.o.now ?? (() => new Date()))().toISOString();
    try {
      const report = await scanImage(reference, {
        ...this.o.scan, sharedWalks: this.shared, logger: this.logger,
        source: { inputType: 'registry', ...clientAccess(this.o), ...(this.o.platform ? { platform: this.o.platform } : {}) },
      });
      const image = report.target.image?.manifestDigest ?? e.digest;
      const size = (report.layers ?? []).reduce((s, l) => s + l.size, 0);
      const summary = summarize(report, image, size, now());
      this.o.store.putImage(e.host, summary);
      if (this.o.onReport) await this.o.onReport(report, e);
      this.stats.scanned++;
      this.logger.info(`scanned ${reference}${e.tag ? ` (${e.tag})` : ''}: ${summary.critical} critical, ${summary.high} high, ${summary.kev} KEV, ${summary.secrets} secrets`);
    } catch (err) {
      this.stats.failed++;
      const msg = isBulwarkError(err) ? err.message : String((err as Error)?.message ?? err);
      // Helm charts, SBOMs and other artifacts pushed as manifests are not images: a debug line, not a warning.
      if (isBulwarkError(err) && err.code === 'UNSUPPORTED_MEDIA_TYPE') this.logger.debug(`not an image, not scanned: ${reference}: ${msg}`);
      else this.logger.warn(`scan of ${reference} failed: ${msg}`);
    }
  }

  idle(): Promise<void> {
    if (this.running === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }
}

function record(e: RegistryEvent, o: ListenOptions, stats: ListenStats, queue: ScanQueue): void {
  o.store.markListening(e.host, e.at);
  if (e.action === 'pull') {
    stats.pulls++;
    o.store.recordPull(e.host, e.repository, e.digest, e.at);
  } else if (e.action === 'delete') {
    stats.deletes++;
  } else {
    stats.pushes++;
    if (e.tag) o.store.observeTag(e.host, e.repository, e.tag, e.digest, e.at, true);
    // Signatures, attestations, SBOMs and referrers indexes are no images: recorded above, not scanned.
    if (e.tag && signatureTagOf(e.tag)) return;
    if (!o.enqueue) return queue.add(e);
    const reference = `${e.host}/${e.repository}@${e.digest}`;
    o.enqueue(reference, e).then(() => { stats.scanned++; }, (err: unknown) => {
      stats.failed++;
      (o.logger ?? silentLogger).warn(`could not queue ${reference} on the server: ${(err as Error)?.message ?? err}`);
    });
  }
}

export async function listen(o: ListenOptions): Promise<Listener> {
  const logger = o.logger ?? silentLogger;
  const secret = digestOfSecret(o.secret);
  const stats: ListenStats = { notifications: 0, rejected: 0, pushes: 0, pulls: 0, deletes: 0, scanned: 0, failed: 0, queued: 0 };
  const queue = new ScanQueue(o, stats, logger);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/')) return send(res, 200, { ok: true, ...stats });
    if (req.method !== 'POST') return send(res, 405, { error: 'POST registry notifications here' });
    if (!authorized(req, secret)) {
      stats.rejected++;
      req.resume();
      return send(res, 401, { error: 'wrong or missing shared secret' });
    }
    const body = await readLimited(req);
    if (!body) return send(res, 413, { error: `notification larger than ${MAX_BODY} bytes` });
    let events: RegistryEvent[];
    try {
      events = parseNotification(body, (o.now ?? (() => new Date()))().toISOString(), o.registry);
    } catch (e) {
      stats.rejected++;
      return send(res, 400, { error: isBulwarkError(e) ? e.message : 'bad notification' });
    }
    stats.notifications++;
    for (const e of events) record(e, o, stats, queue);
    send(res, 200, { accepted: events.length });
  };
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      logger.warn(`notification handling failed: ${(e as Error)?.message ?? e}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.bind ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stats,
    idle: () => queue.idle(),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
