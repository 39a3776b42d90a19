/** `bulwark cloud aws|gcp|azure|digitalocean`: read-only live posture of registries, clusters and node IAM (or a snapshot of it). */
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import { checkFormat } from '../../reports/index.js';
import {
  addGateOptions, addOutputOptions, contextFor, emitReport, parseExitCode, parseSeverities, type GetConfig, type ScanCliOptions, type SetExitCode,
} from '../options.js';

interface CloudOpts extends Pick<ScanCliOptions, 'format' | 'output' | 'severity' | 'exitCode'> {
  region?: string; project?: string; subscription?: string; snapshot?: string; fromSnapshot?: string;
  endpointUrl?: string; skipChecks?: string; printPermissions?: boolean;
}

const PROVIDERS = ['aws', 'gcp', 'azure', 'digitalocean'] as const;
type Provider = (typeof PROVIDERS)[number];

const EXAMPLES = `
Examples:
  bulwark cloud aws --region us-east-1,eu-west-1             EKS, ECR and node roles (default credential chain)
  bulwark cloud gcp --project acme-prod -f json -o gcp.json  GKE and Artifact Registry (Application Default Credentials)
  bulwark cloud azure --subscription 0000-…                  AKS and ACR (DefaultAzureCredential)
  DIGITALOCEAN_TOKEN=… bulwark cloud digitalocean            DOKS (a read-only token: kubernetes:read, registry:read)
  bulwark cloud aws --snapshot snap/                          record every response read…
  bulwark cloud aws --from-snapshot snap/ --exit-code 1       …and replay it offline (CI, audits, diffs)
  bulwark cloud aws --print-permissions > policy.json          the exact read-only IAM policy it needs

Findings use the same checks (ids, Trivy AVD / Checkov CKV equivalents) as \`bulwark iac\` on Terraform.`;

const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const cmd = program.command('cloud')
    .description('read-only live posture of container registries, Kubernetes clusters and node IAM in AWS, GCP, Azure or DigitalOcean')
    .argument('<provider>', PROVIDERS.join(' | '))
    .option('--region <list>', 'AWS: comma-separated regions (default: the SDK\'s configured region)')
    .option('--project <id>', 'GCP: project id (default: the Application Default Credentials project)')
    .option('--subscription <id>', 'Azure: subscription id (default: AZURE_SUBSCRIPTION_ID)')
    .option('--snapshot <dir>', 'record every API response read into this directory')
    .option('--from-snapshot <dir>', 'replay a recorded snapshot instead of calling the provider (offline)')
    .option('--endpoint-url <url>', 'send API calls to this endpoint (private endpoints, test servers)')
    .option('--skip-checks <list>', 'comma-separated check ids (BW-IAC-…, AVD-…, CKV_…), providers or services (aws:ecr) to skip')
    .option('--print-permissions', 'print the read-only permissions this provider needs, as a policy document, and exit');
  addGateOptions(addOutputOptions(cmd, 'iac')).addHelpText('after', EXAMPLES)
    .action(async (provider: string, o: CloudOpts, c: Command) => {
      const ctx = contextFor(c, config());
      if (!PROVIDERS.includes(provider as Provider)) throw new BulwarkError('USAGE', `unknown provider "${provider}" (${PROVIDERS.join(', ')})`);
      if (o.snapshot && o.fromSnapshot) throw new BulwarkError('USAGE', 'give either --snapshot (record) or --from-snapshot (replay), not both');
      const { scanCloud, cloudPermissionPolicy } = await import('../../scan/scan-cloud.js');
      if (o.printPermissions) {
        await ctx.writeOutput(`${cloudPermissionPolicy(provider as Provider)}\n`, o.output);
        return;
      }
      checkFormat(o.format, 'iac');
      parseExitCode(o.exitCode);
      const severities = parseSeverities(o.severity);
      const report = await scanCloud({
        provider: provider as Provider,
        ...(o.fromSnapshot ? { fromSnapshot: o.fromSnapshot } : {}), ...(o.snapshot ? { snapshot: o.snapshot } : {}),
        ...(o.region ? { regions: list(o.region) } : {}), ...(o.project ? { project: o.project } : {}),
        ...(o.subscription ? { subscription: o.subscription } : {}), ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
        skip: list(o.skipChecks),
        ...(severities ? { severities } : {}),
        logger: ctx.logger,
      });
      await emitReport(report, o, ctx, setExitCode);
    });
}
