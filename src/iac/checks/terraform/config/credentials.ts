/**
 * Credentials written into Terraform configuration: provider blocks of the other providers that run containers
 * (Google, AzureRM, DigitalOcean, Kubernetes/Helm), unencrypted S3 state, and secret-named variables with literal
 * defaults. A value from a variable without a default is unknown and never fails; a literal default counts as written.
 */
import type { Severity } from '../../../../core/index.js';
import { defineCheck, failure, type IacCheck } from '../../define.js';
import { bool, str } from '../../../model/read.js';
import { tf } from '../../shared/examples.js';

interface ProviderSecret {
  id: string; provider: string; keys: string[]; severity: Severity; title: string; rationale: string; remediation: string;
  trivy?: string | null; checkov?: string[]; references: string[]; fail: string; pass: string; unknown: string;
}

function providerSecret(d: ProviderSecret): IacCheck {
  return defineCheck({
    id: d.id, provider: 'terraform', service: 'config', severity: d.severity, title: d.title, rationale: d.rationale, remediation: d.remediation,
    ...(d.trivy !== undefined ? { trivy: d.trivy } : {}), ...(d.checkov ? { checkov: d.checkov } : {}), references: d.references,
    evaluate: (s) => s.terraform.providers.filter((p) => p.name === d.provider).flatMap((p) => d.keys.flatMap((k) => {
      const v = str(p.body, k);
      return v.known && v.value ? [failure(p.meta, `provider "${d.provider}" sets ${k} in the configuration`, v.loc)] : [];
    })),
    examples: { fail: [tf(d.fail)], pass: [tf(d.pass)], unknown: [tf(d.unknown)] },
  });
}

export const tfGoogleProviderCredentials = providerSecret({
  id: 'BW-IAC-6103', provider: 'google', keys: ['credentials', 'access_token'], severity: 'critical',
  title: 'Google provider has hard-coded credentials',
  trivy: null, checkov: [],
  rationale: 'A service-account key or access token in the provider block is committed with the code and copied into plans and state; a service-account key does not expire.',
  remediation: 'Remove `credentials`/`access_token`; use Application Default Credentials, workload identity federation in CI, or `GOOGLE_APPLICATION_CREDENTIALS` outside the repository.',
  references: ['https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/provider_reference#authentication'],
  fail: 'provider "google" {\n  project     = "acme-prod"\n  credentials = "{\\"type\\": \\"service_account\\", \\"private_key\\": \\"-----BEGIN PRIVATE KEY-----\\"}"\n}',
  pass: 'provider "google" {\n  project = "acme-prod"\n  region  = "us-central1"\n}',
  unknown: 'variable "creds" {}\nprovider "google" {\n  project     = "acme-prod"\n  credentials = var.creds\n}',
});

export const tfAzureProviderSecret = providerSecret({
  id: 'BW-IAC-6104', provider: 'azurerm', keys: ['client_secret', 'client_certificate_password'], severity: 'critical',
  title: 'AzureRM provider has a hard-coded client secret',
  trivy: null, checkov: [],
  rationale: 'A service principal secret in the provider block is committed with the code and copied into plans and state, and grants whatever the principal can do in the subscription.',
  remediation: 'Remove `client_secret`; use Azure CLI login, managed identity or OIDC (`use_oidc = true`) in CI, or `ARM_CLIENT_SECRET` from a secret store.',
  references: ['https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs#authenticating-to-azure'],
  fail: 'provider "azurerm" {\n  features {}\n  client_id     = "00000000-0000-0000-0000-000000000000"\n  client_secret = "Wq8Q~notarealsecret"\n}',
  pass: 'provider "azurerm" {\n  features {}\n  use_oidc = true\n}',
  unknown: 'variable "secret" {}\nprovider "azurerm" {\n  features {}\n  client_secret = var.secret\n}',
});

export const tfDigitalOceanToken = providerSecret({
  id: 'BW-IAC-6105', provider: 'digitalocean', keys: ['token', 'spaces_secret_key'], severity: 'critical',
  title: 'DigitalOcean provider has a hard-coded API token',
  trivy: null, checkov: [],
  rationale: 'A DigitalOcean personal access token has the full rights of its account (or scope): written into the provider block it is committed with the code and copied into plans and state.',
  remediation: 'Remove `token`; set `DIGITALOCEAN_TOKEN` from a secret store.',
  references: ['https://registry.terraform.io/providers/digitalocean/digitalocean/latest/docs#argument-reference'],
  fail: 'provider "digitalocean" {\n  token = "dop_v1_0000000000000000000000000000000000000000000000000000000000000000"\n}',
  pass: 'provider "digitalocean" {}',
  unknown: 'variable "do_token" {}\nprovider "digitalocean" {\n  token = var.do_token\n}',
});

