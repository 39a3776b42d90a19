/**
 * CIS Kubernetes Benchmark subset (ids as numbered in CIS Kubernetes Benchmark v1.8/v1.9) from static pod
 * manifests (kube-apiserver), EncryptionConfiguration and KubeletConfiguration files given as input.
 */
import type { Severity } from '../../core/index.js';
import { asArray, asJson, asString, type K8sObject } from '../model/object.js';
import { defineCheck, type CheckDef, type CheckHit } from '../checks/define.js';
import { componentFlags } from './flags.js';

const CIS_REF = 'https://www.cisecurity.org/benchmark/kubernetes';

function apiServerCheck(id: string, cis: string, title: string, severity: Severity, remediation: string,
  test: (flags: Map<string, string>) => string | undefined): CheckDef {
  return defineCheck({
    id, cis, title: `CIS ${cis}: ${title}`, severity, group: 'cis', description: title, remediation, references: [CIS_REF],
    object(obj) {
      const c = componentFlags(obj, 'kube-apiserver');
      if (!c) return [];
      const problem = test(c.flags);
      return problem ? [{ object: obj, message: `kube-apiserver ${problem}`, field: c.path }] : [];
    },
  });
}

function authzModes(f: Map<string, string>): string[] {
  return (f.get('authorization-mode') ?? 'AlwaysAllow').split(',').map((s) => s.trim());
}

export const apiAnonymous = apiServerCheck('BW-K8S-0401', '1.2.1', 'Ensure that the --anonymous-auth argument is set to false', 'medium',
  'Start kube-apiserver with --anonymous-auth=false.',
  (f) => f.get('anonymous-auth') === 'false' ? undefined : `--anonymous-auth is ${f.has('anonymous-auth') ? f.get('anonymous-auth') : 'unset (default true)'}`);

export const apiAlwaysAllow = apiServerCheck('BW-K8S-0402', '1.2.6', 'Ensure that the --authorization-mode argument is not set to AlwaysAllow', 'critical',
  'Set --authorization-mode=Node,RBAC.',
  (f) => authzModes(f).includes('AlwaysAllow') ? `--authorization-mode is ${f.get('authorization-mode') ?? 'unset (default AlwaysAllow)'}` : undefined);

export const apiNodeAuthz = apiServerCheck('BW-K8S-0403', '1.2.7', 'Ensure that the --authorization-mode argument includes Node', 'high',
  'Add Node to --authorization-mode (and enable the NodeRestriction admission plugin).',
  (f) => authzModes(f).includes('Node') ? undefined : `--authorization-mode ${f.get('authorization-mode') ?? '(unset)'} does not include Node`);

export const apiRbacAuthz = apiServerCheck('BW-K8S-0404', '1.2.8', 'Ensure that the --authorization-mode argument includes RBAC', 'high',
  'Add RBAC to --authorization-mode.',
  (f) => authzModes(f).includes('RBAC') ? undefined : `--authorization-mode ${f.get('authorization-mode') ?? '(unset)'} does not include RBAC`);

export const apiAuditLog = apiServerCheck('BW-K8S-0405', '1.2.16', 'Ensure that the --audit-log-path argument is set', 'medium',
  'Set --audit-log-path (and --audit-policy-file) so API activity is recorded.',
  (f) => f.get('audit-log-path') ? undefined : 'has no --audit-log-path: API requests are not audited');

export const apiEncryptionConfig = apiServerCheck('BW-K8S-0406', '1.2.27', 'Ensure that the --encryption-provider-config argument is set as appropriate', 'high',
  'Create an EncryptionConfiguration (aescbc, secretbox or kms v2 first) and pass it with --encryption-provider-config.',
  (f) => f.get('encryption-provider-config') ? undefined : 'has no --encryption-provider-config: Secrets are stored unencrypted in etcd');

/** EncryptionConfiguration: `identity` as the first provider for a resource means new writes are not encrypted. */
export const encryptionIdentityFirst = defineCheck({
  id: 'BW-K8S-0407', cis: '1.2.28', title: 'CIS 1.2.28: Ensure that encryption providers are appropriately configured', severity: 'high', group: 'cis',
  description: 'The first provider encrypts new writes; identity first means plain text.', references: [CIS_REF],
  remediation: 'Put aescbc, secretbox or kms (v2) before identity in every resources[].providers list.',
  object(obj) {
    if (obj.kind !== 'EncryptionConfiguration') return [];
    const hits: CheckHit[] = [];
    asArray(obj.raw.resources).forEach((r, i) => {
      const first = asArray(asJson(r).providers)[0];
      const name = first ? Object.keys(asJson(first))[0] : undefined;
      if (!name || name === 'identity') {
        const res = asArray(asJson(r).resources).join(', ');
        hits.push({ object: obj, message: `resources [${res}] ${name ? 'use identity (no encryption) as the first provider' : 'have no providers'}`, field: `resources[${i}].providers[0]` });
      }
    });
    return hits;
  },
});

function kubeletCheck(id: string, cis: string, title: string, severity: Severity, remediation: string,
  test: (cfg: Record<string, unknown>) => { message: string; field: string } | undefined): CheckDef {
  return defineCheck({
    id, cis, title: `CIS ${cis}: ${title}`, severity, group: 'cis', description: title, remediation, references: [CIS_REF],
    object(obj: K8sObject) {
      if (obj.kind !== 'KubeletConfiguration') return [];
      const r = test(obj.raw);
      return r ? [{ object: obj, message: `kubelet ${r.message}`, field: r.field }] : [];
    },
  });
}

export const kubeletAnonymous = kubeletCheck('BW-K8S-0411', '4.2.1', 'Ensure that the --anonymous-auth argument is set to false', 'high',
  'Set authentication.anonymous.enabled: false.',
  (c) => asJson(asJson(asJson(c.authentication).anonymous)).enabled === false ? undefined
    : { message: 'allows anonymous requests (authentication.anonymous.enabled is not false)', field: 'authentication.anonymous.enabled' });

export const kubeletAlwaysAllow = kubeletCheck('BW-K8S-0412', '4.2.2', 'Ensure that the --authorization-mode argument is not set to AlwaysAllow', 'critical',
  'Set authorization.mode: Webhook.',
  (c) => {
    const mode = asString(asJson(c.authorization).mode);
    // kubelet.config.k8s.io/v1beta1 defaults authorization.mode to Webhook.
    return mode === 'AlwaysAllow' ? { message: 'authorizes every request (authorization.mode: AlwaysAllow)', field: 'authorization.mode' } : undefined;
  });

export const kubeletReadOnlyPort = kubeletCheck('BW-K8S-0413', '4.2.4', 'Verify that the --read-only-port argument is set to 0', 'medium',
  'Set readOnlyPort: 0.',
  (c) => {
    const p = c.readOnlyPort;
    // v1beta1 KubeletConfiguration defaults readOnlyPort to 0 (disabled).
    return p !== undefined && p !== 0 ? { message: `serves the unauthenticated read-only API on port ${String(p)}`, field: 'readOnlyPort' } : undefined;
  });

/** The API server flag check is only meaningful when the kube-apiserver manifest is in the input. */
export function hasApiServer(objects: K8sObject[]): boolean {
  return objects.some((o) => componentFlags(o, 'kube-apiserver') !== undefined);
}

export const CIS_CHECKS = [
  apiAnonymous, apiAlwaysAllow, apiNodeAuthz, apiRbacAuthz, apiAuditLog, apiEncryptionConfig, encryptionIdentityFirst,
  kubeletAnonymous, kubeletAlwaysAllow, kubeletReadOnlyPort,
];
