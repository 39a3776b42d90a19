/** Use-case: manifests or a live cluster → posture Report (target type 'kubernetes'). */
import {
  BulwarkError, emptyReport, noProgress, silentLogger, TOOL_VERSION, type KubernetesPosture, type Logger, type Progress,
  type Report, type Severity,
} from '../core/index.js';
import {
  buildContext, builtinChecks, compilePolicies, createEngine, effectivePermissions, evaluateIn, formatPssVersion,
  loadCluster, loadInputs, unknownKindWarnings, type CompiledPolicy, type EngineOptions, type EvalContext, type K8sObject,
  type SourceLines,
} from '../k8s/index.js';
import { keepSeverities } from './options.js';

export interface ScanK8sOptions extends EngineOptions {
  /** Files, directories, kustomize overlays or `-`. */
  paths?: string[];
  cluster?: { kubeconfig?: string; context?: string; namespace?: string; pageSize?: number };
  /** ValidatingAdmissionPolicy (+ Binding) files or directories. */
  policyPaths?: string[];
  /** Keep only findings of these severities (default: all), as image scans do. */
  severities?: readonly Severity[];
  stdin?: () => Promise<string>;
  logger?: Logger;
  progress?: Progress;
  now?: Date;
}

async function loadPolicies(paths: string[] | undefined): Promise<{ policies: CompiledPolicy[]; objects: K8sObject[]; errors: string[] }> {
  if (!paths?.length) return { policies: [], objects: [], errors: [] };
  const loaded = await loadInputs(paths);
  const policies = compilePolicies(loaded.objects);
  if (!policies.length) throw new BulwarkError('POLICY_INVALID', `no ValidatingAdmissionPolicy found in ${paths.join(', ')}`);
  // Param objects (paramKind) may live beside the policies.
  const objects = loaded.objects.filter((o) => o.kind !== 'ValidatingAdmissionPolicy' && o.kind !== 'ValidatingAdmissionPolicyBinding');
  return { policies, objects, errors: loaded.errors };
}

interface Loaded {
  objects: K8sObject[];
  sources?: SourceLines;
  unreadable: Map<string, string>;
  targetName: string;
  /** Inputs that could not be read or parsed: nothing in them was checked. */
  inputErrors: string[];
  warnings: string[];
  documents?: number;
}

async function loadTarget(opts: ScanK8sOptions, logger: Logger, progress: Progress): Promise<Loaded> {
  if (opts.cluster) {
    const c = await loadCluster({ ...opts.cluster, logger });
    const targetName = `cluster ${c.context} (${c.server})${opts.cluster.namespace ? ` namespace ${opts.cluster.namespace}` : ''}`;
    return { objects: c.objects, unreadable: c.unreadable, targetName, inputErrors: [], warnings: [...c.unreadable.values()] };
  }
  progress.start('k8s-load', opts.paths!.length, 'inputs');
  const l = await loadInputs(opts.paths!, { stdin: opts.stdin });
  progress.done('k8s-load');
  for (const e of l.errors) logger.warn(e);
  return {
    objects: l.objects, sources: l.sources, unreadable: new Map(), targetName: opts.paths!.join(', '), inputErrors: l.errors,
    warnings: unknownKindWarnings(l.objects), documents: l.documents,
  };
}

function posture(opts: ScanK8sOptions, ctx: EvalContext, checks: KubernetesPosture['checks'], loaded: Loaded, missing: string[]): KubernetesPosture {
  const perms = effectivePermissions(ctx);
  missing.push(...perms.missing);
  const version = opts.pssMinor !== undefined ? formatPssVersion(opts.pssMinor) : 'latest';
  const out: KubernetesPosture = {
    podSecurity: { level: opts.pssLevel ?? 'namespace labels (default restricted)', version },
    checks,
    effectivePermissions: perms.subjects.map((s) => ({
      subject: s.subject,
      rules: s.grants.map((g) => ({
        ...(g.namespace ? { namespace: g.namespace } : {}), verbs: g.rule.verbs, apiGroups: g.rule.apiGroups, resources: g.rule.resources,
        ...(g.rule.resourceNames.length ? { resourceNames: g.rule.resourceNames } : {}),
        ...(g.rule.nonResourceURLs.length ? { nonResourceURLs: g.rule.nonResourceURLs } : {}), via: g.via,
      })),
    })),
    resources: loaded.objects.length,
  };
  if (loaded.documents !== undefined) out.documents = loaded.documents;
  if (loaded.inputErrors.length) out.inputErrors = loaded.inputErrors;
  return out;
}

export async function scanK8s(opts: ScanK8sOptions): Promise<Report> {
  const logger = opts.logger ?? silentLogger;
  if (!opts.cluster && !opts.paths?.length) throw new BulwarkError('USAGE', 'give manifest paths, - for stdin, or --cluster');
  const policyInput = await loadPolicies(opts.policyPaths);
  const loaded = await loadTarget(opts, logger, opts.progress ?? noProgress);
  loaded.inputErrors.unshift(...policyInput.errors);
  const engine = createEngine(builtinChecks, policyInput.policies);
  // One context per scan: the engine's checks and the effective-permissions summary read the same indexes.
  const ctx = buildContext([...loaded.objects, ...policyInput.objects], opts, { unreadable: loaded.unreadable, live: Boolean(opts.cluster) });
  const result = evaluateIn(engine, ctx);
  const report = emptyReport({ type: 'kubernetes', name: loaded.targetName }, TOOL_VERSION, opts.now);
  report.scanners = ['misconfig'];
  const findings = result.findings.map((f) => {
    const line = loaded.sources?.lineOf(f.object.origin, f.finding.field);
    return line !== undefined ? { ...f.finding, line } : f.finding;
  });
  report.misconfigurations = keepSeverities(findings, opts.severities);
  const missing: string[] = [];
  report.kubernetes = posture(opts, ctx, result.checks, loaded, missing);
  report.warnings = [...loaded.inputErrors, ...loaded.warnings, ...missing.map((m) => `binding refers to a role not in the input: ${m}`)];
  return report;
}
