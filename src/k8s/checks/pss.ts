/** The Pod Security Standards as one engine check: each control becomes findings with `pss: {level, control}`. */
import type { Severity } from '../../core/index.js';
import { podTemplateOf } from '../model/pod-spec.js';
import { evaluatePss, formatPssVersion } from '../pss/evaluate.js';
import { policyFor } from '../pss/namespace-policy.js';
import { defineCheck, type CheckHit } from './define.js';

/** Severity per upstream check id: host escapes are critical/high, restricted-only hardening medium. */
export const PSS_SEVERITY: Record<string, Severity> = {
  privileged: 'critical', hostNamespaces: 'high', hostPathVolumes: 'high', capabilities_baseline: 'high',
  windowsHostProcess: 'critical', hostPorts: 'medium', hostProbesAndHostLifecycle: 'medium', appArmorProfile: 'high',
  seLinuxOptions: 'high', procMount: 'high', seccompProfile_baseline: 'high', sysctls: 'high',
  restrictedVolumes: 'medium', allowPrivilegeEscalation: 'medium', runAsNonRoot: 'medium', runAsUser: 'medium',
  seccompProfile_restricted: 'low', capabilities_restricted: 'medium', procMount_restricted: 'high',
};

export const pssCheck = defineCheck({
  id: 'BW-K8S-PSS',
  title: 'Pod Security Standards',
  severity: 'high',
  group: 'pss',
  description: 'Pod Security Standards (privileged/baseline/restricted) exactly as pod-security-admission evaluates them, per policy version.',
  remediation: 'See the control-specific remediation.',
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  object(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl) return [];
    const policy = policyFor(obj, ctx);
    const hits: CheckHit[] = [];
    for (const { def, result } of evaluatePss(tpl, policy)) {
      const summary = `${result.reason}${result.detail ? ` (${result.detail})` : ''}`;
      for (const v of result.violations) {
        hits.push({
          object: obj,
          id: def.bwId,
          title: def.title,
          severity: PSS_SEVERITY[def.id] ?? 'medium',
          message: `violates PodSecurity "${policy.level}:${formatPssVersion(policy.minor)}": ${summary}`,
          field: v.field,
          pss: { level: def.level, control: def.control },
          remediation: def.remediation,
          references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/', `https://github.com/${def.source.replace(' ', '/blob/master/')}`],
        });
      }
    }
    return hits;
  },
});
