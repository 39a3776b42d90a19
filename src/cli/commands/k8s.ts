/** `bulwark k8s <file|dir|-…> | --cluster`: Kubernetes posture scan (PSS, workload, network, RBAC, CIS, CEL policies). */
import type { Command } from 'commander';
import { atLeast, BulwarkError, isSeverity, type Report, type Severity } from '../../core/index.js';
import { writerFor } from '../../reports/index.js';
import { makeContext } from '../context.js';

interface K8sOpts {
  cluster?: boolean; context?: string; kubeconfig?: string; namespace?: string;
  pss?: string; pssVersion?: string; policy?: string[]; allowedRegistries?: string;
  skipChecks?: string; format: string; output?: string; severity?: string; exitCode?: string;
  quiet?: boolean; debug?: boolean;
}

const FORMATS = ['table', 'json', 'sarif', 'policy-report'];

/** `high` = high and above; `critical,high` = exactly those (Trivy style). */
export function severityFilter(spec: string | undefined): (s: Severity) => boolean {
  if (!spec) return () => true;
  const parts = spec.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
  for (const p of parts) if (!isSeverity(p)) throw new BulwarkError('USAGE', `unknown severity "${p}" (critical, high, medium, low, unknown)`);
  if (parts.length === 1) return (s) => atLeast(s, parts[0] as Severity);
  return (s) => parts.includes(s);
}

/** Renders with the shared report writers (table sections, SARIF, PolicyReport…). */
export async function formatK8sReport(report: Report, format: string, color: boolean): Promise<string> {
  return String((await writerFor(format))(report, { color }));
}

export const register = (program: Command, setExitCode: (code: number) => void): void => {
  program.command('k8s')
    .description('scan Kubernetes manifests (files, directories, kustomize overlays, - for stdin) or a live cluster')
    .argument('[inputs...]', 'YAML/JSON files, directories, kustomize directories, or - for stdin')
    .option('--cluster', 'scan the cluster of the current kubeconfig context (read-only)')
    .option('--context <name>', 'kubeconfig context to use with --cluster')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('-n, --namespace <ns>', 'with --cluster: only this namespace')
    .option('--pss <level>', 'Pod Security level: privileged, baseline or restricted (default: namespace labels, else restricted)')
    .option('--pss-version <version>', 'Pod Security policy version: latest or v1.<minor>', 'latest')
    .option('--policy <path...>', 'ValidatingAdmissionPolicy (+Binding) files or directories with CEL rules')
    .option('--allowed-registries <list>', 'comma-separated registries images may come from')
    .option('--skip-checks <list>', 'comma-separated check ids or groups (pss, workload, network, rbac, cis) to skip')
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .option('-o, --output <file>', 'write the report to a file')
    .option('-s, --severity <list>', 'report only these severities (one value = that level and above)')
    .option('--exit-code <code>', 'exit with this code when findings remain after --severity filtering')
    .action(async (inputs: string[], _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as K8sOpts;
      const ctx = makeContext({ quiet: o.quiet, debug: o.debug });
      if (!FORMATS.includes(o.format)) throw new BulwarkError('USAGE', `unknown format "${o.format}" (${FORMATS.join(', ')})`);
      if (o.cluster && inputs.length) throw new BulwarkError('USAGE', 'give either manifest inputs or --cluster, not both');
      if (!o.cluster && !inputs.length) throw new BulwarkError('USAGE', 'give manifest files/directories, - for stdin, or --cluster');
      const keep = severityFilter(o.severity);
      const skip = o.skipChecks?.split(',').map((s) => s.trim()).filter(Boolean);
      const [{ scanK8s }, { parsePssLevel, parsePssVersion }] = await Promise.all([import('../../scan/scan-k8s.js'), import('../../k8s/index.js')]);
      const report = await scanK8s({
        paths: o.cluster ? undefined : inputs,
        cluster: o.cluster ? { kubeconfig: o.kubeconfig, context: o.context, namespace: o.namespace } : undefined,
        policyPaths: o.policy,
        pssLevel: o.pss ? parsePssLevel(o.pss) : undefined,
        pssMinor: o.pssVersion && o.pssVersion !== 'latest' ? parsePssVersion(o.pssVersion) : undefined,
        allowedRegistries: o.allowedRegistries?.split(',').map((s) => s.trim()).filter(Boolean),
        skip,
        logger: ctx.logger,
        progress: ctx.progress,
      });
      report.misconfigurations = report.misconfigurations.filter((m) => keep(m.severity));
      await ctx.writeOutput(await formatK8sReport(report, o.format, Boolean(process.stdout.isTTY) && !o.output), o.output);
      if (o.exitCode !== undefined) {
        const code = Number(o.exitCode);
        if (!Number.isInteger(code) || code < 0 || code > 255) throw new BulwarkError('USAGE', `--exit-code must be 0-255, got ${o.exitCode}`);
        if (report.misconfigurations.length > 0 && code !== 0) setExitCode(code);
      }
    });
};
