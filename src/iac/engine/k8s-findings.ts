/**
 * Kubernetes manifests and mapped `kubernetes_*` resources through the one k8s engine (`bulwark k8s`'s checks, not a
 * copy). Findings get their source line; findings on a field that was unknown in the source are dropped (an unknown
 * is never insecure) and inline ignores apply as to the IaC checks.
 */
import type { MisconfigFinding } from '../../core/index.js';
import { builtinChecks, createEngine, evaluate, type EngineOptions } from '../../k8s/index.js';
import type { Analysis } from '../load/analysis.js';
import type { IacSuppression } from './run.js';

/** `field` lies on or below / above an unknown path (`spec.template.spec.containers[0].securityContext`). */
function touchesUnknown(field: string | undefined, unknownPaths: string[] | undefined): boolean {
  if (!unknownPaths?.length) return false;
  const f = field ?? '';
  return unknownPaths.some((u) => f === u || f.startsWith(`${u}.`) || f.startsWith(`${u}[`) || u.startsWith(`${f}.`) || u.startsWith(`${f}[`) || f === '');
}

interface K8sRun { findings: MisconfigFinding[]; suppressed: IacSuppression[]; checks: number }

export function runK8sChecks(a: Analysis, options: EngineOptions = {}): K8sRun {
  const out: K8sRun = { findings: [], suppressed: [], checks: 0 };
  if (!a.k8sObjects.length) return out;
  const engine = createEngine(builtinChecks);
  const result = evaluate(engine, a.k8sObjects, options);
  out.checks = result.checks.filter((c) => c.status !== 'skipped').length;
  for (const f of result.findings) {
    if (touchesUnknown(f.finding.field, a.k8sUnknown.get(f.object))) continue;
    const line = a.k8sLine(f.object, f.finding.field) ?? f.object.origin.line ?? 1;
    // Namespace-wide findings (no default-deny policy) are about an object no file wrote: no file, no line.
    const finding: MisconfigFinding = f.object.origin.file ? { ...f.finding, file: f.object.origin.file, line } : { ...f.finding };
    const by = finding.file ? a.ignores.matchAt([finding.id], { file: finding.file, line }, a.k8sBlock(f.object)) : undefined;
    if (by) out.suppressed.push({ finding, reason: by });
    else out.findings.push(finding);
  }
  return out;
}
