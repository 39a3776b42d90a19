/** Cloud Run service settings: ingress, identity, Binary Authorization, customer-managed keys. */
import { runCheck } from '../../shared/cloud-factories.js';
import { runV2, runYaml } from '../../shared/cloud-run-examples.js';
import { isFalse, isOneOf, isUnset } from '../../../model/value.js';
import { unpinnedImage } from '../../shared/images.js';

export const runIngressAll = runCheck({
  id: 'BW-IAC-2103', severity: 'low',
  trivy: null, checkov: [],
  title: 'Cloud Run service accepts traffic from the internet directly',
  rationale: 'With ingress `all` the run.app URL is reachable from anywhere, bypassing the load balancer, Cloud Armor policies and IAP that may front the service.',
  remediation: 'Set `ingress = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"` (or `_INTERNAL_ONLY`); YAML annotation `run.googleapis.com/ingress: internal-and-cloud-load-balancing`.',
  references: ['https://cloud.google.com/run/docs/securing/ingress'],
  fails: (r) => (isOneOf(r.ingress, 'all') ? { loc: r.ingress.loc, message: 'accepts traffic from the internet (ingress all)' } : undefined),
  examples: {
    fail: [{ 'main.tf': runV2({ ingress: null }) }, { 'service.yaml': runYaml({ annotations: 'run.googleapis.com/ingress: all' }) }],
    pass: [{ 'main.tf': runV2() }, { 'service.yaml': runYaml() }],
    unknown: [{ 'main.tf': `variable "ingress" {}\n${runV2({ ingress: 'var.ingress' })}` }],
  },
});

export const runDefaultServiceAccount = runCheck({
  id: 'BW-IAC-2104', severity: 'medium',
  trivy: null, checkov: [],
  title: 'Cloud Run service runs as the Compute Engine default service account',
  rationale: 'Without a service account a revision runs as PROJECT_NUMBER-compute@developer.gserviceaccount.com, which has the Editor role in many projects: code execution in the container becomes write access to most of the project.',
  remediation: 'Create a dedicated service account with only the roles the service needs and set `template { service_account = google_service_account.api.email }` (YAML `serviceAccountName`).',
  references: ['https://cloud.google.com/run/docs/securing/service-identity'],
  fails: (r) => {
    const sa = r.serviceAccount;
    if (isUnset(sa)) return { loc: sa.loc, message: 'runs as the Compute Engine default service account' };
    return sa.known && sa.value?.endsWith('-compute@developer.gserviceaccount.com') ? { loc: sa.loc, message: `runs as the default service account ${sa.value}` } : undefined;
  },
  examples: {
    fail: [{ 'main.tf': runV2({ sa: null }) }, { 'service.yaml': runYaml({ sa: '123456789-compute@developer.gserviceaccount.com' }) }],
    pass: [{ 'main.tf': runV2() }, { 'service.yaml': runYaml() }],
    unknown: [{ 'main.tf': `variable "sa" {}\n${runV2({ sa: 'var.sa' })}` }],
  },
});

export const runBinaryAuthorization = runCheck({
  id: 'BW-IAC-2105', severity: 'medium',
  trivy: null, checkov: [],
  title: 'Cloud Run service does not enforce Binary Authorization',
  rationale: 'Without Binary Authorization any image the deployer can name is run, including unsigned or unscanned ones; with it, only images attested by your build pipeline deploy.',
  remediation: 'Add `binary_authorization { use_default = true }` (or a named `policy`); YAML annotation `run.googleapis.com/binary-authorization: default`.',
  references: ['https://cloud.google.com/binary-authorization/docs/run/enabling-binauthz-cloud-run'],
  fails: (r) => (isFalse(r.binaryAuthorization) ? { loc: r.binaryAuthorization.loc, message: 'does not enforce Binary Authorization' } : undefined),
  examples: {
    fail: [{ 'main.tf': runV2({ binAuth: null }) }, { 'main.tf': runV2({ binAuth: 'use_default = false' }) }, { 'service.yaml': runYaml({ annotations: 'run.googleapis.com/ingress: internal' }) }],
    pass: [{ 'main.tf': runV2() }, { 'main.tf': runV2({ binAuth: 'policy = "projects/acme/platforms/cloudRun/policies/prod"' }) }, { 'service.yaml': runYaml() }],
    unknown: [{ 'main.tf': `variable "binauthz" {}\n${runV2({ binAuth: 'use_default = var.binauthz' })}` }],
  },
});

export const runCustomerKey = runCheck({
  id: 'BW-IAC-2106', severity: 'low',
  trivy: null, checkov: [],
  title: 'Cloud Run service does not use a customer-managed encryption key',
  rationale: 'With a CMEK, the container image copy and data Cloud Run stores for the service are encrypted with a key you control, audit and can revoke; by default Google-managed keys are used.',
  remediation: 'Set `template { encryption_key = google_kms_crypto_key.run.id }` (YAML template annotation `run.googleapis.com/encryption-key`).',
  references: ['https://cloud.google.com/run/docs/securing/using-cmek'],
  fails: (r) => (isUnset(r.encryptionKey) ? { loc: r.encryptionKey.loc, message: 'does not use a customer-managed encryption key' } : undefined),
  examples: {
    fail: [{ 'main.tf': runV2({ key: null }) }, { 'service.yaml': runYaml({ templateAnnotations: 'autoscaling.knative.dev/maxScale: "10"' }) }],
    pass: [{ 'main.tf': runV2() }, { 'service.yaml': runYaml() }],
    unknown: [{ 'main.tf': `variable "key" {}\n${runV2({ key: 'var.key' })}` }],
  },
});

export const runImageNotPinned = runCheck({
  id: 'BW-IAC-2107', severity: 'low',
  trivy: null, checkov: [],
  title: 'Cloud Run service image is not pinned to a version',
  rationale: 'An image without a tag, or with `latest`, changes under the same name: every new revision deploys whatever was pushed last, unreviewed and unscanned, and Binary Authorization attestations cannot name what they approved.',
  remediation: 'Deploy a version tag (`api:1.4.2`), better a digest (`api@sha256:…`).',
  references: ['https://cloud.google.com/run/docs/deploying#service'],
  fails: (r) => {
    const c = r.containers.find((x) => x.image.known && x.image.value && unpinnedImage(x.image.value));
    return c && c.image.known ? { loc: c.image.loc, message: `runs ${c.image.value}, which is not pinned to a version` } : undefined;
  },
  examples: {
    fail: [{ 'main.tf': runV2().replace('api:1.4.2', 'api:latest') }, { 'service.yaml': runYaml().replace('api:1.4.2', 'api') }],
    pass: [{ 'main.tf': runV2() }, { 'service.yaml': runYaml() }],
    unknown: [{ 'main.tf': 'variable "tag" {}\n' + runV2().replace('api:1.4.2', 'api:${var.tag}') }],
  },
});
