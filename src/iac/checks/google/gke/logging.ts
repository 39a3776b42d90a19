/** GKE does not send logs to Cloud Logging. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';

export const gkeLogging = gkeClusterCheck({
  id: 'BW-IAC-2211', severity: 'low',
  title: 'GKE does not send logs to Cloud Logging',
  rationale: 'With `logging_service = "none"` neither system nor workload logs reach Cloud Logging: container output and control-plane component logs are gone when a pod or node goes.',
  remediation: 'Set `logging_service = "logging.googleapis.com/kubernetes"` (the default).',
  cis: 'CIS GKE Benchmark 1.5.0 5.7.1', trivy: 'AVD-GCP-0060', checkov: ['CKV_GCP_1'],
  fails: (c) => (c.loggingService.known && c.loggingService.value !== 'logging.googleapis.com/kubernetes' ? { loc: c.loggingService.loc, message: `logs to ${c.loggingService.value ?? 'nothing'} instead of Cloud Logging` } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  logging_service    = "none"') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1') }],
    unknown: [{ 'main.tf': 'variable "svc" {}\n' + gke('  initial_node_count = 1\n  logging_service    = var.svc') }],
  },
});
