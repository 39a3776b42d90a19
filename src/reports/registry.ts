/** format → writer. Add a format with one line in `writers`. */
import { BulwarkError, type Report } from '../core/index.js';
import { writeJson } from './json.js';
import { writeCycloneDx } from './cyclonedx.js';
import { writeSpdxJson } from './spdx.js';
import { writeSarif } from './sarif.js';
import { writeJunit } from './junit.js';
import { writeHtml } from './html.js';
import { writePolicyReport } from './policy-report.js';
import { writeTable } from './table/index.js';

export interface WriterOptions {
  /** Colour output (terminals only). */
  color?: boolean;
}

export type ReportWriter = (report: Report, opts: WriterOptions) => string | Buffer;

export const writers: Record<string, ReportWriter> = {
  json: writeJson,
  table: (report, opts) => writeTable(report, { color: opts.color ?? false }),
  cyclonedx: writeCycloneDx,
  'spdx-json': writeSpdxJson,
  sarif: writeSarif,
  junit: writeJunit,
  html: writeHtml,
  'policy-report': writePolicyReport,
};

export function reportFormats(): string[] {
  return Object.keys(writers);
}

export function writerFor(format: string): ReportWriter {
  const w = Object.hasOwn(writers, format) ? writers[format] : undefined;
  if (!w) throw new BulwarkError('USAGE', `unknown format "${format}" (choose from ${reportFormats().join(', ')})`);
  return w;
}
