/** The tail every scan shares: open the vulnerability DB if asked for, run the detectors, fill the report. */
import type { Report } from '../core/index.js';
import type { ScannerKind } from '../detectors/index.js';
import type { Inventory } from '../inventory/index.js';
import type { ScanOptions } from './options.js';
import type { DetectExtras } from './run-detectors.js';

export async function detectInto(report: Report, inventory: Inventory, scanners: readonly ScannerKind[], opts: ScanOptions, extra: DetectExtras = {}): Promise<Report> {
  // Detectors and the database (SQLite) load only when a scan asks for findings: an inventory-only
  // run (`--scanners none`, SBOM generation) never pays for them.
  const [{ runDetectors }, { openStoreFor }] = await Promise.all([import('./run-detectors.js'), import('./vuln-store.js')]);
  const db = await openStoreFor(scanners, opts);
  let findings;
  try {
    // Without a DB the vuln scanner is not run (the warning says why), so it is not listed as "clean".
    const active = db.store ? scanners : scanners.filter((s) => s !== 'vuln');
    if (db.database) report.database = db.database;
    findings = await runDetectors(inventory, active, { ...opts, ...(db.store ? { store: db.store } : {}) }, extra);
  } finally {
    db.close();
  }
  if (db.warning) {
    findings.warnings.unshift(db.warning);
    // Vulnerabilities not checked, or checked against stale data: the person at the terminal must see it too.
    opts.logger?.warn(db.warning);
  }
  report.vulnerabilities = findings.vulnerabilities;
  report.secrets = findings.secrets;
  report.misconfigurations = findings.misconfigurations;
  report.licenses = findings.licenses;
  report.scanners = findings.scanners;
  if (findings.suppressed?.length) report.suppressed = findings.suppressed;
  report.warnings = [...new Set([...inventory.warnings, ...findings.warnings])];
  return report;
}
