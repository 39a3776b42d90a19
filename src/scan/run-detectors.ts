/** Inventory → findings: every registered detector of a requested scanner kind, then severity filtering. */
import { type Logger, type Report, silentLogger } from '../core/index.js';
import {
  applySuppressions, loadBuiltinDetectors, loadSuppressions, type DetectContext, type Detector, type ScannerKind,
} from '../detectors/index.js';
import type { Inventory } from '../inventory/index.js';
import { keepSeverities, type ScanOptions } from './options.js';

export type Findings = Pick<Report, 'vulnerabilities' | 'secrets' | 'misconfigurations' | 'licenses' | 'warnings' | 'scanners' | 'suppressed'>;

/** What image scans add to the detector context. */
export type DetectExtras = Partial<Pick<DetectContext, 'imageConfig' | 'reference' | 'imageDigests'>>;

export async function runDetectors(inventory: Inventory, scanners: readonly ScannerKind[], opts: ScanOptions, extra: DetectExtras = {}): Promise<Findings> {
  const out: Findings = { vulnerabilities: [], secrets: [], misconfigurations: [], licenses: [], warnings: [], scanners: [] };
  const logger: Logger = opts.logger ?? silentLogger;
  const wanted = new Set(scanners);
  // The detector registry (and what detectors pull in) loads only when some scanner was asked for.
  const all = opts.detectors ?? (wanted.size ? await loadBuiltinDetectors() : []);
  const detectors: readonly Detector[] = all.filter((d) => wanted.has(d.scanner));
  for (const d of detectors) {
    const r = await d.detect({
      inventory, ...(inventory.os ? { os: inventory.os } : {}), ...extra, ...(opts.store ? { store: opts.store } : {}), logger,
      options: { scanners: wanted, ...(opts.ignoreUnfixed ? { ignoreUnfixed: true } : {}), ...(opts.pkgTypes ? { pkgTypes: new Set(opts.pkgTypes) } : {}), ...(opts.config ? { config: opts.config } : {}), ...(opts.now ? { now: opts.now } : {}) },
    });
    out.vulnerabilities.push(...(r.vulnerabilities ?? []));
    out.secrets.push(...(r.secrets ?? []));
    out.misconfigurations.push(...(r.misconfigurations ?? []));
    out.licenses.push(...(r.licenses ?? []));
    out.warnings.push(...(r.warnings ?? []));
    if (!out.scanners.includes(d.scanner)) out.scanners.push(d.scanner);
  }
  // Say which requested scanners had nothing to run, so silence is not read as "clean".
  for (const s of scanners) {
    if (!out.scanners.includes(s)) out.warnings.push(`scanner "${s}" requested but no detector for it is available in this build`);
  }
  out.vulnerabilities = keepSeverities(out.vulnerabilities, opts.severities);
  out.secrets = keepSeverities(out.secrets, opts.severities);
  out.misconfigurations = keepSeverities(out.misconfigurations, opts.severities);
  out.licenses = keepSeverities(out.licenses, opts.severities);
  suppress(out, inventory, opts, [extra.imageDigests?.manifest, extra.imageDigests?.config].filter((d): d is string => !!d));
  return out;
}

/** .bulwarkignore, bulwark.yaml `ignore:` and VEX (docs/matching.md): removed findings go to `suppressed`. */
function suppress(out: Findings, inventory: Inventory, opts: ScanOptions, imageDigests: string[]): void {
  const sup = loadSuppressions({
    ...(opts.config?.ignore ? { ignore: opts.config.ignore } : {}), ...(opts.vexFiles ? { vexFiles: opts.vexFiles } : {}),
    ...(opts.ignoreFile ? { ignoreFile: opts.ignoreFile } : {}),
  });
  if (!sup.rules.length && !sup.vex.length) return;
  const r = applySuppressions(out, sup, { packages: inventory.packages, imageDigests, ...(opts.now ? { now: opts.now } : {}) });
  Object.assign(out, r.findings);
  out.suppressed = r.suppressed;
  out.warnings.push(...r.warnings);
}
