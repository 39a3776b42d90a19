/**
 * Kubernetes audit events (audit.k8s.io/v1 Event): a JSON-lines log file followed like `tail -F`
 * (--audit-log-path of kube-apiserver), and an HTTP endpoint compatible with the API server's webhook
 * backend (--audit-webhook-config-file): it POSTs an EventList {kind: EventList, items: [Event…]}.
 */
import { createServer, type Server } from 'node:http';
import { open, stat } from 'node:fs/promises';
import type { AuditEvent, K8sAuditEvent } from '../event.js';
import type { EventSink, EventSource, SourceStats } from './source.js';

function auditEvent(raw: unknown, producer: string): AuditEvent | undefined {
  const a = raw as K8sAuditEvent | null;
  if (!a || typeof a !== 'object' || a.kind !== 'Event' || !String(a.apiVersion ?? '').startsWith('audit.k8s.io/')) return undefined;
  const t = Date.parse(a.stageTimestamp ?? a.requestReceivedTimestamp ?? '');
  return { source: 'k8s_audit', type: 'k8s_audit', time: (Number.isNaN(t) ? Date.now() : t) * 1e6, audit: a, producer };
}

/** Events of one body: an Event, an EventList, or JSON lines of either. */
export function auditEventsOf(text: string, producer: string, stats: SourceStats): AuditEvent[] {
  const out: AuditEvent[] = [];
  const take = (v: unknown): void => {
    const o = v as { kind?: string; items?: unknown[] } | null;
    if (o && o.kind === 'EventList' && Array.isArray(o.items)) { for (const i of o.items) take(i); return; }
    const e = auditEvent(v, producer);
    if (e) out.push(e); else stats.lost++;
  };
  const trimmed = text.trim();
  if (!trimmed) return out;
  try { take(JSON.parse(trimmed)); return out; } catch { /* JSON lines */ }
  for (const line of trimmed.split('\n')) {
    if (!line.trim()) continue;
    try { take(JSON.parse(line)); } catch { stats.lost++; }
  }
  return out;
}

export class AuditFileSource implements EventSource {
  readonly name = 'audit-file';
  readonly stats: SourceStats = { events: 0, lost: 0, lines: 0, notes: [] };
  private timer?: NodeJS.Timeout;
  private pos = 0;
  private rest = '';
  private reading = false;

  /** `fromStart`: read what the file already holds (default: only what is appended, like tail -F). */
  constructor(private readonly path: string, private readonly opts: { fromStart?: boolean; intervalMs?: number } = {}) {}

  async start(sink: EventSink): Promise<void> {
    if (!this.opts.fromStart) this.pos = await stat(this.path).then((s) => s.size, () => 0);
    await this.poll(sink);
    this.timer = setInterval(() => void this.poll(sink), this.opts.intervalMs ?? 200);
  }

  async stop(): Promise<void> { if (this.timer) clearInterval(this.timer); this.timer = undefined; }

  async poll(sink: EventSink): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const size = await stat(this.path).then((s) => s.size, () => -1);
      if (size < 0) return;
      if (size < this.pos) { this.pos = 0; this.rest = ''; } // rotated or truncated
      if (size === this.pos) return;
      const fh = await open(this.path, 'r');
      try {
        const buf = Buffer.alloc(size - this.pos);
        await fh.read(buf, 0, buf.length, this.pos);
        this.pos = size;
        const text = this.rest + buf.toString('utf8');
        const cut = text.lastIndexOf('\n');
        this.rest = cut < 0 ? text : text.slice(cut + 1);
        if (cut < 0) return;
        for (const line of text.slice(0, cut).split('\n')) {
          if (!line.trim()) continue;
          this.stats.lines++;
          for (const e of auditEventsOf(line, this.name, this.stats)) { this.stats.events++; sink(e); }
        }
      } finally { await fh.close(); }
    } finally { this.reading = false; }
  }
}

export class AuditWebhookSource implements EventSource {
  readonly name = 'audit-webhook';
  readonly stats: SourceStats = { events: 0, lost: 0, lines: 0, notes: [] };
  private server?: Server;
  port = 0;

  constructor(private readonly addr: string, private readonly maxBody = 16 << 20) {}

  start(sink: EventSink): Promise<void> {
    const i = this.addr.lastIndexOf(':');
    const host = this.addr.slice(0, i) || '0.0.0.0';
    const port = Number(this.addr.slice(i + 1));
    const server = createServer((req, res) => {
      if (req.method !== 'POST') { res.writeHead(405, { allow: 'POST' }).end(); return; }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => { size += c.length; if (size <= this.maxBody) chunks.push(c); });
      req.on('end', () => {
        if (size > this.maxBody) { res.writeHead(413).end(); return; }
        this.stats.lines++;
        const events = auditEventsOf(Buffer.concat(chunks).toString('utf8'), this.name, this.stats);
        for (const e of events) { this.stats.events++; sink(e); }
        // the API server only needs a 2xx; anything else makes it retry (and log)
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => { this.port = (server.address() as { port: number }).port; resolve(); });
    });
  }

  stop(): Promise<void> {
    return new Promise((r) => { if (!this.server) r(); else this.server.close(() => r()); });
  }
}
