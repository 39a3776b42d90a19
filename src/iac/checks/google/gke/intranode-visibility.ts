/** GKE intranode visibility is disabled. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkeIntranodeVisibility = gkeClusterCheck({
  id: 'BW-IAC-2216', severity: 'low',
  title: 'GKE intranode visibility is disabled',
  rationale: 'Without intranode visibility, pod-to-pod traffic on the same node bypasses the VPC: flow logs, firewall rules and packet mirroring do not see it.',
  remediation: 'Set `enable_intranode_visibility = true`.',
  cis: 'CIS GKE Benchmark 1.5.0 5.6.1', trivy: null, checkov: ['CKV_GCP_61'], notAutopilot: true,
  fails: (c) => (isFalse(c.intranodeVisibility) ? { loc: c.intranodeVisibility.loc, message: 'has intranode visibility disabled' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count          = 1\n  enable_intranode_visibility = true') }],
    unknown: [{ 'main.tf': 'variable "v" {}\n' + gke('  initial_node_count          = 1\n  enable_intranode_visibility = var.v') }],
  },
});
