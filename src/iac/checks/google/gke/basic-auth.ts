/** GKE basic authentication is configured. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isTrue } from '../../../model/value.js';

export const gkeBasicAuth = gkeClusterCheck({
  id: 'BW-IAC-2213', severity: 'high',
  title: 'GKE basic authentication is configured',
  rationale: 'A static username and password never expire, cannot be scoped and are not tied to an IAM identity: anyone who reads the Terraform state has cluster-admin.',
  remediation: 'Remove `master_auth.username`/`password` (GKE 1.19+ no longer supports them).',
  trivy: 'AVD-GCP-0064', checkov: ['CKV_GCP_19'],
  fails: (c) => (isTrue(c.masterAuthBasic) ? { loc: c.masterAuthBasic.loc, message: 'configures basic authentication (master_auth.username)' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  master_auth {\n    username = "admin"\n    password = "correct-horse-battery-staple"\n  }') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1') }],
    unknown: [{ 'main.tf': 'variable "user" {}\n' + gke('  initial_node_count = 1\n  master_auth {\n    username = var.user\n  }') }],
  },
});
