/**
 * format → writer. Add a format with one line in `loaders`. Writers are loaded on first use: a
 * `--format json` run should not pay for the CycloneDX library or the HTML assets.
 */
import { BulwarkError, type Report, type TargetType } from '../core/index.js';

export interface WriterOptions {
  /** Colour output (terminals only). */
  color?: boolean;
  /** Terminal columns the table fits (a TTY); undefined: full width. */
  width?: number;
}

export type ReportWriter = (report: Report, opts: WriterOptions) => string | Buffer;

/** A report as text, or as pieces of text to write one after another (large JSON reports). */
type ReportOutput = string | Buffer | Iterable<string>;

const loaders: Record<string, () => Promise<ReportWriter>> = {
  json: async () => (await import('./json.js')).writeJson,
  table: async () => {
    const { writeTable } = await import('./table/index.js');
    return (report, opts) => writeTable(report, { color: opts.color ?? false, ...(opts.width ? { width: opts.width } : {}) });
  },
  cyclonedx: async () => (await import('./cyclonedx.js')).writeCycloneDx,
  'spdx-json': async () => (await import('./spdx.js')).writeSpdxJson,
  sarif: async () => (await import('./sarif.js')).writeSarif,
  junit: async () => (await import('./junit.js')).writeJunit,
  html: async () => (await import('./html.js')).writeHtml,
  'policy-report': async () => (await import('./policy-report.js')).writePolicyReport,
};

/** SBOM formats describe packages: a Kubernetes posture report has none, so they are refused for it. */
const NOT_FOR: Partial<Record<string, readonly TargetType[]>> = {
  cyclonedx: ['kubernetes', 'iac'],
  'spdx-json': ['kubernetes', 'iac'],
};

/** Every format, or those that fit reports of `target`. */
export function reportFormats(target?: TargetType): string[] {
  return Object.keys(loaders).filter((f) => !target || !NOT_FOR[f]?.includes(target));
}

/** Throws USAGE for an unknown format, or one that does not fit `target` (checked before a scan starts, not after). */
export function checkFormat(format: string, target?: TargetType): void {
  if (!Object.hasOwn(loaders, format)) throw new BulwarkError('USAGE', `unknown format "${format}" (choose from ${reportFormats(target).join(', ')})`);
  if (target && NOT_FOR[format]?.includes(target)) {
    throw new BulwarkError('USAGE', `format "${format}" does not apply to ${target} scans (choose from ${reportFormats(target).join(', ')})`);
  }
}

export async function writerFor(format: string): Promise<ReportWriter> {
  checkFormat(format);
  return loaders[format]!();
}

/** Like writerFor, but a format that can stream (json) gives its text in pieces: what the CLI writes to files and stdout. */
export async function outputWriterFor(format: string): Promise<(report: Report, opts: WriterOptions) => ReportOutput> {
  if (format === 'json') return (await import('./json.js')).jsonPieces;
  return writerFor(format);
}

/** Every writer, loaded (benchmarks and tests that run them all). */
export async function allWriters(): Promise<Record<string, ReportWriter>> {
  const out: Record<string, ReportWriter> = {};
  for (const f of reportFormats()) out[f] = await writerFor(f);
  return out;
}
