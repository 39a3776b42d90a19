/** GKE issues a client certificate. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isTrue } from '../../../model/value.js';

export const gkeClientCertificate = gkeClusterCheck({
  id: 'BW-IAC-2214', severity: 'high',
  title: 'GKE issues a client certificate',
  rationale: 'The legacy client certificate is a cluster-admin credential that cannot be revoked short of rotating the cluster CA; it is stored in the Terraform state.',
  remediation: 'Set `master_auth { client_certificate_config { issue_client_certificate = false } }` (the default); authenticate with IAM.',
  cis: 'CIS GKE Benchmark 1.5.0 5.8.1', trivy: 'AVD-GCP-0064', checkov: ['CKV_GCP_13'],
  fails: (c) => (isTrue(c.clientCertificate) ? { loc: c.clientCertificate.loc, message: 'issues a cluster-admin client certificate' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  master_auth {\n    client_certificate_config {\n      issue_client_certificate = true\n    }\n  }') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1') }],
    unknown: [{ 'main.tf': 'variable "cert" {}\n' + gke('  initial_node_count = 1\n  master_auth {\n    client_certificate_config {\n      issue_client_certificate = var.cert\n    }\n  }') }],
  },
});
