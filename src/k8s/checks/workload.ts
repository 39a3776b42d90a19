/** Workload hygiene: resources, probes, image pinning and origin, service account token, inline secrets, host mounts. */
import { asArray, asJson, asString, isJson, type K8sObject } from '../model/object.js';
import { containersOf, get, podTemplateOf, type ContainerRef, type PodTemplate } from '../model/pod-spec.js';
import type { EvalContext } from '../policy/context.js';
import { defineCheck, NO_HITS, type CheckHit, type Equivalents } from './define.js';

function perContainer(
  fn: (obj: K8sObject, tpl: PodTemplate, c: ContainerRef, ctx: EvalContext) => CheckHit[],
  kinds: Array<ContainerRef['kind']> = ['initContainers', 'containers', 'ephemeralContainers'],
) {
  // A loop, not filter + flatMap, and no list unless something is found: every workload check runs this on every
  // admission review.
  return (obj: K8sObject, ctx: EvalContext): CheckHit[] => {
    const tpl = podTemplateOf(obj);
    if (!tpl) return NO_HITS;
    let out: CheckHit[] | undefined;
    for (const c of containersOf(tpl)) {
      if (!kinds.includes(c.kind)) continue;
      const hits = fn(obj, tpl, c, ctx);
      for (let i = 0; i < hits.length; i++) (out ??= []).push(hits[i]!);
    }
    return out ?? NO_HITS;
  };
}

/** The names `isMissing` says are missing, in order; undefined (no list) when none is. */
function missingOf(names: readonly string[], isMissing: (name: string) => boolean): string[] | undefined {
  let missing: string[] | undefined;
  for (const n of names) if (isMissing(n)) (missing ??= []).push(n);
  return missing;
}

const MEMORY_CPU = ['memory', 'cpu'] as const;
const PROBES = ['livenessProbe', 'readinessProbe'] as const;

const BATCH = new Set(['Job', 'CronJob']);

/*
 * Trivy and Checkov check CPU and memory (liveness and readiness) separately; one Bulwark finding names the first
 * missing one in its field, and its equivalents follow that field. Checkov's Terraform runner swaps the memory ids
 * (CKV_K8S_12 = limits, CKV_K8S_13 = requests on kubernetes_*; the reverse on manifests).
 */
const MEMORY_LIMIT: Equivalents = { trivy: 'AVD-KSV-0018', checkov: ['CKV_K8S_13'], checkovTerraform: ['CKV_K8S_12'] };
const MEMORY_REQUEST: Equivalents = { trivy: 'AVD-KSV-0016', checkov: ['CKV_K8S_12'], checkovTerraform: ['CKV_K8S_13'] };
const READINESS: Equivalents = { trivy: null, checkov: ['CKV_K8S_9'] };

export const resourceLimits = defineCheck({
  id: 'BW-K8S-0101', title: 'Container without CPU or memory limits', severity: 'medium', group: 'workload',
  description: 'Without limits one container can starve its node (noisy neighbour, denial of service).',
  remediation: 'Set resources.limits.memory and resources.limits.cpu.',
  equivalents: { trivy: 'AVD-KSV-0011', checkov: ['CKV_K8S_11'], note: 'a finding on the memory limit is `AVD-KSV-0018` / `CKV_K8S_13` (`CKV_K8S_12` on Terraform).' },
  object: perContainer((obj, _t, c) => {
    const missing = missingOf(MEMORY_CPU, (r) => get(c.container, 'resources', 'limits', r) === undefined);
    return missing
      ? [{ object: obj, message: `container "${c.name}" has no ${missing.join(' or ')} limit`, field: `${c.path}.resources.limits.${missing[0]}`, equivalents: missing[0] === 'memory' ? MEMORY_LIMIT : undefined }]
      : NO_HITS;
  }, ['containers', 'initContainers']),
});

