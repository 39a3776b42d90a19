/**
 * Prometheus metrics (prom-client, own registry): decisions by verdict and policy, latency, reloads, cache.
 *
 * The per-review series are counted in plain numbers and handed to prom-client only when /metrics is read: a
 * prom-client `inc`/`observe` — even on a label-bound child — validates and hashes its label object on every call,
 * which a profile of the webhook at 2,000 reviews/s showed at ≈ 2 % of its CPU. The exposition (names, help, labels,
 * buckets, `AggregatorRegistry` combination under `--workers`) is prom-client's, unchanged.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export interface AdmissionMetrics {
  registry: Registry;
  /** Hot-path handles, cached per label set: a plain add, no label hashing. */
  latencyFor(endpoint: string): { observe(seconds: number): void };
  decisionFor(endpoint: string, verdict: string): { inc(): void };
  /** `policy` as the decision log names it: a CEL validation's `[n]` suffix is dropped here (one series per policy). */
  policyResultFor(policy: string, action: string): { inc(): void };
  badRequests: Counter<'reason'>;
  reloads: Counter<'file' | 'result'>;
  /** TCP connections by how their wait for a first byte ended: `tls` (handed to TLS), `no-data` (closed or reset first), `timeout`. */
  connections: Counter<'outcome'>;
  /** Connections handed to TLS whose handshake failed (reset or closed by the client mid-handshake, or bad TLS). */
  tlsErrors: Counter;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A counter child whose increments are added up here and passed to prom-client when the metric is collected. */
class PendingCount {
  n = 0;
  constructor(private readonly child: { inc(v: number): void }) {}
  inc(): void {
    this.n++;
  }
  flush(): void {
    if (this.n) this.child.inc(this.n);
    this.n = 0;
  }
}

interface HistogramValue { labels: Record<string, string | number>; value: number; metricName: string }

/** One label set of the latency histogram: per-bucket counts (not cumulative), sum and count. */
class Series {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(readonly labels: Record<string, string>, private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    const b = this.bounds;
    for (let i = 0; i < b.length; i++) {
      if (v <= b[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

/**
 * A histogram prom-client's Registry exposes like its own (`get()` answers the same shape: `_bucket` with `le` first,
 * `+Inf`, `_sum`, `_count`; aggregator `sum` for `--workers`), observed without label hashing.
 */
class LocalHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();
  constructor(readonly name: string, readonly help: string, private readonly labelName: string, private readonly bounds: readonly number[]) {}

  child(value: string): Series {
    let s = this.series.get(value);
    if (!s) this.series.set(value, (s = new Series({ [this.labelName]: value }, this.bounds)));
    return s;
  }

  get(): Promise<{ name: string; help: string; type: string; values: HistogramValue[]; aggregator: string }> {
    const values: HistogramValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.series.values()) {
      let acc = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        acc += s.counts[i]!;
        values.push({ labels: { le: this.bounds[i]!, ...s.labels }, value: acc, metricName: bucket });
      }
      values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: bucket });
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator });
  }

  reset(): void {
    this.series.clear();
  }
}

export function createMetrics(cacheStats: () => { hits: number; misses: number }): AdmissionMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bulwark_admission_' });
  const decisionCounts = new Map<string, PendingCount>();
  const policyCounts = new Map<string, Map<string, PendingCount>>();
  const flush = (m: Map<string, PendingCount>) => { for (const c of m.values()) c.flush(); };
  const decisions = new Counter({
    name: 'bulwark_admission_decisions_total', help: 'AdmissionReviews answered, by endpoint and verdict', labelNames: ['endpoint', 'verdict'], registers: [registry],
    collect() { flush(decisionCounts); },
  });
  const policyResults = new Counter({
    name: 'bulwark_admission_policy_results_total', help: 'Policy results (violations) by policy and action', labelNames: ['policy', 'action'], registers: [registry],
    collect() { for (const m of policyCounts.values()) flush(m); },
  });
  const latency = new LocalHistogram('bulwark_admission_request_duration_seconds', 'Time from request end to response, by endpoint', 'endpoint', LATENCY_BUCKETS);
  registry.registerMetric(latency as unknown as Parameters<Registry['registerMetric']>[0]);
  const badRequests = new Counter({ name: 'bulwark_admission_bad_requests_total', help: 'Requests answered 4xx (malformed review, too large, not found)', labelNames: ['reason'], registers: [registry] });
  const reloads = new Counter({ name: 'bulwark_admission_reloads_total', help: 'File reloads by file and result', labelNames: ['file', 'result'], registers: [registry] });
  const connections = new Counter({
    name: 'bulwark_admission_connections_total', help: 'TCP connections accepted, by outcome of the wait for their first byte (tls, no-data, timeout)', labelNames: ['outcome'], registers: [registry],
  });
  const tlsErrors = new Counter({ name: 'bulwark_admission_tls_handshake_errors_total', help: 'Connections whose TLS handshake failed (client reset or closed it mid-handshake, or spoke bad TLS)', registers: [registry] });
  new Gauge({ name: 'bulwark_admission_image_cache_hits', help: 'Image tag/decision cache hits since start', registers: [registry], collect() { this.set(cacheStats().hits); } });
  new Gauge({ name: 'bulwark_admission_image_cache_misses', help: 'Image tag/decision cache misses since start', registers: [registry], collect() { this.set(cacheStats().misses); } });
  return {
    registry, badRequests, reloads, connections, tlsErrors,
    latencyFor: (endpoint) => latency.child(endpoint),
    decisionFor: (endpoint, verdict) => {
      const key = `${endpoint}\u0000${verdict}`;
      let c = decisionCounts.get(key);
      if (!c) decisionCounts.set(key, (c = new PendingCount(decisions.labels(endpoint, verdict))));
      return c;
    },
    policyResultFor: (policy, action) => {
      let byAction = policyCounts.get(policy);
      if (!byAction) policyCounts.set(policy, (byAction = new Map()));
      let c = byAction.get(action);
      if (!c) byAction.set(action, (c = new PendingCount(policyResults.labels(policy.replace(/\[\d+\]$/, ''), action))));
      return c;
    },
  };
}
