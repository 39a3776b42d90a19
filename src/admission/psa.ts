/**
 * Pod Security Admission with pod-security-admission's own control flow (admission/admission.go): ValidatePod,
 * ValidatePodController, ValidateNamespace, exemptions, the UPDATE short-circuit and upstream's wording. The
 * checks themselves are the one engine's (`evaluatePss`), reached through scan/.
 */
import { evaluatePss, LATEST_VERIFIED_MINOR, podTemplateOf, toK8sObject, type K8sObject } from '../scan/index.js';

type PodTemplate = NonNullable<ReturnType<typeof podTemplateOf>>;
import type { AdmissionRequest } from './review.js';
import { fullyPrivileged, levelVersionString, policyToEvaluate, type LevelVersion, type PsaConfig, type PsaPolicy } from './psa-policy.js';

export interface NamespaceInfo { labels: Record<string, string> }

/** Namespace labels by name; an Error when the namespace cannot be looked up (upstream then allows with an audit note). */
export type NamespaceGetter = (name: string) => NamespaceInfo | Error | Promise<NamespaceInfo | Error>;

/** A Pod as the API serves it (JSON). */
export type RawPod = Record<string, unknown>;
/** The pods of a namespace; rejects (or is aborted by `signal`) when they cannot be listed. */
export type PodLister = (namespace: string, signal: AbortSignal) => Promise<RawPod[]>;

/** Upstream's bounds on ValidateNamespace's dry run (defaultNamespaceMaxPodsToCheck, defaultNamespacePodCheckTimeout). */
export interface NamespacePodCheckLimits { maxPods: number; timeoutMs: number }
const DEFAULT_LIMITS: NamespacePodCheckLimits = { maxPods: 3000, timeoutMs: 1000 };

export interface PsaOutcome {
  allowed: boolean;
  status?: { code: number; reason: string; message: string };
  warnings: string[];
  auditAnnotations: Record<string, string>;
  /** Why nothing was evaluated (exempt, privileged, unchanged, subresource), for the decision log. */
  skipped?: string;
  /** Modes whose evaluation failed: enforce / audit / warn. */
  violated: string[];
}

/** api.Attributes' resource → kind of handling, matched on group/resource as upstream registers them. */
const CONTROLLERS = new Set(['/replicationcontrollers', '/podtemplates', 'apps/replicasets', 'apps/deployments', 'apps/statefulsets', 'apps/daemonsets', 'batch/jobs', 'batch/cronjobs']);
const IGNORED_POD_SUBRESOURCES = new Set(['exec', 'attach', 'binding', 'eviction', 'log', 'portforward', 'proxy', 'status']);

type PsaTarget = 'pod' | 'controller' | 'namespace' | undefined;

function psaTarget(req: AdmissionRequest): PsaTarget {
  const gr = `${req.resource.group}/${req.resource.resource}`;
  if (gr === '/pods') return 'pod';
  if (gr === '/namespaces') return 'namespace';
  return CONTROLLERS.has(gr) ? 'controller' : undefined;
}

const allow = (extra: Partial<PsaOutcome> = {}): PsaOutcome => ({ allowed: true, warnings: [], auditAnnotations: {}, violated: [], ...extra });
const exempt = (why: string): PsaOutcome => allow({ auditAnnotations: { exempt: why }, skipped: `exempt ${why}` });

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : {};
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';

/** isSignificantPodUpdate: images, seccomp annotations, container counts and added ephemeral containers. */
export function isSignificantPodUpdate(pod: Record<string, unknown>, old: Record<string, unknown>): boolean {
  const ann = obj(obj(pod.metadata).annotations);
  const oldAnn = obj(obj(old.metadata).annotations);
  if (ann[SECCOMP_POD] !== oldAnn[SECCOMP_POD]) return true;
  const spec = obj(pod.spec);
  const oldSpec = obj(old.spec);
  const significant = (c: Record<string, unknown>, o: Record<string, unknown>) =>
    c.image !== o.image || ann[`${SECCOMP_CONTAINER}${String(c.name)}`] !== oldAnn[`${SECCOMP_CONTAINER}${String(c.name)}`];
  for (const field of ['containers', 'initContainers']) {
    const a = list(spec[field]);
    const b = list(oldSpec[field]);
    if (a.length !== b.length) return true;
    if (a.some((c, i) => significant(c, b[i]!))) return true;
  }
  const oldEphemeral = list(oldSpec.ephemeralContainers);
  for (const c of list(spec.ephemeralContainers)) {
    const o = oldEphemeral.find((e) => e.name === c.name);
    if (!o || significant(c, o)) return true;
  }
  return false;
}