export const resourceRequests = defineCheck({
  id: 'BW-K8S-0102', title: 'Container without CPU or memory requests', severity: 'low', group: 'workload',
  description: 'Without requests the scheduler cannot place pods safely and eviction order is unpredictable.',
  remediation: 'Set resources.requests.memory and resources.requests.cpu.',
  equivalents: { trivy: 'AVD-KSV-0015', checkov: ['CKV_K8S_10'], note: 'a finding on the memory request is `AVD-KSV-0016` / `CKV_K8S_12` (`CKV_K8S_13` on Terraform).' },
  object: perContainer((obj, _t, c) => {
    const missing = missingOf(MEMORY_CPU, (r) => get(c.container, 'resources', 'requests', r) === undefined);
    return missing
      ? [{ object: obj, message: `container "${c.name}" has no ${missing.join(' or ')} request`, field: `${c.path}.resources.requests.${missing[0]}`, equivalents: missing[0] === 'memory' ? MEMORY_REQUEST : undefined }]
      : NO_HITS;
  }, ['containers', 'initContainers']),
});

export const probes = defineCheck({
  id: 'BW-K8S-0103', title: 'Container without liveness or readiness probe', severity: 'low', group: 'workload',
  description: 'Without probes broken containers keep receiving traffic and are never restarted.',
  remediation: 'Define livenessProbe and readinessProbe for long-running containers.',
  equivalents: { trivy: null, checkov: ['CKV_K8S_8'], note: 'a finding on the readiness probe is `CKV_K8S_9`.' },
  object: perContainer((obj, _t, c) => {
    if (BATCH.has(obj.kind)) return NO_HITS;
    const missing = missingOf(PROBES, (p) => !isJson(c.container[p]));
    return missing
      ? [{ object: obj, message: `container "${c.name}" has no ${missing.join(' or ')}`, field: `${c.path}.${missing[0]}`, equivalents: missing[0] === 'readinessProbe' ? READINESS : undefined }]
      : NO_HITS;
  }, ['containers']),
});

/** `nginx`, `nginx:latest` → unpinned; `nginx:1.25` pinned by tag; `…@sha256:` by digest. */
export function imageTag(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  return { tag, digest };
}

export const latestTag = defineCheck({
  id: 'BW-K8S-0104', title: 'Image uses the latest tag or no tag', severity: 'medium', group: 'workload',
  description: 'A mutable tag makes deployments unreproducible and lets a registry push change what runs.',
  remediation: 'Pin images to a version tag, better to a digest (image@sha256:…).',
  equivalents: { trivy: 'AVD-KSV-0013', checkov: ['CKV_K8S_14'] },
  object: perContainer((obj, _t, c) => {
    const image = asString(c.container.image) ?? '';
    const { tag, digest } = imageTag(image);
    if (digest || (tag && tag !== 'latest')) return NO_HITS;
    return [{ object: obj, message: `container "${c.name}" image "${image}" is ${tag ? 'tagged latest' : 'untagged (latest)'}`, field: `${c.path}.image` }];
  }),
});

export const digestPin = defineCheck({
  id: 'BW-K8S-0105', title: 'Image not pinned by digest', severity: 'low', group: 'workload',
  description: 'Tags can be moved; only a digest names exactly one image.',
  remediation: 'Reference images as name@sha256:<digest>.',
  equivalents: { trivy: null, checkov: ['CKV_K8S_43'] },
  object: perContainer((obj, _t, c) => {
    const image = asString(c.container.image) ?? '';
    const { tag, digest } = imageTag(image);
    if (digest || !tag || tag === 'latest') return NO_HITS; // latest/untagged is BW-K8S-0104
    return [{ object: obj, message: `container "${c.name}" image "${image}" is pinned by tag only`, field: `${c.path}.image` }];
  }),
});

/** docker.io/library/nginx → docker.io; ghcr.io/x/y → ghcr.io; bare names resolve to docker.io. */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  if (!image.includes('/') || !(first.includes('.') || first.includes(':') || first === 'localhost')) return 'docker.io';
  return first;
}

export const allowedRegistry = defineCheck({
  id: 'BW-K8S-0106', title: 'Image from a registry outside the allowlist', severity: 'high', group: 'workload',
  description: 'Images from untrusted registries bypass your supply-chain controls (only with --allowed-registries).',
  remediation: 'Mirror the image into an allowed registry.',
  equivalents: { trivy: 'AVD-KSV-0125', checkov: [] },
  object: perContainer((obj, _t, c, ctx) => {
    const allowed = ctx.options.allowedRegistries;
    if (!allowed || allowed.length === 0) return NO_HITS;
    const image = asString(c.container.image) ?? '';
    const reg = registryOf(image);
    const ok = allowed.some((a) => reg === a || image.startsWith(a.endsWith('/') ? a : `${a}/`));
    return ok ? NO_HITS : [{ object: obj, message: `container "${c.name}" image "${image}" comes from ${reg}, not one of ${allowed.join(', ')}`, field: `${c.path}.image` }];
  }),
});

