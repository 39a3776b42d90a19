import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregatorRegistry, Counter, Histogram, Registry } from 'prom-client';
import { createMetrics } from './metrics.js';

/** The lines of one metric family (HELP, TYPE, samples) from an exposition text. */
function family(text: string, name: string): string {
  return (text.split('\n\n').find((block) => block.startsWith(`# HELP ${name} `)) ?? '').trimEnd();
}

test('metrics: the hot-path counters and histogram expose exactly what prom-client\'s own Counter/Histogram would', async () => {
  const m = createMetrics(() => ({ hits: 0, misses: 0 }));
  const ref = new Registry();
  const buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  const h = new Histogram({ name: 'bulwark_admission_request_duration_seconds', help: 'Time from request end to response, by endpoint', labelNames: ['endpoint'], registers: [ref], buckets });
  const d = new Counter({ name: 'bulwark_admission_decisions_total', help: 'AdmissionReviews answered, by endpoint and verdict', labelNames: ['endpoint', 'verdict'], registers: [ref] });
  const p = new Counter({ name: 'bulwark_admission_policy_results_total', help: 'Policy results (violations) by policy and action', labelNames: ['policy', 'action'], registers: [ref] });
  const seconds = [0.0001, 0.0005, 0.0007, 0.003, 0.003, 0.2, 7, 12, 0.01];
  for (const [i, s] of seconds.entries()) {
    const endpoint = i % 3 ? 'validate' : 'mutate';
    m.latencyFor(endpoint).observe(s);
    h.observe({ endpoint }, s);
    m.decisionFor(endpoint, i % 2 ? 'allow' : 'deny').inc();
    d.inc({ endpoint, verdict: i % 2 ? 'allow' : 'deny' });
  }
  for (const policy of ['VAP-team-label[0]', 'VAP-team-label[1]', 'BW-K8S-0101', 'VAP-team-label']) {
    m.policyResultFor(policy, 'enforce').inc();
    p.inc({ policy: policy.replace(/\[\d+\]$/, ''), action: 'enforce' });
  }
  const ours = await m.registry.metrics();
  const theirs = await ref.metrics();
  for (const name of ['bulwark_admission_request_duration_seconds', 'bulwark_admission_decisions_total', 'bulwark_admission_policy_results_total']) {
    assert.ok(family(theirs, name).length > 0);
    assert.equal(family(ours, name), family(theirs, name), name);
  }
  assert.match(ours, /bulwark_admission_policy_results_total\{policy="VAP-team-label",action="enforce"\} 3/);
  // Counts given to prom-client at one scrape are not given again at the next.
  m.decisionFor('validate', 'allow').inc();
  d.inc({ endpoint: 'validate', verdict: 'allow' });
  assert.equal(family(await m.registry.metrics(), 'bulwark_admission_decisions_total'), family(await ref.metrics(), 'bulwark_admission_decisions_total'));

  // --workers: the primary sums every worker's registry (AggregatorRegistry) — the histogram sums like prom-client's.
  const combined = AggregatorRegistry.aggregate([await m.registry.getMetricsAsJSON(), await m.registry.getMetricsAsJSON()] as Parameters<typeof AggregatorRegistry.aggregate>[0]);
  const text = await combined.metrics();
  assert.match(text, /bulwark_admission_request_duration_seconds_count\{endpoint="validate"\} 12\b/);
  assert.match(text, /bulwark_admission_request_duration_seconds_bucket\{le="\+Inf",endpoint="mutate"\} 6\b/);
});
