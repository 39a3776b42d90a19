/** AKS Microsoft Defender for Containers is not enabled. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const aksDefender = aksCheck({
  id: 'BW-IAC-3110', severity: 'low',
  trivy: null, checkov: [],
  title: 'AKS Microsoft Defender for Containers is not enabled',
  rationale: 'Defender\'s sensor gives runtime threat detection (crypto miners, reverse shells, privileged container starts) and reads the audit log; without it an intrusion raises no alert.',
  remediation: 'Add `microsoft_defender { log_analytics_workspace_id = … }`.',
  fails: (c) => (isFalse(c.defenderEnabled) ? { loc: c.defenderEnabled.loc, message: 'does not run Microsoft Defender for Containers' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  microsoft_defender {\n    log_analytics_workspace_id = "/subscriptions/0000/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/aks"\n  }\n') }],
  },
});
