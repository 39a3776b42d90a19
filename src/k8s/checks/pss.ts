/** The Pod Security Standards as one engine check: each control becomes findings with `pss: {level, control}`. */
import type { Severity } from '../../core/index.js';
import { podTemplateOf } from '../model/pod-spec.js';
import { evaluatePss, formatPssVersion } from '../pss/evaluate.js';
import { policyFor } from '../pss/namespace-policy.js';
import { defineCheck, type CheckHit, type Equivalents } from './define.js';

/** Severity per upstream check id: host escapes are critical/high, restricted-only hardening medium. */
export const PSS_SEVERITY: Record<string, Severity> = {
  privileged: 'critical', hostNamespaces: 'high', hostPathVolumes: 'high', capabilities_baseline: 'high',
  windowsHostProcess: 'critical', hostPorts: 'medium', hostProbesAndHostLifecycle: 'medium', appArmorProfile: 'high',
  seLinuxOptions: 'high', procMount: 'high', seccompProfile_baseline: 'high', sysctls: 'high',
  restrictedVolumes: 'medium', allowPrivilegeEscalation: 'medium', runAsNonRoot: 'medium', runAsUser: 'medium',
  seccompProfile_restricted: 'low', capabilities_restricted: 'medium', procMount_restricted: 'high',
};

/**
 * Trivy (trivy-checks `checks/kubernetes/`) and Checkov (`CKV_K8S_*`) equivalents per PSS control (pod-security-admission
 * check id). Host namespaces are three checks in both tools, chosen by the failing field (`HOST_NAMESPACE`).
 */
export const PSS_EQUIVALENTS: Record<string, Equivalents> = {
  windowsHostProcess: { trivy: 'AVD-KSV-0103', checkov: [] },
  hostNamespaces: { trivy: 'AVD-KSV-0009', checkov: ['CKV_K8S_19'], note: 'hostNetwork as listed; hostPID is `AVD-KSV-0010` / `CKV_K8S_17`, hostIPC `AVD-KSV-0008` / `CKV_K8S_18`.' },
  privileged: { trivy: 'AVD-KSV-0017', checkov: ['CKV_K8S_16'] },
  capabilities_baseline: { trivy: 'AVD-KSV-0022', checkov: ['CKV_K8S_25'] },
  hostPathVolumes: { trivy: 'AVD-KSV-0023', checkov: [] },
  hostPorts: { trivy: 'AVD-KSV-0024', checkov: ['CKV_K8S_26'] },
  hostProbesAndHostLifecycle: { trivy: null, checkov: [] },
  appArmorProfile: { trivy: 'AVD-KSV-0002', checkov: [] },
  seLinuxOptions: { trivy: 'AVD-KSV-0025', checkov: [] },
  procMount: { trivy: 'AVD-KSV-0027', checkov: [] },
  seccompProfile_baseline: { trivy: 'AVD-KSV-0104', checkov: [] },
  sysctls: { trivy: 'AVD-KSV-0026', checkov: [] },
  restrictedVolumes: { trivy: 'AVD-KSV-0028', checkov: [] },
  allowPrivilegeEscalation: { trivy: 'AVD-KSV-0001', checkov: ['CKV_K8S_20'] },
  runAsNonRoot: { trivy: 'AVD-KSV-0012', checkov: ['CKV_K8S_23'] },
  runAsUser: { trivy: 'AVD-KSV-0105', checkov: [] },
  seccompProfile_restricted: { trivy: 'AVD-KSV-0030', checkov: ['CKV_K8S_31'] },
  capabilities_restricted: { trivy: 'AVD-KSV-0106', checkov: ['CKV_K8S_37'] },
  procMount_restricted: { trivy: 'AVD-KSV-0027', checkov: [] },
};

const HOST_NAMESPACE: Record<string, Equivalents> = {
  hostNetwork: { trivy: 'AVD-KSV-0009', checkov: ['CKV_K8S_19'] },
  hostPID: { trivy: 'AVD-KSV-0010', checkov: ['CKV_K8S_17'] },
  hostIPC: { trivy: 'AVD-KSV-0008', checkov: ['CKV_K8S_18'] },
};

function equivalentsOf(control: string, field: string): Equivalents | undefined {
  if (control === 'hostNamespaces') return HOST_NAMESPACE[field.slice(field.lastIndexOf('.') + 1)] ?? PSS_EQUIVALENTS[control];
  return PSS_EQUIVALENTS[control];
}

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
          equivalents: equivalentsOf(def.id, v.field),
        });
      }
    }
    return hits;
  },
});
