/** DOKS control plane firewall allows every address. */
import { doksCheck, doks } from '../../shared/cloud-factories.js';
import { isTrue } from '../../../model/value.js';
import { isOpenCidr } from '../../shared/cloud.js';

export const doksControlPlaneOpen = doksCheck({
  id: 'BW-IAC-4105', severity: 'high',
  title: 'DOKS control plane firewall allows every address',
  trivy: null, checkov: [],
  rationale: 'A control plane firewall that allows 0.0.0.0/0 looks enabled and protects nothing.',
  remediation: 'List only the ranges that administer the cluster in `control_plane_firewall.allowed_addresses`.',
  fails: (c) => (isTrue(c.controlPlaneFirewall) && c.controlPlaneAllowedAddresses.known && c.controlPlaneAllowedAddresses.value.some(isOpenCidr) ? { loc: c.controlPlaneAllowedAddresses.loc, message: 'lets 0.0.0.0/0 through the control plane firewall' } : undefined),
  examples: {
    fail: [{ 'main.tf': doks('  control_plane_firewall {\n    enabled           = true\n    allowed_addresses = ["0.0.0.0/0"]\n  }\n') }],
    pass: [{ 'main.tf': doks('  control_plane_firewall {\n    enabled           = true\n    allowed_addresses = ["203.0.113.0/24"]\n  }\n') }],
    unknown: [{ 'main.tf': 'variable "a" {}\n' + doks('  control_plane_firewall {\n    enabled           = true\n    allowed_addresses = var.a\n  }\n') }],
  },
});
