/** Runs the registered checks over one state and turns failures into findings, honouring inline ignores. */
import { createHash } from 'node:crypto';
import type { MisconfigFinding } from '../../core/index.js';
import type { CheckFailure, IacCheck } from '../checks/define.js';
import type { State } from '../model/state.js';
import type { IgnoreIndex } from './ignores.js';

interface IacRunOptions {
  /** Check ids (BW, AVD or CKV) or providers/services (`aws`, `aws:ecs`) to skip. */
  skip?: string[];
}

export interface IacSuppression {
  finding: MisconfigFinding;
  /** `trivy:ignore:AVD-AWS-0040 (main.tf:12)`. */
  reason: string;
}

interface IacRunResult {
  findings: MisconfigFinding[];
  suppressed: IacSuppression[];
  checksRun: number;
}

function isSkipped(check: IacCheck, skip: string[]): boolean {
  return skip.some((s) => s === check.id || s === check.trivy || check.checkov?.includes(s) || s === check.provider || s === `${check.provider}:${check.service}`);
}

function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function toFinding(check: IacCheck, f: CheckFailure): MisconfigFinding {
  const out: MisconfigFinding = {
    id: check.id,
    severity: check.severity,
    title: check.title,
    message: f.message,
    remediation: check.remediation,
    category: 'iac',
    file: f.loc.file,
    line: f.loc.line,
    iac: { provider: check.provider, service: check.service, resource: f.meta.address, type: f.meta.type, source: f.meta.source },
    fingerprint: fingerprint([check.id, f.meta.address, f.message]),
  };
  if (check.trivy) out.iac!.trivy = check.trivy;
  if (check.checkov?.length) out.iac!.checkov = check.checkov;
  if (check.cis) out.iac!.cis = check.cis;
  if (check.references?.length) out.references = check.references;
  return out;
}

export function runChecks(state: State, checks: readonly IacCheck[], ignores: IgnoreIndex | undefined, opts: IacRunOptions = {}): IacRunResult {
  const result: IacRunResult = { findings: [], suppressed: [], checksRun: 0 };
  const skip = opts.skip ?? [];
  for (const check of checks) {
    if (isSkipped(check, skip)) continue;
    result.checksRun++;
    for (const failure of check.evaluate(state)) {
      const finding = toFinding(check, failure);
      const by = ignores?.match(check, failure);
      if (by) result.suppressed.push({ finding, reason: by });
      else result.findings.push(finding);
    }
  }
  return result;
}