/**
 * The pod template PodSecurity evaluates (a Pod's own spec, a workload's template); parsed once per request. `read` is
 * the caller's K8sObject of the same request object (decide.ts builds one, the engine's checks read it): its template
 * is shared when it has the object's own apiVersion and kind (it fills them from the request when the object lacks
 * them; PodSecurity reads the object as sent).
 */
function templateFor(raw: Record<string, unknown>, read?: K8sObject): PodTemplate | undefined {
  if (read && read.kind === raw.kind && read.apiVersion === raw.apiVersion) return podTemplateOf(read);
  const o = toK8sObject(raw, { file: 'admission', doc: 0, prefix: '' });
  return typeof o === 'string' ? undefined : podTemplateOf(o);
}

/** AggregateCheckResult: the forbidden reasons and details of the checks that failed; undefined when allowed. */
function forbidden(tpl: PodTemplate | undefined, lv: LevelVersion): Array<{ reason: string; detail?: string }> | undefined {
  if (!tpl) return undefined;
  const minor = lv.version === 'latest' ? LATEST_VERIFIED_MINOR : lv.version;
  const failed = evaluatePss(tpl, { level: lv.level, minor });
  if (!failed.length) return undefined;
  // Upstream's registry orders checks "to maintain consistent error messages": baseline IDs sorted, then restricted.
  failed.sort((a, b) => (a.def.level === b.def.level ? (a.def.id < b.def.id ? -1 : a.def.id > b.def.id ? 1 : 0) : a.def.level === 'baseline' ? -1 : 1));
  return failed.map(({ result }) => ({ reason: result.reason ?? '', ...(result.detail ? { detail: result.detail } : {}) }));
}

/** AggregateCheckResult.ForbiddenDetail: `reason (detail), reason (detail)`. */
function forbiddenDetail(tpl: PodTemplate | undefined, lv: LevelVersion): string | undefined {
  return forbidden(tpl, lv)?.map((f) => `${f.reason}${f.detail ? ` (${f.detail})` : ''}`).join(', ');
}

const sameLevelVersion = (a: LevelVersion, b: LevelVersion) => a.level === b.level && a.version === b.version;
/** LevelVersion.Equivalent: privileged is privileged whatever the version. */
const equivalent = (a: LevelVersion, b: LevelVersion) => a.level === b.level && (a.level === 'privileged' || a.version === b.version);
const LEVEL_RANK = { privileged: 0, baseline: 1, restricted: 2 } as const;

/** metav1.GetControllerOf: the owner reference with controller: true. */
function controllerUid(pod: RawPod): string | undefined {
  const refs = obj(pod.metadata).ownerReferences;
  const c = Array.isArray(refs) ? refs.map(obj).find((r) => r.controller === true) : undefined;
  return c ? String(c.uid ?? `${String(c.kind)}/${String(c.name)}`) : undefined;
}

export class PodSecurity {
  constructor(
    private config: PsaConfig, private readonly namespaces: NamespaceGetter,
    private readonly pods: PodLister = () => Promise.resolve([]), private readonly limits: NamespacePodCheckLimits = DEFAULT_LIMITS,
  ) {}

  setConfig(config: PsaConfig): void {
    this.config = config;
  }

  /** `object`: the request object as the caller already read it (its pod template is then shared; see templateFor). */
  async validate(req: AdmissionRequest, object?: K8sObject): Promise<PsaOutcome> {
    const target = psaTarget(req);
    if (target === 'pod') return this.validatePod(req, object);
    if (target === 'controller') return this.validateController(req, object);
    if (target === 'namespace') return this.validateNamespace(req);
    return allow({ skipped: 'not a PodSecurity resource' });
  }

