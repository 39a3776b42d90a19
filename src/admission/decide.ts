/**
 * One admission decision: PodSecurity (upstream semantics), Bulwark's built-in checks and CEL policies (the one
 * engine, per-object), and the image gates — merged into one AdmissionResponse and one decision-log record.
 */
import { redactText } from '../core/index.js';
import {
  builtinChecks, containersOf, createEngine, evaluateObject, podTemplateOf, toK8sObject, tryParseReference, type Engine, type K8sObject,
} from '../scan/index.js';
import { ImageGate, type ImageDeps } from './images.js';
import { checkAction, type AdmissionPolicy, type PolicyAction } from './policy-file.js';
import { isSignificantPodUpdate, PodSecurity, stableJson, type NamespaceGetter, type NamespacePodCheckLimits, type PodLister, type PsaOutcome } from './psa.js';
import type { PsaConfig } from './psa-policy.js';
import type { AdmissionRequest, AdmissionResponse } from './review.js';

interface PolicyResult { policy: string; actions: PolicyAction[]; message: string }

interface DecisionLog {
  endpoint: 'validate' | 'mutate';
  uid: string;
  operation: string;
  resource: string;
  kind: string;
  namespace?: string;
  name?: string;
  subResource?: string;
  user?: string;
  dryRun: boolean;
  verdict: 'allow' | 'deny';
  /** Every policy that said something, with its action(s) (dry-run results appear only here). */
  policies: PolicyResult[];
  psa?: { skipped?: string; violated: string[]; enforce?: string };
  patchOps?: number;
  warnings: number;
}

export interface Outcome { response: AdmissionResponse; log: DecisionLog }

const FROM_VAP: Record<string, PolicyAction> = { deny: 'enforce', warn: 'warn', audit: 'audit' };
const ORIGIN = { file: 'admission-request', doc: 0, prefix: '' };
const MAX_ANNOTATION = 4096;
const NO_SKIP = Object.freeze([]) as unknown as string[];
const UNCHANGED_TEMPLATE_SKIP = Object.freeze(['workload', 'rbac', 'network', 'cis']) as string[];

