/** GKE does not send metrics to Cloud Monitoring. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';

export const gkeMonitoring = gkeClusterCheck({
  id: 'BW-IAC-2212', severity: 'low',
  title: 'GKE does not send metrics to Cloud Monitoring',
  rationale: 'Without Cloud Monitoring, resource exhaustion and crash loops used by attacks (and by mistakes) go unseen.',
  remediation: 'Set `monitoring_service = "monitoring.googleapis.com/kubernetes"` (the default).',
  trivy: 'AVD-GCP-0052', checkov: ['CKV_GCP_8'],
  fails: (c) => (c.monitoringService.known && c.monitoringService.value !== 'monitoring.googleapis.com/kubernetes' ? { loc: c.monitoringService.loc, message: `sends metrics to ${c.monitoringService.value ?? 'nothing'} instead of Cloud Monitoring` } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  monitoring_service = "none"') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1') }],
    unknown: [{ 'main.tf': 'variable "svc" {}\n' + gke('  initial_node_count = 1\n  monitoring_service = var.svc') }],
  },
});