export const automountToken = defineCheck({
  id: 'BW-K8S-0107', title: 'Service account token mounted automatically', severity: 'low', group: 'workload',
  description: 'A mounted token lets anyone who compromises the container talk to the API server as its service account.',
  remediation: 'Set automountServiceAccountToken: false on the pod (or the ServiceAccount) unless it calls the API.',
  equivalents: { trivy: 'AVD-KSV-0036', checkov: ['CKV_K8S_38'], checkovTerraform: ['CKV_K8S_50'] },
  object(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl || tpl.spec.automountServiceAccountToken === false) return NO_HITS;
    const saName = asString(tpl.spec.serviceAccountName) ?? 'default';
    const ns = obj.metadata.namespace ?? 'default';
    const sa = (ctx.byKind.get('ServiceAccount') ?? []).find((s) => s.metadata.name === saName && (s.metadata.namespace ?? 'default') === ns);
    if (sa && sa.raw.automountServiceAccountToken === false && tpl.spec.automountServiceAccountToken === undefined) return NO_HITS;
    return [{ object: obj, message: `pod mounts the token of service account "${saName}"`, field: `${tpl.specPath}.automountServiceAccountToken` }];
  },
});

export const defaultServiceAccount = defineCheck({
  id: 'BW-K8S-0108', title: 'Pod uses the default service account', severity: 'low', group: 'workload',
  description: 'Permissions granted to "default" silently apply to every pod of the namespace.',
  remediation: 'Create a dedicated ServiceAccount per workload and set serviceAccountName.',
  equivalents: { trivy: null, checkov: [] },
  object(obj) {
    const tpl = podTemplateOf(obj);
    if (!tpl) return NO_HITS;
    const sa = asString(tpl.spec.serviceAccountName) ?? asString(tpl.spec.serviceAccount);
    return !sa || sa === 'default'
      ? [{ object: obj, message: 'pod runs as the "default" service account', field: `${tpl.specPath}.serviceAccountName` }]
      : NO_HITS;
  },
});

const SECRET_NAME = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key)/i;

export const inlineSecrets = defineCheck({
  id: 'BW-K8S-0109', title: 'Secret value inline in an environment variable', severity: 'high', group: 'workload',
  description: 'Inline values are stored in plain text in the manifest, in etcd and in every kubectl get output.',
  remediation: 'Move the value to a Secret and reference it with valueFrom.secretKeyRef.',
  equivalents: { trivy: null, checkov: [] },
  object: perContainer((obj, _t, c) => {
    const env = asArray(c.container.env);
    let hits: CheckHit[] | undefined;
    for (let i = 0; i < env.length; i++) {
      const e = asJson(env[i]);
      const name = asString(e.name) ?? '';
      const value = e.value;
      if (!SECRET_NAME.test(name) || typeof value !== 'string' || value.length === 0) continue;
      // The value itself is never reported.
      (hits ??= []).push({ object: obj, message: `container "${c.name}" sets ${name} to an inline value`, field: `${c.path}.env[${i}].value` });
    }
    return hits ?? NO_HITS;
  }),
});

const SENSITIVE_PATHS = ['/', '/etc', '/proc', '/sys', '/root', '/var/run/docker.sock', '/run/docker.sock',
  '/var/run/containerd/containerd.sock', '/run/containerd/containerd.sock', '/var/run/crio/crio.sock',
  '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd', '/etc/kubernetes', '/var/log'];

export function isSensitiveHostPath(p: string): boolean {
  const norm = p.replace(/\/+$/, '') || '/';
  return SENSITIVE_PATHS.some((s) => norm === s || (s !== '/' && norm.startsWith(`${s}/`)));
}

