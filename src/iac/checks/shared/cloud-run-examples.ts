/** Cloud Run example fixtures: a hardened `google_cloud_run_v2_service`, each check's fail example changes one part. */
interface RunParts {
  ingress?: string | null;
  binAuth?: string | null;
  sa?: string | null;
  key?: string | null;
  env?: string;
  extra?: string;
}

export function runV2(p: RunParts = {}): string {
  const ingress = p.ingress === undefined ? '"INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"' : p.ingress;
  const binAuth = p.binAuth === undefined ? 'use_default = true' : p.binAuth;
  const sa = p.sa === undefined ? 'google_service_account.api.email' : p.sa;
  const key = p.key === undefined ? 'google_kms_crypto_key.run.id' : p.key;
  const env = p.env ?? 'name  = "LOG_LEVEL"\n        value = "info"';
  return [
    'resource "google_service_account" "api" {', '  account_id = "api"', '}',
    'resource "google_kms_crypto_key" "run" {', '  name     = "run"', '  key_ring = "projects/acme/locations/us-central1/keyRings/run"', '}',
    'resource "google_cloud_run_v2_service" "api" {',
    '  name     = "api"',
    '  location = "us-central1"',
    ...(ingress === null ? [] : [`  ingress  = ${ingress}`]),
    ...(binAuth === null ? [] : ['  binary_authorization {', `    ${binAuth}`, '  }']),
    '  template {',
    ...(sa === null ? [] : [`    service_account = ${sa}`]),
    ...(key === null ? [] : [`    encryption_key  = ${key}`]),
    '    containers {',
    '      image = "us-docker.pkg.dev/acme/app/api:1.4.2"',
    '      env {',
    `        ${env}`,
    '      }',
    '    }',
    '  }',
    '}',
    p.extra ?? '',
  ].join('\n');
}

/** The same service as Knative YAML (`gcloud run services describe api --format export`). */
export function runYaml(p: { annotations?: string; templateAnnotations?: string; sa?: string; env?: string } = {}): string {
  return [
    'apiVersion: serving.knative.dev/v1',
    'kind: Service',
    'metadata:',
    '  name: api',
    '  annotations:',
    `    ${p.annotations ?? 'run.googleapis.com/ingress: internal-and-cloud-load-balancing\n    run.googleapis.com/binary-authorization: default'}`,
    'spec:',
    '  template:',
    '    metadata:',
    '      annotations:',
    `        ${p.templateAnnotations ?? 'run.googleapis.com/encryption-key: projects/acme/locations/us-central1/keyRings/run/cryptoKeys/run'}`,
    '    spec:',
    `      serviceAccountName: ${p.sa ?? 'api@acme.iam.gserviceaccount.com'}`,
    '      containers:',
    '        - image: us-docker.pkg.dev/acme/app/api:1.4.2',
    '          env:',
    `            ${p.env ?? '- name: LOG_LEVEL\n              value: info'}`,
    '',
  ].join('\n');
}
