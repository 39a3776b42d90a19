/** ECR registry uses basic scanning only. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf } from '../../../model/value.js';

export const ecrEnhancedScanning = defineCheck({
  id: 'BW-IAC-1307', provider: 'aws', service: 'ecr', severity: 'low',
  title: 'ECR registry scanning is BASIC, not ENHANCED',
  trivy: null, checkov: [],
  rationale: 'Basic scanning covers OS packages at push time only. Enhanced scanning (Amazon Inspector) also covers language packages and rescans continuously, so a CVE published after the push is still found in the images you run.',
  remediation: 'Set `scan_type = "ENHANCED"` on `aws_ecr_registry_scanning_configuration` with a CONTINUOUS_SCAN rule for production repositories.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.1.1',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html'],
  evaluate: (s) => s.aws.ecr.registryScanning.filter((r) => isOneOf(r.scanType, 'BASIC'))
    .map((r) => failure(r.meta, 'the registry uses BASIC scanning (OS packages only, at push time)', r.scanType.loc)),
  examples: {
    fail: [{ 'main.tf': 'resource "aws_ecr_registry_scanning_configuration" "main" {\n  scan_type = "BASIC"\n  rule {\n    scan_frequency = "SCAN_ON_PUSH"\n    repository_filter {\n      filter      = "*"\n      filter_type = "WILDCARD"\n    }\n  }\n}\n' }],
    pass: [{ 'main.tf': 'resource "aws_ecr_registry_scanning_configuration" "main" {\n  scan_type = "ENHANCED"\n  rule {\n    scan_frequency = "CONTINUOUS_SCAN"\n    repository_filter {\n      filter      = "*"\n      filter_type = "WILDCARD"\n    }\n  }\n}\n' }],
    unknown: [{ 'main.tf': 'variable "type" {}\nresource "aws_ecr_registry_scanning_configuration" "main" {\n  scan_type = var.type\n}\n' }],
  },
});

export const ecrNoContinuousScan = defineCheck({
  id: 'BW-IAC-1308', provider: 'aws', service: 'ecr', severity: 'low',
  title: 'ECR enhanced scanning never rescans images after the push',
  trivy: null, checkov: [],
  rationale: 'With ENHANCED scanning but only SCAN_ON_PUSH rules, an image is scanned once: a CVE published a week later is never reported for the images already running, which is most of them.',
  remediation: 'Add a rule with `scan_frequency = "CONTINUOUS_SCAN"` for the repositories you deploy from (filter `*` or your production prefixes).',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html#image-scanning-enhanced-frequency'],
  evaluate: (s) => s.aws.ecr.registryScanning.filter((r) => isOneOf(r.scanType, 'ENHANCED') && r.rules.length > 0
    && r.rules.every((x) => x.frequency.known && x.frequency.value !== 'CONTINUOUS_SCAN'))
    .map((r) => failure(r.meta, 'the registry scans images on push only, never again', r.scanType.loc)),
  examples: {
    fail: [{ 'main.tf': 'resource "aws_ecr_registry_scanning_configuration" "main" {\n  scan_type = "ENHANCED"\n  rule {\n    scan_frequency = "SCAN_ON_PUSH"\n    repository_filter {\n      filter      = "*"\n      filter_type = "WILDCARD"\n    }\n  }\n}\n' }],
    pass: [{ 'main.tf': 'resource "aws_ecr_registry_scanning_configuration" "main" {\n  scan_type = "ENHANCED"\n  rule {\n    scan_frequency = "CONTINUOUS_SCAN"\n    repository_filter {\n      filter      = "*"\n      filter_type = "WILDCARD"\n    }\n  }\n}\n' }],
    unknown: [{ 'main.tf': 'variable "freq" {}\nresource "aws_ecr_registry_scanning_configuration" "main" {\n  scan_type = "ENHANCED"\n  rule {\n    scan_frequency = var.freq\n    repository_filter {\n      filter      = "*"\n      filter_type = "WILDCARD"\n    }\n  }\n}\n' }],
  },
});
