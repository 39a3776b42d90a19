/** AKS HTTP application routing add-on is enabled. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isTrue } from '../../../model/value.js';

export const aksHttpApplicationRouting = aksCheck({
  id: 'BW-IAC-3115', severity: 'low',
  trivy: null, checkov: [],
  title: 'AKS HTTP application routing add-on is enabled',
  rationale: 'The HTTP application routing add-on is documented as not for production: it publishes Ingresses on public DNS names without TLS and is retired in favour of the application routing add-on.',
  remediation: 'Set `http_application_routing_enabled = false` and use the application routing (managed NGINX) add-on or your own ingress.',
  fails: (c) => (isTrue(c.httpApplicationRouting) ? { loc: c.httpApplicationRouting.loc, message: 'runs the HTTP application routing add-on (not for production)' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('  http_application_routing_enabled = true\n') }],
    pass: [{ 'main.tf': aks('') }],
    unknown: [{ 'main.tf': 'variable "h" {}\n' + aks('  http_application_routing_enabled = var.h\n') }],
  },
});
