/** AKS Kubernetes dashboard add-on is enabled. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isTrue } from '../../../model/value.js';

export const aksDashboard = aksCheck({
  id: 'BW-IAC-3114', severity: 'high',
  title: 'AKS Kubernetes dashboard add-on is enabled',
  rationale: 'The legacy dashboard add-on ran with broad permissions and has been the entry point of cluster takeovers (Tesla 2018); it is retired and should not run.',
  remediation: 'Disable the kube-dashboard add-on (`az aks disable-addons -a kube-dashboard`).',
  trivy: null, checkov: ['CKV_AZURE_8'],
  fails: (c) => (isTrue(c.kubeDashboard) ? { loc: c.kubeDashboard.loc, message: 'runs the Kubernetes dashboard add-on' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('  addon_profile {\n    kube_dashboard {\n      enabled = true\n    }\n  }\n') }],
    pass: [{ 'main.tf': aks('') }],
  },
});
