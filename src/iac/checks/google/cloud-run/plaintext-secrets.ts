/** Cloud Run container with a secret in a plain environment variable. */
import { defineCheck, failure } from '../../define.js';
import { label } from '../../shared/cloud.js';
import { runV2, runYaml } from '../../shared/cloud-run-examples.js';
import { plaintextSecrets } from '../../shared/secret-env.js';

export const runPlaintextSecrets = defineCheck({
  id: 'BW-IAC-2102', provider: 'google', service: 'cloud-run', severity: 'high',
  trivy: null, checkov: [],
  title: 'Cloud Run service has a secret in a plain environment variable',
  rationale: 'Plain `env` values are part of the service revision: anyone with run.services.get (roles/run.viewer), the Terraform state and every revision\'s history can read them, and they cannot be rotated without a deploy.',
  remediation: 'Store the value in Secret Manager and reference it: `env { name = "DB_PASSWORD" value_source { secret_key_ref { secret = google_secret_manager_secret.db.secret_id version = "latest" } } }` (YAML `valueFrom.secretKeyRef`).',
  references: ['https://cloud.google.com/run/docs/configuring/services/secrets'],
  evaluate: (s) => s.google.cloudRun.services.flatMap((svc) => svc.containers.flatMap((c) => {
    const hits = plaintextSecrets(c.environment);
    return hits.length ? [failure(svc.meta, `service ${label(svc.meta, svc.name)} sets ${hits.map((h) => h.name).join(', ')} in plain text`, hits[0]!.loc)] : [];
  })),
  examples: {
    fail: [{ 'main.tf': runV2({ env: 'name  = "DB_PASSWORD"\n        value = "hunter2"' }) }, { 'service.yaml': runYaml({ env: '- name: API_TOKEN\n              value: s3cr3t' }) }],
    pass: [
      { 'main.tf': runV2({ env: 'name = "DB_PASSWORD"\n        value_source {\n          secret_key_ref {\n            secret  = "db-password"\n            version = "latest"\n          }\n        }' }) },
      { 'service.yaml': runYaml({ env: '- name: API_TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: api-token\n                  key: latest' }) },
    ],
    unknown: [{ 'main.tf': `variable "db_password" {\n  sensitive = true\n}\n${runV2({ env: 'name  = "DB_PASSWORD"\n        value = var.db_password' })}` }],
  },
});
