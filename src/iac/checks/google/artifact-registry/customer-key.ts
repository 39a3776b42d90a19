/** Artifact Registry repository is not encrypted with a Cloud KMS key. */
import { arCheck, ar } from '../../shared/cloud-factories.js';
import { isUnset } from '../../../model/value.js';

export const arCustomerKey = arCheck({
  id: 'BW-IAC-2301', severity: 'low',
  title: 'Artifact Registry repository is not encrypted with a Cloud KMS key',
  rationale: 'With Google-managed keys, access to image layers is governed by IAM alone; a customer-managed key adds a separately audited control and lets you cut off access to all content at once.',
  remediation: 'Set `kms_key_name = google_kms_crypto_key.images.id` (at creation).',
  trivy: null, checkov: ['CKV_GCP_84'],
  fails: (r) => (isUnset(r.kmsKey) ? { loc: r.kmsKey.loc, message: 'uses Google-managed encryption keys' } : undefined),
  examples: {
    fail: [{ 'main.tf': ar('') }],
    pass: [{ 'main.tf': ar('  kms_key_name  = "projects/acme/locations/us-central1/keyRings/ar/cryptoKeys/images"\n') }],
    unknown: [{ 'main.tf': 'variable "k" {}\n' + ar('  kms_key_name  = var.k\n') }],
  },
});
