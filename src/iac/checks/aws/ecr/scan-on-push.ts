/** ECR repository images are not scanned on push (and no registry rule scans them). */
import { defineCheck, failure } from '../../define.js';
import { isFalse } from '../../../model/value.js';
import type { State } from '../../../model/state.js';
import type { EcrRepository } from '../../../model/aws/ecr.js';
import { label } from '../../shared/cloud.js';
import { repo } from '../../shared/ecr-examples.js';

/** ECR wildcard filters: `*` matches any run of characters. */
const matches = (filter: string, name: string) => new RegExp(`^${filter.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`).test(name);

/** true when a registry scanning rule covers the repository; undefined when a rule cannot be evaluated. */
function registryScans(s: State, r: EcrRepository): boolean | undefined {
  let unsure = false;
  for (const reg of s.aws.ecr.registryScanning) {
    for (const rule of reg.rules) {
      if (!rule.frequency.known || !rule.filters.known || !r.name.known) { unsure = true; continue; }
      if (rule.frequency.value !== 'SCAN_ON_PUSH' && rule.frequency.value !== 'CONTINUOUS_SCAN') continue;
      if (rule.filters.value.some((f) => matches(f, r.name.known ? r.name.value ?? '' : ''))) return true;
    }
  }
  return unsure ? undefined : false;
}

export const ecrScanOnPush = defineCheck({
  id: 'BW-IAC-1301', provider: 'aws', service: 'ecr', severity: 'medium',
  title: 'ECR repository does not scan images on push',
  trivy: 'AVD-AWS-0030', checkov: ['CKV_AWS_163'],
  rationale: 'Images pushed without a scan reach clusters with whatever known vulnerabilities they carry, and nobody is told. Scan on push (or a registry scanning rule) gives every new image a finding list before it is deployed.',
  remediation: 'Set `image_scanning_configuration { scan_on_push = true }`, or better an `aws_ecr_registry_scanning_configuration` rule (ENHANCED, SCAN_ON_PUSH or CONTINUOUS_SCAN) covering the repository.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.1.1',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html'],
  evaluate: (s) => s.aws.ecr.repositories.filter((r) => isFalse(r.scanOnPush) && registryScans(s, r) === false)
    .map((r) => failure(r.meta, `repository ${label(r.meta, r.name)} does not scan images on push`, r.scanOnPush.loc)),
  examples: {
    fail: [{ 'main.tf': repo() }],
    pass: [
      { 'main.tf': repo('  image_scanning_configuration {\n    scan_on_push = true\n  }\n') },
      { 'main.tf': `${repo()}\nresource "aws_ecr_registry_scanning_configuration" "all" {\n  scan_type = "ENHANCED"\n  rule {\n    scan_frequency = "CONTINUOUS_SCAN"\n    repository_filter {\n      filter      = "*"\n      filter_type = "WILDCARD"\n    }\n  }\n}\n` },
    ],
    unknown: [{ 'main.tf': `variable "scan" {}\n${repo('  image_scanning_configuration {\n    scan_on_push = var.scan\n  }\n')}` }],
  },
});
