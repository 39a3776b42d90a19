/** Use-case: IaC files and directories → misconfiguration Report (target type 'iac'). */
import {
  BulwarkError, emptyReport, noProgress, silentLogger, TOOL_VERSION, type Logger, type Progress, type Report, type Severity, type SuppressedFinding,
} from '../core/index.js';
import { analyzeFiles, iacChecks, readIacInputs, runChecks, runK8sChecks, type IacSuppression } from '../iac/index.js';
import { keepSeverities } from './options.js';

interface ScanIacOptions {
  /** Files and directories (Terraform, plans, Compose, ECS, Kubernetes YAML; CloudFormation/Cloud Run only detected). */
  paths: string[];
  /** Check ids (BW/AVD/CKV), providers (`aws`) or services (`aws:ecs`) to skip; k8s check ids and groups too. */
  skip?: string[];
  severities?: readonly Severity[];
  logger?: Logger;
  progress?: Progress;
  now?: Date;
}

function suppressed(list: IacSuppression[]): SuppressedFinding[] {
  return list.map((s) => ({
    kind: 'misconfiguration', id: s.finding.id, target: `${s.finding.file ?? ''}:${s.finding.line ?? ''} ${s.finding.iac?.resource ?? s.finding.resource?.name ?? ''}`.trim(),
    reason: s.reason, source: 'inline',
  }));
}

export async function scanIac(opts: ScanIacOptions): Promise<Report> {
  const logger = opts.logger ?? silentLogger;
  const progress = opts.progress ?? noProgress;
  if (!opts.paths.length) throw new BulwarkError('USAGE', 'give Terraform/CloudFormation/Compose/… files or directories');
  const readErrors: string[] = [];
  progress.start('iac-load', opts.paths.length, 'inputs');
  const files = await readIacInputs(opts.paths, readErrors);
  const analysis = await analyzeFiles(files, opts.now ? { today: opts.now.toISOString().slice(0, 10) } : {});
  progress.done('iac-load');
  const iac = runChecks(analysis.state, iacChecks, analysis.ignores, { skip: opts.skip });
  const k8s = runK8sChecks(analysis, { skip: opts.skip });
  const report = emptyReport({ type: 'iac', name: opts.paths.join(', ') }, TOOL_VERSION, opts.now);
  report.scanners = ['misconfig'];
  report.misconfigurations = keepSeverities([...iac.findings, ...k8s.findings], opts.severities);
  const hidden = suppressed([...iac.suppressed, ...k8s.suppressed]);
  if (hidden.length) report.suppressed = hidden;
  const inputErrors = [...readErrors, ...analysis.errors];
  for (const e of inputErrors) logger.warn(e);
  report.iac = {
    files: Object.fromEntries(Object.entries(analysis.files).sort()), resources: analysis.resources, checks: iac.checksRun + k8s.checks,
    unknownValues: analysis.unknownValues, ...(inputErrors.length ? { inputErrors } : {}),
  };
  report.warnings = [...inputErrors, ...analysis.notes];
  if (!Object.keys(analysis.files).length) report.warnings.push(`no IaC files found in ${opts.paths.join(', ')}`);
  return report;
}