export const tfKubernetesProviderSecret = providerSecret({
  id: 'BW-IAC-6106', provider: 'kubernetes', keys: ['token', 'client_key', 'password'], severity: 'high',
  title: 'Kubernetes provider has hard-coded cluster credentials',
  trivy: null, checkov: [],
  rationale: 'A bearer token, client key or password for the API server in the provider block is committed with the code and copied into plans and state; Terraform usually runs with cluster-admin rights.',
  remediation: 'Use `exec` with the cloud CLI (`aws eks get-token`, `gke-gcloud-auth-plugin`, `kubelogin`), or a data source for short-lived tokens, instead of literal credentials.',
  references: ['https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs#authentication'],
  fail: 'provider "kubernetes" {\n  host  = "https://10.0.0.1"\n  token = "eyJhbGciOiJSUzI1NiJ9.notarealtoken"\n}',
  pass: 'provider "kubernetes" {\n  host = "https://10.0.0.1"\n  exec {\n    api_version = "client.authentication.k8s.io/v1beta1"\n    command     = "aws"\n    args        = ["eks", "get-token", "--cluster-name", "prod"]\n  }\n}',
  unknown: 'variable "token" {}\nprovider "kubernetes" {\n  host  = "https://10.0.0.1"\n  token = var.token\n}',
});

export const tfS3BackendUnencrypted = defineCheck({
  id: 'BW-IAC-6107', provider: 'terraform', service: 'config', severity: 'medium',
  title: 'S3 state backend does not request encryption',
  trivy: null, checkov: [],
  rationale: 'Terraform state holds every attribute of every resource, including generated passwords, keys and tokens; without `encrypt = true` the state object is written without requesting server-side encryption.',
  remediation: 'Set `encrypt = true` (and `kms_key_id` for a customer key) in the `backend "s3"` block; also enable default encryption and block public access on the bucket.',
  references: ['https://developer.hashicorp.com/terraform/language/backend/s3#encrypt'],
  evaluate: (s) => s.terraform.backends.filter((b) => b.type === 's3').flatMap((b) => {
    const enc = bool(b.body, 'encrypt', false);
    return enc.known && !enc.value ? [failure(b.meta, 'backend "s3" does not set encrypt = true', enc.loc)] : [];
  }),
  examples: {
    fail: [tf('terraform {\n  backend "s3" {\n    bucket = "acme-state"\n    key    = "prod/terraform.tfstate"\n    region = "eu-west-1"\n  }\n}')],
    pass: [tf('terraform {\n  backend "s3" {\n    bucket  = "acme-state"\n    key     = "prod/terraform.tfstate"\n    region  = "eu-west-1"\n    encrypt = true\n  }\n}')],
  },
});

const SECRET_VAR = /(password|passwd|secret|token|api_?key|private_?key|access_?key|client_?secret)$/i;

export const tfSecretVariableDefault = defineCheck({
  id: 'BW-IAC-6108', provider: 'terraform', service: 'config', severity: 'high',
  title: 'Secret variable has a literal default value',
  trivy: null, checkov: [],
  rationale: 'A default on a password, token or key variable is a secret committed with the code: every caller that does not override it uses the same known value, and `sensitive = true` only hides it from plan output.',
  remediation: 'Remove the default so the value must come from a secret store, `TF_VAR_…` or a tfvars file that is not committed; generate passwords with `random_password` or the service\'s managed secret.',
  references: ['https://developer.hashicorp.com/terraform/tutorials/configuration-language/sensitive-variables'],
  evaluate: (s) => s.terraform.variables.filter((v) => SECRET_VAR.test(v.name)).flatMap((v) => {
    const d = v.default;
    if (!d || d.kind !== 'scalar' || typeof d.value !== 'string' || d.value === '') return [];
    return [failure(v.meta, `variable "${v.name}" has a literal default`, d.loc)];
  }),
  examples: {
    fail: [tf('variable "db_password" {\n  type      = string\n  sensitive = true\n  default   = "hunter2"\n}')],
    pass: [tf('variable "db_password" {\n  type      = string\n  sensitive = true\n}\nvariable "db_name" {\n  default = "app"\n}')],
  },
});

