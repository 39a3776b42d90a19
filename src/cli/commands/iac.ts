/** `bulwark iac DIR|FILE…`: Terraform, plans, Compose, ECS and Kubernetes posture checks (CloudFormation/Cloud Run only detected). */
import type { Command } from 'commander';
import { checkFormat } from '../../reports/index.js';
import {
  addGateOptions, addOutputOptions, contextFor, emitReport, parseExitCode, parseSeverities, type GetConfig, type ScanCliOptions, type SetExitCode,
} from '../options.js';

interface IacOpts extends Pick<ScanCliOptions, 'format' | 'output' | 'severity' | 'exitCode'> { skipChecks?: string }

const EXAMPLES = `
Examples:
  bulwark iac infra/ --severity high --exit-code 1        CI gate on HIGH and CRITICAL findings
  terraform show -json plan.out > plan.json && bulwark iac plan.json
  bulwark iac docker-compose.yml cfn/ -f sarif -o iac.sarif
  bulwark iac infra/ --skip-checks AVD-AWS-0036,aws:ecs    skip by Bulwark, Trivy or Checkov id, provider or service

Inline ignores written for Trivy (#trivy:ignore:AVD-…) and Checkov (#checkov:skip=CKV_…:reason) are honoured.`;

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const cmd = program.command('iac')
    .description('scan infrastructure as code: Terraform (HCL, plan JSON), Docker Compose, ECS task definitions and Kubernetes YAML (CloudFormation and Cloud Run YAML are detected, not evaluated yet)')
    .argument('<inputs...>', 'files or directories')
    .option('--skip-checks <list>', 'comma-separated check ids (BW-IAC-…, AVD-…, CKV_…, BW-K8S-…), providers (aws) or services (aws:ecs) to skip');
  addGateOptions(addOutputOptions(cmd, 'iac')).addHelpText('after', EXAMPLES)
    .action(async (inputs: string[], o: IacOpts, c: Command) => {
      const ctx = contextFor(c, config());
      checkFormat(o.format, 'iac');
      parseExitCode(o.exitCode);
      const severities = parseSeverities(o.severity);
      const { scanIac } = await import('../../scan/scan-iac.js');
      const report = await scanIac({
        paths: inputs,
        skip: o.skipChecks?.split(',').map((s) => s.trim()).filter(Boolean),
        ...(severities ? { severities } : {}),
        logger: ctx.logger,
        progress: ctx.progress,
      });
      await emitReport(report, o, ctx, setExitCode);
    });
}