  private async policyOf(req: AdmissionRequest): Promise<{ policy: PsaPolicy; errors: string[] } | PsaOutcome> {
    const ns = await this.namespaces(req.namespace ?? '');
    if (ns instanceof Error) return allow({ auditAnnotations: { error: `failed to lookup namespace "${req.namespace ?? ''}": ${ns.message}` }, skipped: 'namespace lookup failed' });
    return policyToEvaluate(ns.labels, this.config.defaults);
  }

  private exemption(req: AdmissionRequest): PsaOutcome | undefined {
    if (req.namespace && this.config.exemptions.namespaces.has(req.namespace)) return exempt('namespace');
    if (req.userInfo.username && this.config.exemptions.usernames.has(req.userInfo.username)) return exempt('user');
    return undefined;
  }

  private async validatePod(req: AdmissionRequest, object: K8sObject | undefined): Promise<PsaOutcome> {
    if (req.operation !== 'CREATE' && req.operation !== 'UPDATE') return allow({ skipped: 'operation' });
    if (req.subResource && IGNORED_POD_SUBRESOURCES.has(req.subResource)) return allow({ skipped: `subresource ${req.subResource}` });
    const ex = this.exemption(req);
    if (ex) return ex;
    const p = await this.policyOf(req);
    if ('allowed' in p) return p;
    if (!p.errors.length && fullyPrivileged(p.policy)) return allow({ skipped: 'privileged namespace' });
    if (req.operation === 'UPDATE' && !isSignificantPodUpdate(req.object!, req.oldObject!)) return allow({ skipped: 'insignificant update' });
    return this.evaluate(req, templateFor(req.object!, object), p.policy, p.errors, true);
  }

  private async validateController(req: AdmissionRequest, object: K8sObject | undefined): Promise<PsaOutcome> {
    if (req.operation !== 'CREATE' && req.operation !== 'UPDATE') return allow({ skipped: 'operation' });
    if (req.subResource) return allow({ skipped: `subresource ${req.subResource}` });
    const ex = this.exemption(req);
    if (ex) return ex;
    const p = await this.policyOf(req);
    if ('allowed' in p) return p;
    if (!p.errors.length && p.policy.warn.level === 'privileged' && p.policy.audit.level === 'privileged') return allow({ skipped: 'privileged namespace' });
    // Bulwark adds what the issue asks for: an UPDATE that leaves the pod template unchanged is not re-evaluated
    // (upstream re-warns on every controller update, e.g. a replica-count change through apply).
    if (req.operation === 'UPDATE' && sameTemplate(req.object!, req.oldObject!, req.kind.kind)) return allow({ skipped: 'pod template unchanged' });
    return this.evaluate(req, templateFor(req.object!, object), p.policy, p.errors, false);
  }

