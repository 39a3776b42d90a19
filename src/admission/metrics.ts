/** Prometheus metrics (prom-client, own registry): decisions by verdict and policy, latency, reloads, cache. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface AdmissionMetrics {
  registry: Registry;
  /** Label-bound children, cached: prom-client otherwise hashes a label object on every observation (hot path). */
  latencyFor(endpoint: string): { observe(v: number): void };
  decisionFor(endpoint: string, verdict: string): { inc(): void };
  policyResultFor(policy: string, action: string): { inc(): void };
  decisions: Counter<'endpoint' | 'verdict'>;
  policyResults: Counter<'policy' | 'action'>;
  latency: Histogram<'endpoint'>;
  badRequests: Counter<'reason'>;
  reloads: Counter<'file' | 'result'>;
}

export function createMetrics(cacheStats: () => { hits: number; misses: number }): AdmissionMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bulwark_admission_' });
  const m: Omit<AdmissionMetrics, 'latencyFor' | 'decisionFor' | 'policyResultFor'> = {
    registry,
    decisions: new Counter({ name: 'bulwark_admission_decisions_total', help: 'AdmissionReviews answered, by endpoint and verdict', labelNames: ['endpoint', 'verdict'], registers: [registry] }),
    policyResults: new Counter({ name: 'bulwark_admission_policy_results_total', help: 'Policy results (violations) by policy and action', labelNames: ['policy', 'action'], registers: [registry] }),
    latency: new Histogram({
      name: 'bulwark_admission_request_duration_seconds', help: 'Time from request end to response, by endpoint', labelNames: ['endpoint'], registers: [registry],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    badRequests: new Counter({ name: 'bulwark_admission_bad_requests_total', help: 'Requests answered 4xx (malformed review, too large, not found)', labelNames: ['reason'], registers: [registry] }),
    reloads: new Counter({ name: 'bulwark_admission_reloads_total', help: 'File reloads by file and result', labelNames: ['file', 'result'], registers: [registry] }),
  };
  new Gauge({ name: 'bulwark_admission_image_cache_hits', help: 'Image tag/decision cache hits since start', registers: [registry], collect() { this.set(cacheStats().hits); } });
  new Gauge({ name: 'bulwark_admission_image_cache_misses', help: 'Image tag/decision cache misses since start', registers: [registry], collect() { this.set(cacheStats().misses); } });
  return { ...m, latencyFor: cached((e) => m.latency.labels(e)), decisionFor: cached((e, v) => m.decisions.labels(e, v)), policyResultFor: cached((p, a) => m.policyResults.labels(p, a)) };
}

function cached<C>(make: (...values: string[]) => C): (...values: string[]) => C {
  const children = new Map<string, C>();
  return (...values) => {
    const key = values.join('\u0000');
    let c = children.get(key);
    if (!c) children.set(key, (c = make(...values)));
    return c;
  };
}
