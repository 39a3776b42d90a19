/** The tail every scan shares: open the vulnerability DB if asked for, run the detectors, fill the report. */
import type { Report } from '../core/index.js';
import type { ScannerKind } from '../detectors/index.js';
import type { Inventory } from '../inventory/index.js';
import type { ScanOptions } from './options.js';
import { runDetectors } from './run-detectors.js';
import { openStoreFor } from './vuln-store.js';

export async function detectInto(report: Report, inventory: Inventory, scanners: readonly ScannerKind[], opts: ScanOptions, extra: Parameters<typeof runDetectors>[3] = {}): Promise<Report> {
  const db = openStoreFor(scanners, opts);
  let findings;
  try {
    // Without a DB the vuln scanner is not run (the warning says why), so it is not listed as "clean".
    const active = db.store ? scanners : scanners.filter((s) => s !== 'vuln');
    if (db.database) report.database = db.database;
    findings = await runDetectors(inventory, active, { ...opts, ...(db.store ? { store: db.store } : {}) }, extra);
  } finally {
    db.close();
  }
  if (db.warning) findings.warnings.unshift(db.warning);
  report.vulnerabilities = findings.vulnerabilities;
  report.secrets = findings.secrets;
  report.misconfigurations = findings.misconfigurations;
  report.licenses = findings.licenses;
  report.scanners = findings.scanners;
  if (findings.suppressed?.length) report.suppressed = findings.suppressed;
  report.warnings = [...new Set([...inventory.warnings, ...findings.warnings])];
  return report;
}
