/** `bulwark k8s <file|dir|-…> | --cluster`: Kubernetes posture scan (PSS, workload, network, RBAC, CIS, CEL policies). */
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import { checkFormat } from '../../reports/index.js';
import { addServerOptions, checkServerOptions, uploadReport, type ServerUploadOptions } from '../server-upload.js';
import {
  addGateOptions, addOutputOptions, contextFor, emitReport, parseExitCode, parseSeverities, type GetConfig, type ScanCliOptions, type SetExitCode,
} from '../options.js';

interface K8sOpts extends Pick<ScanCliOptions, 'format' | 'output' | 'severity' | 'exitCode'>, ServerUploadOptions {
  cluster?: boolean; context?: string; kubeconfig?: string; namespace?: string;
  pss?: string; pssVersion?: string; policy?: string[]; allowedRegistries?: string; skipChecks?: string;
}

const EXAMPLES = `
Examples:
  bulwark k8s deploy/ --severity high --exit-code 1   CI gate on HIGH and CRITICAL findings
  helm template ./chart | bulwark k8s - --pss restricted --format policy-report
  bulwark k8s --cluster --context prod -n payments -f json -o posture.json
  bulwark k8s --cluster --server https://bulwark.example.com --cluster-name prod   upload the posture snapshot`;

function list(text: string | undefined): string[] | undefined {
  return text?.split(',').map((s) => s.trim()).filter(Boolean);
}

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const cmd = program.command('k8s')
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
    .option('--skip-checks <list>', 'comma-separated check ids or groups (pss, workload, network, rbac, cis) to skip');
  addServerOptions(addGateOptions(addOutputOptions(cmd, 'kubernetes')), { cluster: true }).addHelpText('after', EXAMPLES)
    .action(async (inputs: string[], o: K8sOpts, c: Command) => {
      const ctx = contextFor(c, config());
      // Every flag is checked before the (possibly slow) cluster or file reads.
      checkFormat(o.format, 'kubernetes');
      parseExitCode(o.exitCode);
      checkServerOptions(o);
      const severities = parseSeverities(o.severity);
      if (o.cluster && inputs.length) throw new BulwarkError('USAGE', 'give either manifest inputs or --cluster, not both');
      if (!o.cluster && !inputs.length) throw new BulwarkError('USAGE', 'give manifest files/directories, - for stdin, or --cluster');
      const [{ scanK8s }, { parsePssLevel, parsePssVersion }] = await Promise.all([import('../../scan/scan-k8s.js'), import('../../k8s/index.js')]);
      const report = await scanK8s({
        paths: o.cluster ? undefined : inputs,
        cluster: o.cluster ? { kubeconfig: o.kubeconfig, context: o.context, namespace: o.namespace } : undefined,
        policyPaths: o.policy,
        pssLevel: o.pss ? parsePssLevel(o.pss) : undefined,
        pssMinor: o.pssVersion && o.pssVersion !== 'latest' ? parsePssVersion(o.pssVersion) : undefined,
        allowedRegistries: list(o.allowedRegistries),
        skip: list(o.skipChecks),
        ...(severities ? { severities } : {}),
        logger: ctx.logger,
        progress: ctx.progress,
      });
      await emitReport(report, o, ctx, setExitCode);
      await uploadReport(report, o, ctx);
    });
}
