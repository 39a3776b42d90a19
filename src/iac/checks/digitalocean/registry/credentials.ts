/** DOCR tokens minted by Terraform (`digitalocean_container_registry_docker_credentials`) that can push or never expire. */
import { defineCheck, failure } from '../../define.js';
import { isTrue } from '../../../model/value.js';
import { tf } from '../../shared/examples.js';

const creds = (body: string) => tf(`resource "digitalocean_container_registry_docker_credentials" "k8s" {\n  registry_name = "acme"\n${body}}`);

export const docrWriteCredentials = defineCheck({
  id: 'BW-IAC-4201', provider: 'digitalocean', service: 'registry', severity: 'high',
  title: 'DOCR credentials created by Terraform can push images',
  trivy: null, checkov: [],
  rationale: 'Docker credentials with `write = true` are usually handed to a cluster as an image pull secret: every pod that can read that secret (or the Terraform state that holds it) can push images and overwrite what the clusters run.',
  remediation: 'Set `write = false` for credentials that clusters pull with; push from CI with its own short-lived token.',
  references: ['https://registry.terraform.io/providers/digitalocean/digitalocean/latest/docs/resources/container_registry_docker_credentials'],
  evaluate: (s) => s.digitalocean.registry.credentials.filter((c) => isTrue(c.write))
    .map((c) => failure(c.meta, `${c.meta.address} mints registry credentials that can push`, c.write.loc)),
  examples: {
    fail: [creds('  write         = true\n')],
    pass: [creds('  expiry_seconds = 86400\n')],
    unknown: [{ 'main.tf': 'variable "w" {}\n' + creds('  write = var.w\n')['main.tf'] }],
  },
});

export const docrLongLivedCredentials = defineCheck({
  id: 'BW-IAC-4202', provider: 'digitalocean', service: 'registry', severity: 'medium',
  title: 'DOCR credentials created by Terraform do not expire',
  trivy: null, checkov: [],
  rationale: 'Without `expiry_seconds` the token is valid for about 50 years: a copy leaked from a pull secret, a CI log or the state file works long after everyone forgot it exists.',
  remediation: 'Set `expiry_seconds` (days, not years) and let Terraform rotate the credentials.',
  references: ['https://registry.terraform.io/providers/digitalocean/digitalocean/latest/docs/resources/container_registry_docker_credentials'],
  evaluate: (s) => s.digitalocean.registry.credentials.filter((c) => c.expirySeconds.known && (c.expirySeconds.value <= 0 || c.expirySeconds.value > 90 * 86400))
    .map((c) => failure(c.meta, `${c.meta.address} mints registry credentials valid for ${c.expirySeconds.known ? Math.round(c.expirySeconds.value / 86400) : '?'} days`, c.expirySeconds.loc)),
  examples: {
    fail: [creds(''), creds('  expiry_seconds = 315360000\n')],
    pass: [creds('  expiry_seconds = 2592000\n')],
    unknown: [{ 'main.tf': 'variable "exp" {}\n' + creds('  expiry_seconds = var.exp\n')['main.tf'] }],
  },
});
