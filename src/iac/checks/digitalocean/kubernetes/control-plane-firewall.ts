/** DOKS control plane firewall is disabled. */
import { doksCheck, doks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const doksControlPlaneFirewall = doksCheck({
  id: 'BW-IAC-4104', severity: 'medium',
  title: 'DOKS control plane firewall is disabled',
  trivy: null, checkov: [],
  rationale: 'Without the control plane firewall the Kubernetes API endpoint accepts connections from the whole internet.',
  remediation: 'Add `control_plane_firewall { enabled = true allowed_addresses = ["203.0.113.0/24"] }`.',
  fails: (c) => (isFalse(c.controlPlaneFirewall) ? { loc: c.controlPlaneFirewall.loc, message: 'accepts API connections from any address (control plane firewall off)' } : undefined),
  examples: {
    fail: [{ 'main.tf': doks('') }],
    pass: [{ 'main.tf': doks('  control_plane_firewall {\n    enabled           = true\n    allowed_addresses = ["203.0.113.0/24"]\n  }\n') }],
    unknown: [{ 'main.tf': 'variable "fw" {}\n' + doks('  control_plane_firewall {\n    enabled           = var.fw\n    allowed_addresses = ["203.0.113.0/24"]\n  }\n') }],
  },
});
