/** Use-case: a live cloud account (or a recorded snapshot of one) → misconfiguration Report, same checks as IaC. */
import { emptyReport, silentLogger, TOOL_VERSION, type Logger, type Report, type Severity } from '../core/index.js';
import { cloudChecks, permissionPolicy, readCloud, runChecks, type CloudProvider, type ReadCloudOptions } from '../iac/index.js';
import { keepSeverities } from './options.js';

interface ScanCloudOptions extends ReadCloudOptions {
  /** Check ids (BW/AVD/CKV), providers or services to skip. */
  skip?: string[];
  severities?: readonly Severity[];
  logger?: Logger;
}

/** The read-only permissions `provider` needs, as a document to attach (IAM policy, custom role, token scopes). */
export function cloudPermissionPolicy(provider: CloudProvider): string {
  return permissionPolicy(provider);
}

export async function scanCloud(opts: ScanCloudOptions): Promise<Report> {
  const logger = opts.logger ?? silentLogger;
  const { skip, severities, logger: _logger, ...readOpts } = opts;
  const read = await readCloud(readOpts);

  const result = runChecks(read.state, cloudChecks, undefined, { skip });
  const scope = Object.entries(read.scope).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : v}`).join(', ');
  const report = emptyReport({ type: 'iac', name: `${opts.provider}${scope ? ` (${scope})` : ''}` }, TOOL_VERSION, opts.now);
  report.scanners = ['misconfig'];
  report.misconfigurations = keepSeverities(result.findings, severities);
  for (const w of read.warnings) logger.warn(w);
  report.iac = { files: { [`${opts.provider}-api-calls`]: read.calls }, resources: read.resources, checks: result.checksRun, unknownValues: 0 };
  report.warnings = [...read.warnings];
  return report;
}
