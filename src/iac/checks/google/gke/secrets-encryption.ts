/** GKE Secrets are not encrypted with a Cloud KMS key. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isUnset } from '../../../model/value.js';

export const gkeSecretsEncryption = gkeClusterCheck({
  id: 'BW-IAC-2208', severity: 'medium',
  trivy: null, checkov: [],
  title: 'GKE Secrets are not encrypted with a Cloud KMS key',
  rationale: 'Application-layer secrets encryption wraps the etcd data-encryption key with your Cloud KMS key: reading Secrets from a stolen etcd snapshot then also needs that key, and key use is audited.',
  remediation: 'Set `database_encryption { state = "ENCRYPTED" key_name = google_kms_crypto_key.gke.id }`.',
  cis: 'CIS GKE Benchmark 1.5.0 5.3.1',
  fails: (c) => (isUnset(c.secretsEncryptionKey) ? { loc: c.secretsEncryptionKey.loc, message: 'does not encrypt Secrets with a Cloud KMS key' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  database_encryption {\n    state    = "ENCRYPTED"\n    key_name = "projects/acme/locations/us-central1/keyRings/gke/cryptoKeys/secrets"\n  }') }],
    unknown: [{ 'main.tf': 'variable "state" {}\n' + gke('  initial_node_count = 1\n  database_encryption {\n    state    = var.state\n    key_name = "k"\n  }') }],
  },
});
