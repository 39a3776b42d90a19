/** The control-plane log checks differ only in the log type. */
import { defineCheck, failure, type IacCheck } from '../define.js';
import type { Severity } from '../../../core/index.js';
import { label } from './cloud.js';
import { cluster, vpc } from './eks-examples.js';

export function eksLogCheck(o: { id: string; type: string; severity: Severity; title: string; rationale: string; cis?: string }): IacCheck {
  return defineCheck({
    id: o.id, provider: 'aws', service: 'eks', severity: o.severity, title: o.title, rationale: o.rationale,
    remediation: `Add "${o.type}" to \`enabled_cluster_log_types\` (CloudFormation \`Logging.ClusterLogging.EnabledTypes\`; \`aws eks update-cluster-config --logging\` on a running cluster). The logs go to CloudWatch Logs group /aws/eks/<cluster>/cluster.`,
    ...(o.cis ? { cis: o.cis } : {}), trivy: 'AVD-AWS-0038', checkov: ['CKV_AWS_37'],
    references: ['https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html'],
    evaluate: (s) => s.aws.eks.clusters.filter((c) => c.enabledLogTypes.known && !c.enabledLogTypes.partial && !c.enabledLogTypes.value.includes(o.type))
      .map((c) => failure(c.meta, `cluster ${label(c.meta, c.name)} does not send "${o.type}" control-plane logs`, c.enabledLogTypes.loc)),
    examples: {
      fail: [{ 'main.tf': cluster(vpc()) }, { 'main.tf': cluster(`${vpc()}\n  enabled_cluster_log_types = ["${o.type === 'scheduler' ? 'api' : 'scheduler'}"]`) }],
      pass: [{ 'main.tf': cluster(`${vpc()}\n  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]`) }],
      unknown: [{ 'main.tf': `variable "logs" {}\n${cluster(`${vpc()}\n  enabled_cluster_log_types = var.logs`)}` }],
    },
  });
}