export const sensitiveHostPath = defineCheck({
  id: 'BW-K8S-0110', title: 'Sensitive host path mounted', severity: 'critical', group: 'workload',
  description: 'Mounting the host root, /etc, /proc, the container runtime socket or kubelet directories gives node takeover.',
  remediation: 'Remove the hostPath volume; use a CSI driver or a narrowly scoped path read-only.',
  equivalents: { trivy: 'AVD-KSV-0121', checkov: [] },
  object(obj) {
    const tpl = podTemplateOf(obj);
    if (!tpl) return NO_HITS;
    const volumes = asArray(tpl.spec.volumes);
    let hits: CheckHit[] | undefined;
    for (let i = 0; i < volumes.length; i++) {
      const v = volumes[i];
      const p = asString(get(v, 'hostPath', 'path'));
      if (p && isSensitiveHostPath(p)) (hits ??= []).push({ object: obj, message: `volume "${asString(asJson(v).name) ?? ''}" mounts host path ${p}`, field: `${tpl.specPath}.volumes[${i}].hostPath.path` });
    }
    return hits ?? NO_HITS;
  },
});

export const readOnlyRootFs = defineCheck({
  id: 'BW-K8S-0111', title: 'Root filesystem is writable', severity: 'low', group: 'workload',
  description: 'A writable root filesystem lets an attacker drop tools and persist inside the container.',
  remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir where writes are needed.',
  equivalents: { trivy: 'AVD-KSV-0014', checkov: ['CKV_K8S_22'] },
  object: perContainer((obj, _t, c) => get(c.container, 'securityContext', 'readOnlyRootFilesystem') === true ? NO_HITS
    : [{ object: obj, message: `container "${c.name}" does not set readOnlyRootFilesystem: true`, field: `${c.path}.securityContext.readOnlyRootFilesystem` }],
  ['containers', 'initContainers']),
});

/** Container-level value overrides the pod-level one. */
function effective(tpl: PodTemplate, c: ContainerRef, key: string): unknown {
  return get(c.container, 'securityContext', key) ?? get(tpl.spec, 'securityContext', key);
}

export const seccompSet = defineCheck({
  id: 'BW-K8S-0112', title: 'No seccomp profile', severity: 'low', group: 'workload',
  description: 'Without a seccomp profile (or with Unconfined) the container can use every system call.',
  remediation: 'Set securityContext.seccompProfile.type: RuntimeDefault at pod level.',
  equivalents: { trivy: 'AVD-KSV-0030', checkov: ['CKV_K8S_31'] },
  object: perContainer((obj, tpl, c) => {
    const t = get(effective(tpl, c, 'seccompProfile'), 'type');
    return t === 'RuntimeDefault' || t === 'Localhost' ? NO_HITS
      : [{ object: obj, message: `container "${c.name}" runs ${t === 'Unconfined' ? 'with seccomp Unconfined' : 'without a seccomp profile'}`, field: `${c.path}.securityContext.seccompProfile.type` }];
  }, ['containers', 'initContainers']),
});

/** The container's AppArmor annotation; the key is built only when the pod has annotations at all. */
function appArmorAnnotation(tpl: PodTemplate, c: ContainerRef): string | undefined {
  const ann = tpl.metadata.annotations;
  for (const k in ann) if (Object.hasOwn(ann, k)) return ann[`container.apparmor.security.beta.kubernetes.io/${c.name}`];
  return undefined;
}

export const appArmorSet = defineCheck({
  id: 'BW-K8S-0113', title: 'AppArmor profile unconfined', severity: 'medium', group: 'workload',
  description: 'An Unconfined AppArmor profile removes a mandatory-access-control layer.',
  remediation: 'Use appArmorProfile.type RuntimeDefault or Localhost.',
  equivalents: { trivy: 'AVD-KSV-0002', checkov: [] },
  object: perContainer((obj, tpl, c) => {
    const t = get(effective(tpl, c, 'appArmorProfile'), 'type');
    if (t === 'Unconfined' || appArmorAnnotation(tpl, c) === 'unconfined') {
      return [{ object: obj, message: `container "${c.name}" runs with AppArmor unconfined`, field: `${c.path}.securityContext.appArmorProfile.type` }];
    }
    return NO_HITS;
  }, ['containers', 'initContainers']),
});

export const WORKLOAD_CHECKS = [
  resourceLimits, resourceRequests, probes, latestTag, digestPin, allowedRegistry, automountToken, defaultServiceAccount,
  inlineSecrets, sensitiveHostPath, readOnlyRootFs, seccompSet, appArmorSet,
];
