/** `bulwark graph (FILES… | --cluster) [--scan RESULTS…]`: attack paths from the internet to cluster-admin, ranked. */
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import type { GraphFormat } from '../../scan/attack-graph.js';
import { makeContext } from '../context.js';
import { checkGraphServerOptions, fetchStoredReports, uploadObjects, type GraphServerOptions } from '../graph-server.js';

interface GraphOpts extends GraphServerOptions {
  cluster?: boolean; context?: string; kubeconfig?: string; namespace?: string; scan?: string[]; iac?: string[];
  format: string; output?: string; from?: string; to?: string; top: string; exitCode?: string; quiet?: boolean; debug?: boolean;
}

const FORMATS = ['table', 'json', 'dot', 'mermaid', 'html'];
const list = (s: string | undefined): string[] | undefined => s?.split(',').map((x) => x.trim()).filter(Boolean);

export const register = (program: Command, setExitCode: (code: number) => void): void => {
  program.command('graph')
    .description('attack paths: internet → service → pod → service account → RBAC → secrets, nodes or cluster-admin, ranked by likelihood')
    .argument('[inputs...]', 'YAML/JSON manifests, directories, kustomize directories, or - for stdin')
    .option('--cluster', 'read the cluster of the current kubeconfig context (read-only)')
    .option('--context <name>', 'kubeconfig context to use with --cluster')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('-n, --namespace <ns>', 'with --cluster: only this namespace')
    .option('--scan <files...>', 'Bulwark JSON results of the images the workloads run (bulwark image … -f json)')
    .option('--iac <paths...>', 'Terraform/CloudFormation files or directories: EKS node roles the node-role checks fail become exits (node → node role; pod → node role when IMDS answers pods)')
    .option('--from <list>', 'entry points: internet (default), pods (any pod compromised), or node ids/names')
    .option('--to <list>', 'targets: cluster-admin, node, namespace-secrets, cloud-identity (default all), or node ids/names')
    .option('--top <n>', 'how many paths to list', '100')
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .option('-o, --output <file>', 'write to a file')
    .option('--exit-code <code>', 'exit with this code when at least one attack path exists')
    .option('--server <url>', 'take the images\' vulnerabilities from this Bulwark server\'s store (stored results, kept re-evaluated)')
    .option('--server-token <token>', 'token for --server: scope "read", or "scan" with --upload (prefer BULWARK_SERVER_TOKEN)')
    .option('--upload <cluster>', 'with --server: store the workload objects (Secret/ConfigMap payloads removed) under this cluster name for the UI\'s attack-path view')
    .addHelpText('after', `
Examples:
  bulwark image shop/web:1.2 -f json -o web.json
  bulwark graph k8s/ --scan web.json
  bulwark graph --cluster --to cluster-admin -f html -o paths.html
  bulwark graph k8s/ --iac infra/ --to cloud-identity        escapes to nodes whose EKS node role can push images, …
  bulwark graph manifests.yaml --from pods -f dot | dot -Tsvg > paths.svg
  bulwark graph --cluster --server https://bulwark.example.com --upload prod   vulnerabilities from the server; view in its UI`)
    .action(async (inputs: string[], _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as GraphOpts;
      const ctx = makeContext({ quiet: o.quiet, debug: o.debug });
      if (!FORMATS.includes(o.format)) throw new BulwarkError('USAGE', `unknown format "${o.format}" (${FORMATS.join(', ')})`);
      if (o.cluster && inputs.length) throw new BulwarkError('USAGE', 'give either manifest inputs or --cluster, not both');
      if (!o.cluster && !inputs.length) throw new BulwarkError('USAGE', 'give manifest files/directories, - for stdin, or --cluster');
      const top = Number(o.top);
      if (!Number.isInteger(top) || top < 1) throw new BulwarkError('USAGE', `--top must be a positive whole number, got ${o.top}`);
      const exit = o.exitCode === undefined ? undefined : Number(o.exitCode);
      if (exit !== undefined && (!Number.isInteger(exit) || exit < 0 || exit > 255)) throw new BulwarkError('USAGE', `--exit-code must be 0-255, got ${o.exitCode}`);
      const base = checkGraphServerOptions(o);
      const { buildAttackGraph, renderAttackGraph, strippedObjects } = await import('../../scan/attack-graph.js');
      const { graph, result, objects } = await buildAttackGraph({
        paths: o.cluster ? undefined : inputs,
        cluster: o.cluster ? { kubeconfig: o.kubeconfig, context: o.context, namespace: o.namespace } : undefined,
        scanPaths: o.scan, iacPaths: o.iac, from: list(o.from), to: list(o.to), top, logger: ctx.logger,
        ...(base ? { storedReports: (images: string[]) => fetchStoredReports(base, o.serverToken!, images, (m) => ctx.logger.warn(m)) } : {}),
      });
      await ctx.writeOutput(renderAttackGraph(o.format as GraphFormat, graph, result), o.output);
      if (base && o.upload) {
        const up = await uploadObjects(base, o.serverToken!, o.upload, strippedObjects(objects));
        ctx.logger.info(`uploaded ${up.objects} objects (${up.images} images) as cluster ${o.upload}`);
      }
      if (exit !== undefined && exit !== 0 && result.paths.length) setExitCode(exit);
    });
};