  /**
   * ValidateNamespace: policy labels must be valid on CREATE, and on UPDATE when they changed; an UPDATE that
   * tightens the enforce level dry-runs it against the namespace's existing pods and answers with warnings.
   */
  private async validateNamespace(req: AdmissionRequest): Promise<PsaOutcome> {
    if (req.subResource || (req.operation !== 'CREATE' && req.operation !== 'UPDATE')) return allow({ skipped: 'operation' });
    const labelsOf = (o: Record<string, unknown> | null | undefined) => obj(obj(o?.metadata).labels) as Record<string, string>;
    const labels = labelsOf(req.object);
    const name = String(obj(req.object?.metadata).name ?? req.name ?? '');
    const next = policyToEvaluate(labels, this.config.defaults);
    const prev = req.operation === 'UPDATE' ? policyToEvaluate(labelsOf(req.oldObject), this.config.defaults) : undefined;
    if (next.errors.length && (!prev || !prev.errors.length || JSON.stringify(prev.errors) !== JSON.stringify(next.errors))) {
      const message = `namespaces "${req.name ?? ''}" is invalid: ${next.errors.length === 1 ? next.errors[0] : `[${next.errors.join(', ')}]`}`;
      return { allowed: false, status: { code: 422, reason: 'Invalid', message }, warnings: [], auditAnnotations: {}, violated: ['labels'] };
    }
    // The API server sends a Namespace's own name as the request namespace; fall back to the name if it did not.
    const exemptNs = (req.namespace || name) !== '' && this.config.exemptions.namespaces.has(req.namespace || name);
    const exemptWarning = () => {
      const w = exemptNamespaceWarning(name, next.policy, labels, this.config.defaults);
      return allow({ skipped: 'exempt namespace', ...(w ? { warnings: [w] } : {}) });
    };
    if (!prev) return exemptNs ? exemptWarning() : allow({ skipped: 'namespace labels valid' });
    const [nw, old] = [next.policy.enforce, prev.policy.enforce];
    if (sameLevelVersion(nw, old)) return allow({ skipped: 'enforce level unchanged' });
    if (nw.level === 'privileged') return allow({ skipped: 'enforce level privileged' });
    if (nw.version === old.version && LEVEL_RANK[nw.level] <= LEVEL_RANK[old.level]) return allow({ skipped: 'enforce level relaxed' });
    if (exemptNs) return exemptWarning();
    const warnings = await this.evaluatePodsInNamespace(name, nw);
    return allow({ warnings, ...(warnings.length ? { violated: ['enforce'] } : {}) });
  }

  /**
   * EvaluatePodsInNamespace: the new enforce level against the namespace's pods, within upstream's bounds (3,000
   * pods, 1 s including the list), one pod per controller first; identical reasons are grouped under the
   * lexically first pod name, as `name (and N other pods): reasons`.
   */
  async evaluatePodsInNamespace(namespace: string, enforce: LevelVersion): Promise<string[]> {
    const deadline = performance.now() + this.limits.timeoutMs;
    let pods: RawPod[];
    // The list shares the time budget (upstream passes the deadline's context to ListPods); a lister that ignores
    // the signal is raced, so the review never waits longer than the budget for it.
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      pods = await Promise.race([
        this.pods(namespace, ac.signal),
        new Promise<never>((_r, reject) => { timer = setTimeout(() => { ac.abort(); reject(new Error('pod list timed out')); }, this.limits.timeoutMs); }),
      ]);
    } catch {
      return ['failed to list pods while checking new PodSecurity enforce level'];
    } finally {
      clearTimeout(timer);
    }
    const prioritized = this.prioritizePods(pods);
    const total = prioritized.length;
    const toCheck = prioritized.slice(0, this.limits.maxPods);
    let checked = toCheck.length;
    const counts = new Map<string, { podName: string; podCount: number }>();
    for (let i = 0; i < toCheck.length; i++) {
      const pod = toCheck[i]!;
      const failed = forbidden(templateFor(pod), enforce);
      if (failed) {
        const warning = failed.map((f) => f.reason).join(', ');
        const podName = String(obj(pod.metadata).name ?? '');
        const c = counts.get(warning);
        if (!c) counts.set(warning, { podName, podCount: 1 });
        else {
          if (podName < c.podName) c.podName = podName;
          c.podCount++;
        }
      }
      if (performance.now() > deadline) {
        checked = i + 1;
        break;
      }
    }
    const warnings: string[] = [];
    if (checked < total) warnings.push(`new PodSecurity enforce level only checked against the first ${checked} of ${total} existing pods`);
    if (counts.size) warnings.push(`existing pods in namespace "${namespace}" violate the new PodSecurity enforce level "${levelVersionString(enforce)}"`);
    const decorated = [...counts].map(([w, c]) => `${c.podName}${c.podCount === 1 ? '' : c.podCount === 2 ? ' (and 1 other pod)' : ` (and ${c.podCount - 1} other pods)`}: ${w}`);
    return [...warnings, ...decorated.sort()];
  }

  /** prioritizePods: drop exempt runtime classes; the first pod of each controller before the other replicas. */
  private prioritizePods(pods: RawPod[]): RawPod[] {
    const first: RawPod[] = [];
    const replicas: RawPod[] = [];
    const seen = new Set<string>();
    for (const pod of pods) {
      const rc = obj(pod.spec).runtimeClassName;
      if (typeof rc === 'string' && rc && this.config.exemptions.runtimeClasses.has(rc)) continue;
      const uid = controllerUid(pod);
      if (uid === undefined) first.push(pod);
      else if (seen.has(uid)) replicas.push(pod);
      else {
        seen.add(uid);
        first.push(pod);
      }
    }
    return [...first, ...replicas];
  }

  /** EvaluatePod: enforce (pods only), audit and warn, each level:version evaluated once. */
  private evaluate(req: AdmissionRequest, tpl: PodTemplate | undefined, policy: PsaPolicy, errors: string[], enforce: boolean): PsaOutcome {
    const rc = tpl?.spec.runtimeClassName;
    if (typeof rc === 'string' && rc && this.config.exemptions.runtimeClasses.has(rc)) return exempt('runtimeClass');
    const out = allow();
    if (errors.length) out.auditAnnotations.error = `Failed to parse policy: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`;
    // Each level:version is evaluated once (enforce, audit and warn are often the same); compared by value, no key string.
    const done: Array<{ lv: LevelVersion; detail: string | undefined }> = [];
    const detailOf = (lv: LevelVersion) => {
      for (const d of done) if (sameLevelVersion(d.lv, lv)) return d.detail;
      const detail = lv.level === 'privileged' ? undefined : forbiddenDetail(tpl, lv);
      done.push({ lv, detail });
      return detail;
    };
    if (enforce) {
      out.auditAnnotations['enforce-policy'] = levelVersionString(policy.enforce);
      const d = detailOf(policy.enforce);
      if (d !== undefined) {
        out.allowed = false;
        out.violated.push('enforce');
        out.status = { code: 403, reason: 'Forbidden', message: `${req.resource.resource} "${req.name ?? ''}" is forbidden: violates PodSecurity "${levelVersionString(policy.enforce)}": ${d}` };
      }
    }
    const a = detailOf(policy.audit);
    if (a !== undefined) {
      out.violated.push('audit');
      out.auditAnnotations['audit-violations'] = `would violate PodSecurity "${levelVersionString(policy.audit)}": ${a}`;
    }
    // Upstream adds no warnings to a request it already rejects.
    if (out.allowed) {
      const w = detailOf(policy.warn);
      if (w !== undefined) {
        out.violated.push('warn');
        out.warnings.push(`would violate PodSecurity "${levelVersionString(policy.warn)}": ${w}`);
      }
    }
    return out;
  }
}

