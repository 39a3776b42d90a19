/** Severity of built-in rules by what the credential unlocks (gitleaks rules carry none). */
import type { Severity } from '../../core/index.js';

const CRITICAL = /private-key|^aws-|^gcp-|^azure-|^alibaba-|service-account|kubeconfig|^bw-database-url/;
const MEDIUM = /^generic-|^bw-generic-|jwt/;

export function severityFor(ruleId: string): Severity {
  if (CRITICAL.test(ruleId)) return 'critical';
  if (MEDIUM.test(ruleId)) return 'medium';
  return 'high';
}
