/** Use-case: manifests or a live cluster → posture Report (target type 'kubernetes'). */
import {
  BulwarkError, emptyReport, noProgress, silentLogger, TOOL_VERSION, type KubernetesPosture, type Logger, type Progress,
  type Report,
} from '../core/index.js';
import {
  buildContext, builtinChecks, compilePolicies, createEngine, effectivePermissions, evaluate, formatPssVersion,
  loadCluster, loadInputs, unknownKindWarnings, type CompiledPolicy, type EngineOptions, type K8sObject, type SourceLines,
} from '../k8s/index.js';

export interface ScanK8sOptions extends EngineOptions {
  /** Files, directories, kustomize overlays or `-`. */
  paths?: string[];
  cluster?: { kubeconfig?: string; context?: string; namespace?: string; pageSize?: number };
  /** ValidatingAdmissionPolicy (+ Binding) files or directories. */
  policyPaths?: string[];
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

export async function scanK8s(opts: ScanK8sOptions): Promise<Report> {
  const logger = opts.logger ?? silentLogger;
  const progress = opts.progress ?? noProgress;
  if (!opts.cluster && !opts.paths?.length) throw new BulwarkError('USAGE', 'give manifest paths, - for stdin, or --cluster');
  const policyInput = await loadPolicies(opts.policyPaths);
  let objects: K8sObject[];
  let sources: SourceLines | undefined;
  let unreadable = new Map<string, string>();
  let targetName: string;
  const warnings: string[] = [...policyInput.errors];
  let documents: number | undefined;
  if (opts.cluster) {
    const c = await loadCluster({ ...opts.cluster, logger });
    objects = c.objects;
    unreadable = c.unreadable;
    targetName = `cluster ${c.context} (${c.server})${opts.cluster.namespace ? ` namespace ${opts.cluster.namespace}` : ''}`;
    warnings.push(...c.unreadable.values());
  } else {
    progress.start('k8s-load', opts.paths!.length, 'inputs');
    const l = await loadInputs(opts.paths!, { stdin: opts.stdin });
    progress.done('k8s-load');
    objects = l.objects;
    sources = l.sources;
    documents = l.documents;
    targetName = opts.paths!.join(', ');
    warnings.push(...l.errors, ...unknownKindWarnings(objects));
    for (const e of l.errors) logger.warn(e);
  }
  const engine = createEngine(builtinChecks, policyInput.policies);
  const all = [...objects, ...policyInput.objects];
  const result = evaluate(engine, all, opts, { unreadable, live: Boolean(opts.cluster) });
  const report = emptyReport({ type: 'kubernetes', name: targetName }, TOOL_VERSION, opts.now);
  report.scanners = ['misconfig'];
  report.warnings = warnings;
  report.misconfigurations = result.findings.map((f) => {
    const line = sources?.lineOf(f.object.origin, f.finding.field);
    return line !== undefined ? { ...f.finding, line } : f.finding;
  });
  const perms = effectivePermissions(buildContext(all, opts));
  const posture: KubernetesPosture = {
    podSecurity: opts.pssLevel
      ? { level: opts.pssLevel, version: opts.pssMinor !== undefined ? formatPssVersion(opts.pssMinor) : 'latest' }
      : { level: 'namespace labels (default restricted)', version: opts.pssMinor !== undefined ? formatPssVersion(opts.pssMinor) : 'latest' },
    checks: result.checks,
    effectivePermissions: perms.subjects.map((s) => ({
      subject: s.subject,
      rules: s.grants.map((g) => ({
        ...(g.namespace ? { namespace: g.namespace } : {}), verbs: g.rule.verbs, apiGroups: g.rule.apiGroups, resources: g.rule.resources,
        ...(g.rule.resourceNames.length ? { resourceNames: g.rule.resourceNames } : {}),
        ...(g.rule.nonResourceURLs.length ? { nonResourceURLs: g.rule.nonResourceURLs } : {}), via: g.via,
      })),
    })),
    resources: objects.length,
  };
  if (documents !== undefined) posture.documents = documents;
  for (const m of perms.missing) report.warnings.push(`binding refers to a role not in the input: ${m}`);
  report.kubernetes = posture;
  return report;
}
