/** GKE does not use Google Groups for RBAC. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isUnset } from '../../../model/value.js';

export const gkeGoogleGroups = gkeClusterCheck({
  id: 'BW-IAC-2217', severity: 'low',
  title: 'GKE does not use Google Groups for RBAC',
  rationale: 'Without Google Groups for RBAC, bindings name individual users: leavers keep access until someone edits every binding.',
  remediation: 'Set `authenticator_groups_config { security_group = "gke-security-groups@example.com" }` and bind groups.',
  cis: 'CIS GKE Benchmark 1.5.0 5.8.2', trivy: null, checkov: ['CKV_GCP_65'],
  fails: (c) => (isUnset(c.authenticatorGroupsSecurityGroup) ? { loc: c.authenticatorGroupsSecurityGroup.loc, message: 'does not use Google Groups for RBAC' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  authenticator_groups_config {\n    security_group = "gke-security-groups@acme.example"\n  }') }],
    unknown: [{ 'main.tf': 'variable "g" {}\n' + gke('  initial_node_count = 1\n  authenticator_groups_config {\n    security_group = var.g\n  }') }],
  },
});
