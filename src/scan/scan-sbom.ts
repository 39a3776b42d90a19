/** Use-case `scanSbom`: a CycloneDX/SPDX JSON file → packages → the same detectors as image scans → Report. */
import { readFile } from 'node:fs/promises';
import { BulwarkError, type Report, TOOL_VERSION, emptyReport } from '../core/index.js';
import type { ScannerKind } from '../detectors/index.js';
import type { Inventory } from '../inventory/index.js';
import { parseSbom } from '../sources/index.js';
import { type ScanOptions } from './options.js';
import { detectInto } from './detect-into.js';
import { requireDb } from './vuln-store.js';

/** Secrets and misconfigurations need file contents, which an SBOM does not carry. */
const SBOM_SCANNERS: readonly ScannerKind[] = ['vuln', 'license'];

async function readSbomFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BulwarkError('INPUT_NOT_FOUND', `${path}: no such file`, { cause: e });
    if (code === 'EISDIR') throw new BulwarkError('INPUT_UNRECOGNIZED', `${path}: is a directory, not an SBOM file`, { cause: e });
    throw new BulwarkError('INPUT_NOT_FOUND', `${path}: cannot read (${code ?? (e as Error).message})`, { cause: e });
  }
}

export async function scanSbom(path: string, opts: ScanOptions = {}): Promise<Report> {
  await requireDb((opts.scanners ?? ['vuln']).filter((s) => SBOM_SCANNERS.includes(s)), opts);
  const doc = parseSbom(await readSbomFile(path), path);
  const report = emptyReport({ type: 'sbom', name: path }, TOOL_VERSION, opts.now);
  const inventory: Inventory = { packages: doc.packages, results: [], warnings: [...doc.warnings] };
  if (doc.os) {
    inventory.os = doc.os;
    report.os = doc.os;
  }
  report.packages = doc.packages;
  const requested = opts.scanners ?? ['vuln'];
  const scanners = requested.filter((s) => SBOM_SCANNERS.includes(s));
  const skipped = requested.filter((s) => !SBOM_SCANNERS.includes(s));
  if (skipped.length) inventory.warnings.push(`scanner(s) ${skipped.join(', ')} not run: an SBOM lists packages, not file contents`);
  return detectInto(report, inventory, scanners, opts);
}
