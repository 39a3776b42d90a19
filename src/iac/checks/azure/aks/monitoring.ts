/** AKS Container Insights (OMS agent) is not enabled. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const aksMonitoring = aksCheck({
  id: 'BW-IAC-3109', severity: 'medium',
  title: 'AKS Container Insights (OMS agent) is not enabled',
  rationale: 'Without Container Insights, container logs and node/pod metrics are not collected: an incident leaves no trail once pods are rescheduled.',
  remediation: 'Add `oms_agent { log_analytics_workspace_id = azurerm_log_analytics_workspace.aks.id }` (and diagnostic settings for kube-audit).',
  trivy: 'AVD-AZU-0040', checkov: ['CKV_AZURE_4'],
  fails: (c) => (isFalse(c.omsAgentEnabled) ? { loc: c.omsAgentEnabled.loc, message: 'does not send logs to Azure Monitor (no oms_agent)' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  oms_agent {\n    log_analytics_workspace_id = "/subscriptions/0000/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/aks"\n  }\n') }],
  },
});
