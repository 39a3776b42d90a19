/**
 * Terraform configuration that trusts more than it should: registry modules without a version constraint, providers
 * told to skip TLS verification, and HTTP state backends over plain HTTP (state holds every secret Terraform saw).
 */
import { defineCheck, failure } from '../../define.js';
import { bool, str } from '../../../model/read.js';
import { tf } from '../../shared/examples.js';

/** `namespace/name/provider` (optionally `host/` first): a registry source, not a path, git or URL source. */
const REGISTRY_SOURCE = /^([a-z0-9.-]+\.[a-z]{2,}\/)?[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[a-z0-9]+(\/\/.*)?$/;

export const tfRegistryModuleUnpinned = defineCheck({
  id: 'BW-IAC-6109', provider: 'terraform', service: 'config', severity: 'medium',
  title: 'Registry module has no version constraint',
  trivy: null, checkov: [],
  rationale: 'Without `version`, `terraform init` takes the newest release of the module: a compromised or careless publisher changes what your next apply creates (node roles, cluster endpoints), unreviewed.',
  remediation: 'Pin the module with `version = "20.8.5"` (or a narrow `~> 20.8.0`) and update it deliberately.',
  references: ['https://developer.hashicorp.com/terraform/language/modules/sources#terraform-registry'],
  evaluate: (s) => s.terraform.modules.filter((m) => m.source.known && m.source.value && REGISTRY_SOURCE.test(m.source.value) && m.version.known && !m.version.value)
    .map((m) => failure(m.meta, `module "${m.name}" takes ${m.source.known ? m.source.value : ''} at whatever version is newest`, m.source.loc)),
  examples: {
    fail: [tf('module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n}')],
    pass: [tf('module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "20.8.5"\n}'), tf('module "net" {\n  source = "./modules/net"\n}')],
  },
});

export const tfProviderInsecureTls = defineCheck({
  id: 'BW-IAC-6110', provider: 'terraform', service: 'config', severity: 'high',
  title: 'Provider skips TLS certificate verification',
  trivy: null, checkov: [],
  rationale: '`insecure = true` makes the provider accept any certificate from the API server it manages: anyone on the path can impersonate the cluster or cloud API and read the credentials the provider sends, or feed it a different state.',
  remediation: 'Remove `insecure`; give the provider the cluster\'s CA (`cluster_ca_certificate`) or a trusted CA bundle.',
  references: ['https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs#insecure-1'],
  evaluate: (s) => s.terraform.providers.filter((p) => ['kubernetes', 'helm', 'aws', 'kubectl'].includes(p.name)).flatMap((p) => {
    for (const path of ['insecure', 'kubernetes.insecure']) {
      const v = bool(p.body, path, false);
      if (v.known && v.value) return [failure(p.meta, `provider "${p.name}" sets ${path} = true`, v.loc)];
    }
    return [];
  }),
  examples: {
    fail: [tf('provider "kubernetes" {\n  host     = "https://10.0.0.1"\n  insecure = true\n}'), tf('provider "helm" {\n  kubernetes {\n    host     = "https://10.0.0.1"\n    insecure = true\n  }\n}')],
    pass: [tf('provider "kubernetes" {\n  host                   = "https://10.0.0.1"\n  cluster_ca_certificate = file("ca.pem")\n}')],
    unknown: [tf('variable "insecure" {}\nprovider "kubernetes" {\n  host     = "https://10.0.0.1"\n  insecure = var.insecure\n}')],
  },
});

export const tfHttpBackendPlain = defineCheck({
  id: 'BW-IAC-6111', provider: 'terraform', service: 'config', severity: 'high',
  title: 'HTTP state backend does not use HTTPS',
  trivy: null, checkov: [],
  rationale: 'Terraform state contains every secret the configuration touched (database passwords, kubeconfigs, generated keys). An `http` backend at an `http://` address sends it, and the backend\'s credentials, in clear text; `skip_cert_verification` does the same for anyone who can intercept.',
  remediation: 'Use an `https://` address with certificate verification (and the lock/unlock addresses too).',
  references: ['https://developer.hashicorp.com/terraform/language/backend/http'],
  evaluate: (s) => s.terraform.backends.filter((b) => b.type === 'http').flatMap((b) => {
    for (const key of ['address', 'lock_address', 'unlock_address']) {
      const v = str(b.body, key);
      if (v.known && v.value?.startsWith('http://')) return [failure(b.meta, `the http backend's ${key} is plain HTTP`, v.loc)];
    }
    const skip = bool(b.body, 'skip_cert_verification', false);
    return skip.known && skip.value ? [failure(b.meta, 'the http backend skips certificate verification', skip.loc)] : [];
  }),
  examples: {
    fail: [tf('terraform {\n  backend "http" {\n    address = "http://state.example.com/prod"\n  }\n}')],
    pass: [tf('terraform {\n  backend "http" {\n    address = "https://state.example.com/prod"\n  }\n}')],
  },
});
