/** The node-role checks differ in the actions they look for. */
import type { Severity } from '../../../core/index.js';
import { defineCheck, type Example, type IacCheck } from '../define.js';
import { allows, grantFailure, nodeRoles } from './node-roles.js';
import { label } from './cloud.js';

export function nodeRoleCheck(o: {
  id: string; severity: Severity; title: string; rationale: string; remediation: string; what: string;
  actions: readonly string[]; anyResource?: boolean; cis?: string; trivy?: string | null; checkov?: string[]; references?: string[];
  examples: { fail: Example[]; pass: Example[]; unknown?: Example[] };
}): IacCheck {
  return defineCheck({
    id: o.id, provider: 'aws', service: 'iam', severity: o.severity, title: o.title, rationale: o.rationale, remediation: o.remediation,
    ...(o.cis ? { cis: o.cis } : {}), ...(o.trivy !== undefined ? { trivy: o.trivy } : {}), ...(o.checkov ? { checkov: o.checkov } : {}),
    references: o.references ?? ['https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html'],
    evaluate: (s) => nodeRoles(s).flatMap((nr) => {
      const hit = allows(nr, o.actions, { anyResource: o.anyResource });
      if (!hit) return [];
      const groups = nr.groups.map((g) => label(g.meta, g.name)).join(', ');
      return [grantFailure(nr, `node role ${nr.label} (node group ${groups}) ${o.what}: ${hit.action} via ${hit.grant.policy}`, hit.grant)];
    }),
    examples: o.examples,
  });
}