function pointer(dotted: string): string {
  return `/${dotted.replace(/\[(\d+)\]/g, '.$1').split('.').map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** The request's object as the engine's K8sObject (apiVersion/kind/namespace filled from the request when absent). */
function objectOf(req: AdmissionRequest, raw: Record<string, unknown> | null | undefined): K8sObject | undefined {
  if (!raw) return undefined;
  const meta = typeof raw.metadata === 'object' && raw.metadata ? raw.metadata as Record<string, unknown> : {};
  // Nothing to fill in (the usual review): the object itself, not a copy of it (the copy would be equal, key order too).
  const complete = raw.apiVersion != null && raw.kind != null && meta === raw.metadata && !Array.isArray(meta) && (!req.namespace || meta.namespace);
  const gv = req.kind.group ? `${req.kind.group}/${req.kind.version}` : req.kind.version;
  const full = complete ? raw : { ...raw, apiVersion: raw.apiVersion ?? gv, kind: raw.kind ?? req.kind.kind, metadata: { ...meta, ...(req.namespace && !meta.namespace ? { namespace: req.namespace } : {}) } };
  const o = toK8sObject(full, ORIGIN);
  return typeof o === 'string' ? undefined : o;
}

interface AdmissionDeps extends Omit<ImageDeps, 'now'> {
  namespaces: NamespaceGetter;
  /** Existing pods, for a namespace whose enforce level tightens (none known without it). */
  pods?: PodLister;
  namespacePodCheck?: NamespacePodCheckLimits;
  now?: () => number;
}

export class Admission {
  private psa: PodSecurity;
  private engine!: Engine;
  private policy!: AdmissionPolicy;
  private images: ImageGate | undefined;

  constructor(psaConfig: PsaConfig, policy: AdmissionPolicy, private readonly deps: AdmissionDeps) {
    this.psa = new PodSecurity(psaConfig, deps.namespaces, deps.pods, deps.namespacePodCheck);
    this.setPolicy(policy);
  }

  setPsaConfig(c: PsaConfig): void {
    this.psa.setConfig(c);
  }

  /** Swaps the whole policy at once (a reload never mixes old and new rules within one request). */
  setPolicy(policy: AdmissionPolicy): void {
    this.policy = policy;
    // Only per-object checks can answer for one object; PSS is PodSecurity's (upstream semantics) above.
    this.engine = createEngine(builtinChecks.filter((c) => c.object && c.group !== 'pss'), policy.cel, ['audit'], { fingerprints: false });
    this.images = policy.images ? new ImageGate(policy.images, policy.hash, this.deps) : undefined;
  }

  currentPolicy(): AdmissionPolicy {
    return this.policy;
  }

  imageCacheStats(): { hits: number; misses: number } {
    return this.images?.cacheStats() ?? { hits: 0, misses: 0 };
  }

  private baseLog(req: AdmissionRequest, endpoint: DecisionLog['endpoint']): DecisionLog {
    // Built in field order by assignment (the decision line's order), not from spreads of conditional literals.
    const log = {
      endpoint, uid: req.uid, operation: req.operation,
      resource: `${req.resource.group ? `${req.resource.group}/` : ''}${req.resource.version}/${req.resource.resource}`, kind: req.kind.kind,
    } as DecisionLog;
    if (req.namespace) log.namespace = req.namespace;
    if (req.name) log.name = req.name;
    if (req.subResource) log.subResource = req.subResource;
    if (req.userInfo.username) log.user = req.userInfo.username;
    log.dryRun = req.dryRun === true;
    log.verdict = 'allow';
    log.policies = [];
    log.warnings = 0;
    return log;
  }

  async validate(req: AdmissionRequest): Promise<Outcome> {
    const log = this.baseLog(req, 'validate');
    // One K8sObject per review: PodSecurity, the checks and CEL read the same one (and its memoised pod template).
    const obj = req.operation === 'CREATE' || req.operation === 'UPDATE' ? objectOf(req, req.object) : undefined;
    const psa: PsaOutcome = await this.psa.validate(req, obj);
    const psaLog: NonNullable<DecisionLog['psa']> = { violated: psa.violated };
    if (psa.skipped) psaLog.skipped = psa.skipped;
    if (psa.auditAnnotations['enforce-policy']) psaLog.enforce = psa.auditAnnotations['enforce-policy'];
    log.psa = psaLog;
    const results: PolicyResult[] = [];
    if (obj && !(psa.skipped?.startsWith('exempt'))) {
      results.push(...this.engineResults(req, obj, await this.namespaceObject(req.namespace)));
      if (this.images) results.push(...await this.imageResults(req, obj));
    }
    log.policies = results;
    const response = this.assemble(req, psa, results);
    log.verdict = response.allowed ? 'allow' : 'deny';
    log.warnings = response.warnings?.length ?? 0;
    return { response, log };
  }

  /** The request's Namespace as an object (CEL namespaceObject, namespaceSelector), when it can be looked up. */
  private async namespaceObject(name: string | undefined): Promise<K8sObject | undefined> {
    if (!name || !this.policy.cel.length) return undefined;
    const ns = await this.deps.namespaces(name);
    if (ns instanceof Error) return undefined;
    const o = toK8sObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: ns.labels } }, ORIGIN);
    return typeof o === 'string' ? undefined : o;
  }

  private engineResults(req: AdmissionRequest, obj: K8sObject, ns: K8sObject | undefined): PolicyResult[] {
    const tpl = podTemplateOf(obj);
    // Same rule as PodSecurity: an UPDATE that leaves the pod template unchanged is not re-evaluated by the
    // built-in workload checks (CEL policies still run: they may look at oldObject).
    let checksToo = true;
    if (req.operation === 'UPDATE' && tpl) {
      if (obj.kind === 'Pod') checksToo = isSignificantPodUpdate(req.object!, req.oldObject!);
      else {
        const old = objectOf(req, req.oldObject);
        const oldTpl = old && podTemplateOf(old);
        checksToo = !oldTpl || stableJson(oldTpl.spec) !== stableJson(tpl.spec) || stableJson(oldTpl.metadata) !== stableJson(tpl.metadata);
      }
    }
    const skip = checksToo ? NO_SKIP : UNCHANGED_TEMPLATE_SKIP;
    if (this.policy.checks.default === 'off' && !this.policy.checks.rules.some((r) => r.action !== 'off') && !this.policy.cel.length) return [];
    const nsName = req.namespace;
    const related = ns ? [ns, ...this.policy.related] : this.policy.related;
    const request: Record<string, unknown> = {
      uid: req.uid, kind: req.kind, resource: req.resource, name: req.name ?? obj.metadata.name, namespace: nsName ?? '', operation: req.operation,
      userInfo: req.userInfo, dryRun: req.dryRun === true,
    };
    if (req.subResource) request.subResource = req.subResource;
    const result = evaluateObject(this.engine, obj, related, { skip }, {
      operation: req.operation, oldObject: req.oldObject ?? null, userInfo: { username: req.userInfo.username ?? '', groups: req.userInfo.groups ?? [] }, request,
    });
    const out: PolicyResult[] = [];
    for (const f of result.findings) {
      const id = f.finding.id;
      let actions: PolicyAction[];
      if (f.finding.group === 'policy') {
        const name = /^VAP-(.*?)(?:\[\d+\])?$/.exec(id)?.[1] ?? id;
        const override = this.policy.celActions.get(name);
        actions = override ? [override] : f.actions.map((a) => FROM_VAP[a]!);
      } else {
        actions = [checkAction(this.policy, id, f.finding.group ?? '')];
      }
      actions = actions.filter((a) => a !== 'off');
      if (actions.length) out.push({ policy: id, actions, message: redactText(f.finding.message) });
    }
    return out;
  }

  private async imageResults(req: AdmissionRequest, obj: K8sObject): Promise<PolicyResult[]> {
    const gate = this.images;
    const tpl = podTemplateOf(obj);
    if (!gate || !tpl) return [];
    const images = [...new Set(containersOf(tpl).map((c) => c.container.image).filter((i): i is string => typeof i === 'string'))];
    const per = await Promise.all(images.map((image) => gate.violations(image, req.dryRun === true)));
    return per.flat().filter((v) => v.action !== 'off').map((v) => ({ policy: v.rule, actions: [v.action], message: v.message }));
  }

  private assemble(req: AdmissionRequest, psa: PsaOutcome, results: PolicyResult[]): AdmissionResponse {
    const denials = results.filter((r) => r.actions.includes('enforce')).map((r) => `${r.policy}: ${r.message}`);
    const response: AdmissionResponse = { uid: req.uid, allowed: psa.allowed && denials.length === 0 };
    const warnings = [...psa.warnings, ...results.filter((r) => r.actions.includes('warn')).map((r) => `${r.policy}: ${r.message}`)];
    if (warnings.length) response.warnings = warnings;
    const annotations = { ...psa.auditAnnotations };
    const audit = results.filter((r) => r.actions.includes('audit')).map((r) => `${r.policy}: ${r.message}`);
    if (audit.length) {
      const text = audit.join('; ');
      annotations['bulwark-audit'] = text.length > MAX_ANNOTATION ? `${text.slice(0, MAX_ANNOTATION - 1)}…` : text;
    }
    if (Object.keys(annotations).length) response.auditAnnotations = annotations;
    if (!response.allowed) {
      const what = `${req.resource.resource} "${req.name ?? ''}"`;
      const parts: string[] = [];
      if (!psa.allowed && psa.status) parts.push(psa.status.message);
      if (denials.length) parts.push(psa.allowed ? `${what} is forbidden: ${denials.join('; ')}` : denials.join('; '));
      const code = psa.allowed ? 403 : psa.status?.code ?? 403;
      response.status = { status: 'Failure', code, reason: code === 422 ? 'Invalid' : 'Forbidden', message: parts.join('; ') };
    }
    return response;
  }

  /** /mutate: pins tag-only images to the digest the registry serves now (images.digest: mutate). */
  async mutate(req: AdmissionRequest): Promise<Outcome> {
    const log = this.baseLog(req, 'mutate');
    const response: AdmissionResponse = { uid: req.uid, allowed: true };
    const gate = this.images;
    const obj = req.operation === 'CREATE' || req.operation === 'UPDATE' ? objectOf(req, req.object) : undefined;
    const tpl = obj && podTemplateOf(obj);
    if (!gate || gate.policy.digest !== 'mutate' || !tpl || req.subResource && req.subResource !== 'ephemeralcontainers') return { response, log };
    const patch: Array<{ op: 'replace'; path: string; value: string }> = [];
    const results: PolicyResult[] = [];
    await Promise.all(containersOf(tpl).map(async (c) => {
      const image = c.container.image;
      if (typeof image !== 'string' || image.includes('@')) return;
      const ref = tryParseReference(image);
      if (!ref) return; // /validate reports the bad reference
      try {
        const digest = await gate.resolve(ref);
        patch.push({ op: 'replace', path: `${pointer(c.path)}/image`, value: `${image}@${digest}` });
      } catch (e) {
        results.push({ policy: 'image-failure', actions: [gate.policy.failureAction], message: `image "${image}": digest resolution failed: ${(e as Error).message}` });
      }
    }));
    patch.sort((a, b) => a.path.localeCompare(b.path));
    log.policies = results.filter((r) => !r.actions.includes('off'));
    const assembled = this.assemble(req, { allowed: true, warnings: [], auditAnnotations: {}, violated: [] }, log.policies);
    Object.assign(response, assembled);
    if (response.allowed && patch.length) {
      response.patchType = 'JSONPatch';
      response.patch = Buffer.from(JSON.stringify(patch)).toString('base64');
      log.patchOps = patch.length;
    }
    log.verdict = response.allowed ? 'allow' : 'deny';
    log.warnings = response.warnings?.length ?? 0;
    return { response, log };
  }
}
