/** AKS nodes have public IP addresses. */
import { aksCheck, aksPools, aks } from '../../shared/cloud-factories.js';
import { isTrue } from '../../../model/value.js';

export const aksNodePublicIp = aksCheck({
  id: 'BW-IAC-3116', severity: 'medium',
  title: 'AKS nodes have public IP addresses',
  rationale: 'A public IP per node exposes the kubelet, NodePorts and host services to the internet, bypassing the load balancer and its rules.',
  remediation: 'Set `node_public_ip_enabled = false` (the default) on every node pool.',
  trivy: null, checkov: ['CKV_AZURE_143'],
  fails: (c, s) => {
    const p = aksPools(s, c).find((x) => isTrue(x.nodePublicIp));
    return p ? { loc: p.nodePublicIp.loc, message: `gives nodes public IP addresses (${p.meta.address})` } : undefined;
  },
  examples: {
    fail: [{ 'main.tf': aks('', '    node_public_ip_enabled = true\n') }],
    pass: [{ 'main.tf': aks('') }],
    unknown: [{ 'main.tf': 'variable "ip" {}\n' + aks('', '    node_public_ip_enabled = var.ip\n') }],
  },
});
