/**
 * Kubernetes manifests and mapped `kubernetes_*` resources through the one k8s engine (`bulwark k8s`'s checks, not a
 * copy). Findings get their source line; findings on a field that was unknown in the source are dropped (an unknown
 * is never insecure) and inline ignores apply as to the IaC checks.
 */
import type { MisconfigFinding } from '../../core/index.js';
import { builtinChecks, createEngine, evaluate, trivyShortId, type EngineFinding, type EngineOptions } from '../../k8s/index.js';
import type { Analysis } from '../load/analysis.js';
import type { IacSuppression } from './run.js';

/** `field` lies on or below / above an unknown path (`spec.template.spec.containers[0].securityContext`). */
function touchesUnknown(field: string | undefined, unknownPaths: string[] | undefined): boolean {
  if (!unknownPaths?.length) return false;
  const f = field ?? '';
  return unknownPaths.some((u) => f === u || f.startsWith(`${u}.`) || f.startsWith(`${u}[`) || u.startsWith(`${f}.`) || u.startsWith(`${f}[`) || f === '');
}

/** `AVD-KSV-0017` → also `KSV017` (Trivy matches ignores on its short id too) and the four-digit `KSV0017`. */
function trivyIgnoreIds(avd: string): string[] {
  return [...new Set([avd, trivyShortId(avd), avd.replace(/^AVD-KSV-/, 'KSV')])];
}

/**
 * Ids an inline ignore may name for this finding: Bulwark's, Trivy's (long and short) and Checkov's, with Checkov's
 * Terraform ids for objects mapped from `kubernetes_*` resources (its Terraform runner numbers a few checks differently).
 */
function ignoreIds(f: EngineFinding, terraform: boolean): string[] {
  const eq = f.equivalents;
  const checkov = (terraform ? eq?.checkovTerraform : undefined) ?? eq?.checkov ?? [];
  return [f.finding.id, ...(eq?.trivy ? trivyIgnoreIds(eq.trivy) : []), ...checkov];
}

interface K8sRun { findings: MisconfigFinding[]; suppressed: IacSuppression[]; checks: number }

export function runK8sChecks(a: Analysis, options: EngineOptions = {}): K8sRun {
  const out: K8sRun = { findings: [], suppressed: [], checks: 0 };
  if (!a.k8sObjects.length) return out;
  const engine = createEngine(builtinChecks);
  const result = evaluate(engine, a.k8sObjects, options);
  out.checks = result.checks.filter((c) => c.status !== 'skipped').length;
  const mapped = new WeakSet(a.k8sMapped.map((m) => m.object));
  // `--skip-checks AVD-KSV-0017,CKV_K8S_16`: the engine skips Bulwark ids and groups; foreign ids drop the findings they name.
  const skip = new Set(options.skip ?? []);
  for (const f of result.findings) {
    if (touchesUnknown(f.finding.field, a.k8sUnknown.get(f.object))) continue;
    if (skip.size && ignoreIds(f, mapped.has(f.object)).some((id) => skip.has(id))) continue;
    const line = a.k8sLine(f.object, f.finding.field) ?? f.object.origin.line ?? 1;
    // Namespace-wide findings (no default-deny policy) are about an object no file wrote: no file, no line.
    const finding: MisconfigFinding = f.object.origin.file ? { ...f.finding, file: f.object.origin.file, line } : { ...f.finding };
    const terraform = mapped.has(f.object);
    if (terraform && f.equivalents?.checkovTerraform) finding.checkov = f.equivalents.checkovTerraform;
    const by = finding.file ? a.ignores.matchAt(ignoreIds(f, terraform), { file: finding.file, line }, a.k8sBlock(f.object)) : undefined;
    if (by) out.suppressed.push({ finding, reason: by });
    else out.findings.push(finding);
  }
  return out;
}
