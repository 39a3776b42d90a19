/** Prometheus metrics of the watcher (prom-client), served on --metrics-addr. */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';

export class WatchMetrics {
  readonly registry = new Registry();
  readonly events = new Counter({ name: 'bulwark_runtime_events_total', help: 'Events evaluated, by source', labelNames: ['source'], registers: [this.registry] });
  readonly alerts = new Counter({ name: 'bulwark_runtime_alerts_total', help: 'Alerts sent, by rule and priority', labelNames: ['rule', 'priority'], registers: [this.registry] });
  readonly suppressed = new Counter({ name: 'bulwark_runtime_alerts_suppressed_total', help: 'Alerts folded by dedup or the per-rule rate limit', labelNames: ['rule', 'reason'], registers: [this.registry] });
  readonly lost = new Gauge({ name: 'bulwark_runtime_events_lost', help: 'Events the capture reported lost (bpftrace lost_events)', labelNames: ['source'], registers: [this.registry] });
  readonly deliveryFailures = new Gauge({ name: 'bulwark_runtime_output_failures', help: 'Alerts an output failed to deliver after retries', labelNames: ['output'], registers: [this.registry] });
  readonly rules = new Gauge({ name: 'bulwark_runtime_rules_active', help: 'Compiled, enabled rules', registers: [this.registry] });

  /** `host:port` or `:port`; resolves with the bound port. */
  serve(addr: string): Promise<{ server: Server; port: number }> {
    const i = addr.lastIndexOf(':');
    const host = addr.slice(0, i) || '0.0.0.0';
    const port = Number(addr.slice(i + 1));
    const server = createServer((req, res) => {
      if (req.url !== '/metrics') { res.writeHead(404).end(); return; }
      void this.registry.metrics().then((m) => { res.writeHead(200, { 'content-type': this.registry.contentType }).end(m); });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve({ server, port: (server.address() as { port: number }).port }));
    });
  }
}