/** exemptNamespaceWarning: an exempt namespace that sets a non-default, non-privileged policy is told it is ignored. */
function exemptNamespaceWarning(name: string, policy: PsaPolicy, labels: Record<string, string>, defaults: PsaPolicy): string | undefined {
  if (fullyPrivileged(policy) || (['enforce', 'audit', 'warn'] as const).every((m) => equivalent(policy[m], defaults[m]))) return undefined;
  const set = (['enforce', 'audit', 'warn'] as const).filter((m) => policy[m].level !== 'privileged'
    && (Object.prototype.hasOwnProperty.call(labels, `pod-security.kubernetes.io/${m}`) || Object.prototype.hasOwnProperty.call(labels, `pod-security.kubernetes.io/${m}-version`)));
  return `namespace "${name}" is exempt from Pod Security, and the policy (${set.map((m) => `${m}=${levelVersionString(policy[m])}`).join(', ')}) will be ignored`;
}

function templateOf(raw: Record<string, unknown>, kind: string): unknown {
  const spec = obj(raw.spec);
  if (kind === 'PodTemplate') return raw.template;
  if (kind === 'CronJob') return obj(obj(spec.jobTemplate).spec).template;
  return spec.template;
}

function sameTemplate(a: Record<string, unknown>, b: Record<string, unknown>, kind: string): boolean {
  return stableJson(templateOf(a, kind)) === stableJson(templateOf(b, kind));
}

/** JSON with sorted keys: two decodings of the same template compare equal whatever the key order. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
