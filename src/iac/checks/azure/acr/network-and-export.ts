/** ACR exfiltration controls: dedicated data endpoints, the export policy, and IP rules that admit everyone. */
import { acrCheck, acr } from '../../shared/cloud-factories.js';
import { isFalse, isOneOf, isTrue } from '../../../model/value.js';
import { isOpenCidr } from '../../shared/cloud.js';

export const acrDataEndpoint = acrCheck({
  id: 'BW-IAC-3208', severity: 'low', title: 'ACR Premium registry has no dedicated data endpoints',
  rationale: 'Without dedicated data endpoints, layer blobs are served from the storage wildcard `*.blob.core.windows.net`: a firewall that allows pulls must allow every storage account in Azure, an open channel for exfiltration.',
  remediation: 'Set `data_endpoint_enabled = true` and allow only `<registry>.<region>.data.azurecr.io` in the firewall.',
  trivy: null, checkov: ['CKV_AZURE_237'],
  references: ['https://learn.microsoft.com/azure/container-registry/container-registry-firewall-access-rules#enable-dedicated-data-endpoints'],
  fails: (r) => (isOneOf(r.sku, 'Premium') && isFalse(r.dataEndpointEnabled) ? { loc: r.dataEndpointEnabled.loc, message: 'serves layers without dedicated data endpoints' } : undefined),
  examples: {
    fail: [{ 'main.tf': acr('  sku = "Premium"\n') }],
    pass: [{ 'main.tf': acr('  sku                   = "Premium"\n  data_endpoint_enabled = true\n') }, { 'main.tf': acr('  sku = "Standard"\n') }],
    unknown: [{ 'main.tf': 'variable "de" {}\n' + acr('  sku                   = "Premium"\n  data_endpoint_enabled = var.de\n') }],
  },
});

export const acrExportPolicy = acrCheck({
  id: 'BW-IAC-3209', severity: 'low', title: 'ACR allows exporting artifacts',
  trivy: null, checkov: [],
  rationale: 'With the export policy on, anyone with import/export rights can copy images (and the secrets baked into them) to a registry outside your network controls with `az acr import` or a transfer pipeline.',
  remediation: 'Set `export_policy_enabled = false` (requires `public_network_access_enabled = false`, Premium).',
  references: ['https://learn.microsoft.com/azure/container-registry/data-loss-prevention'],
  fails: (r) => (isOneOf(r.sku, 'Premium') && isTrue(r.exportPolicyEnabled) ? { loc: r.exportPolicyEnabled.loc, message: 'allows exporting artifacts' } : undefined),
  examples: {
    fail: [{ 'main.tf': acr('  sku = "Premium"\n') }],
    pass: [{ 'main.tf': acr('  sku                           = "Premium"\n  public_network_access_enabled = false\n  export_policy_enabled         = false\n') }],
    unknown: [{ 'main.tf': 'variable "ex" {}\n' + acr('  sku                   = "Premium"\n  export_policy_enabled = var.ex\n') }],
  },
});

export const acrOpenIpRule = acrCheck({
  id: 'BW-IAC-3210', severity: 'high', title: 'ACR firewall admits every IP address',
  trivy: null, checkov: [],
  rationale: 'An IP rule of 0.0.0.0/0 in the registry\'s network rule set undoes the default Deny: the registry is reachable from the whole internet while the configuration looks restricted.',
  remediation: 'List only your egress ranges in `network_rule_set.ip_rule`, or use private endpoints.',
  references: ['https://learn.microsoft.com/azure/container-registry/container-registry-access-selected-networks'],
  fails: (r) => {
    const open = r.ipRules.known ? r.ipRules.value.find(isOpenCidr) : undefined;
    return open ? { loc: r.ipRules.loc, message: `admits ${open} in its network rule set` } : undefined;
  },
  examples: {
    fail: [{ 'main.tf': acr('  sku = "Premium"\n  network_rule_set {\n    default_action = "Deny"\n    ip_rule {\n      action   = "Allow"\n      ip_range = "0.0.0.0/0"\n    }\n  }\n') }],
    pass: [{ 'main.tf': acr('  sku = "Premium"\n  network_rule_set {\n    default_action = "Deny"\n    ip_rule {\n      action   = "Allow"\n      ip_range = "203.0.113.0/24"\n    }\n  }\n') }],
    unknown: [{ 'main.tf': 'variable "range" {}\n' + acr('  sku = "Premium"\n  network_rule_set {\n    default_action = "Deny"\n    ip_rule {\n      action   = "Allow"\n      ip_range = var.range\n    }\n  }\n') }],
  },
});
