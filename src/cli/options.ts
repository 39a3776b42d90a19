/** Option groups shared by the scan commands (image, rootfs, fs…) and their translation to ScanOptions. */
import { type Command, Option } from 'commander';
import { BulwarkError, SEVERITIES, atLeast, toSeverity, isSeverity, type Report, type Severity, type TargetType } from '../core/index.js';
import { parseScanners, countFindings, type ScanOptions } from '../scan/options.js';
import { checkFormat, outputWriterFor, reportFormats } from '../reports/index.js';
import { makeContext, type CliContext } from './context.js';
import { checkOutputPath } from './output-file.js';
import { policyOf, POLICY_SECTIONS, type BulwarkConfig } from '../config/index.js';

/** Same shape as commands/index.ts's SetExitCode; declared here so command modules need not import the list. */
export type SetExitCode = (code: number) => void;
/** Same shape as commands/index.ts's config getter. */
export type GetConfig = () => BulwarkConfig;

export interface ScanCliOptions {
  format: string;
  output?: string;
  scanners?: string;
  severity?: string;
  exitCode?: string;
  ignoreUnfixed?: boolean;
  cacheDir?: string;
  cache?: boolean;
  dbDir?: string;
  allowMissingDb?: boolean;
  maxDbAge?: string;
  includeDevDeps?: boolean;
  maxLayerBytes?: string;
  maxRatio?: string;
  maxImageBytes?: string;
  vex?: string[];
  pkgTypes?: string;
  ignorefile?: string;
}

/** `16GiB`, `512MB`, `1e9`, `1048576` → bytes. */
export function parseSize(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgt]i?b?|b)?\s*$/i.exec(text);
  if (!m) throw new BulwarkError('USAGE', `${flag}: not a size: ${JSON.stringify(text)} (e.g. 8GiB, 500MB)`);
  const unit = (m[2] ?? '').toLowerCase();
  const pow = { '': 0, b: 0, k: 1, m: 2, g: 3, t: 4 }[unit[0] ?? ''] ?? 0;
  const base = unit.includes('i') || unit.length === 1 ? 1024 : 1000;
  return Math.round(Number(m[1]) * base ** pow);
}

export function addOutputOptions(cmd: Command, target?: TargetType): Command {
  return cmd
    .option('-f, --format <format>', `output format: ${reportFormats(target).join(', ')}`, 'table')
    .option('-o, --output <file>', 'write the report to a file instead of stdout');
}

/** `--severity` and `--exit-code`: the CI-gate pair every scan command (image, rootfs, fs, sbom, k8s) shares. */
export function addGateOptions(cmd: Command): Command {
  return cmd
    .option('-s, --severity <list>', 'one value: that severity and above (e.g. high); a list: exactly those (critical,medium)')
    .option('--exit-code <code>', 'exit with this code when findings remain after filtering', '0');
}

export function addScanOptions(cmd: Command): Command {
  return addGateOptions(addOutputOptions(cmd))
    .option('--scanners <list>', 'comma-separated: vuln, secret, misconfig, license, malware', 'vuln,secret')
    .option('--ignore-unfixed', 'hide vulnerabilities without a fixed version')
    .option('--cache-dir <dir>', 'cache directory (default: ~/.cache/bulwark)')
    .option('--no-cache', 'do not read or write the layer cache')
    .option('--db-dir <dir>', 'directory holding bulwark.db (default: <cache-dir>/db)')
    .option('--vex <file...>', 'VEX documents (OpenVEX or CycloneDX JSON): not_affected/fixed statements suppress findings')
    .option('--ignorefile <file>', 'ignore file (default: ./.bulwarkignore when present)')
    .option('--pkg-types <list>', 'vulnerabilities of these package types only: os, library (default: both)')
    .option('--max-db-age <days>', 'warn when the vulnerability database is older than this many days')
    .option('--include-dev-deps', 'keep lockfile dev dependencies (dropped by default)')
    .option('--allow-missing-db', 'scan without vulnerability matching when no database exists (default: fail with DB_MISSING)')
    .option('--skip-db-update', 'accepted for Trivy-style pipelines: scans never download the database')
    .option('--offline', 'accepted for Trivy-style pipelines: scans never download the database (use db import)');
}

export function addLimitOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--max-layer-bytes <size>', 'refuse a layer that inflates past this (e.g. 16GiB)'))
    .addOption(new Option('--max-image-bytes <size>', 'refuse an image whose layers inflate past this in all (default 64GiB)'))
    .addOption(new Option('--max-ratio <n>', 'also refuse a layer inflating more than n times its compressed size past 256 MiB (off by default)'));
}

function parseDays(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new BulwarkError('USAGE', `--max-db-age must be a positive number of days, got ${text}`);
  return n;
}

/**
 * `high` → high and above (a threshold, as `bulwark k8s` reads it); `critical,medium` → exactly those
 * (Trivy's list form).
 */
export function parseSeverities(text: string | undefined): Severity[] | undefined {
  if (!text) return undefined;
  const list = text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const v = toSeverity(s);
    if (!isSeverity(s.toLowerCase()) && v === 'unknown') throw new BulwarkError('USAGE', `--severity: unknown severity "${s}"`);
    return v;
  });
  if (list.length !== 1) return list;
  return SEVERITIES.filter((s) => atLeast(s, list[0]) && (s !== 'unknown' || list[0] === 'unknown'));
}

/** `os,library` → checked list; USAGE on anything else. */
export function parsePkgTypes(text: string): Array<'os' | 'library'> {
  const out = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const t of out) if (t !== 'os' && t !== 'library') throw new BulwarkError('USAGE', `--pkg-types: unknown type "${t}" (choose os, library)`);
  return [...new Set(out)] as Array<'os' | 'library'>;
}

/** Validates flags up front (before any slow work) and builds the scan options. */
export function toScanOptions(o: ScanCliOptions, ctx: CliContext): ScanOptions {
  checkFormat(o.format);
  checkOutputPath(o.output);
  parseExitCode(o.exitCode);
  const limits: NonNullable<ScanOptions['limits']> = {};
  if (o.maxLayerBytes) limits.maxLayerBytes = parseSize(o.maxLayerBytes, '--max-layer-bytes');
  if (o.maxImageBytes) limits.maxImageBytes = parseSize(o.maxImageBytes, '--max-image-bytes');
  if (o.maxRatio) {
    limits.maxRatio = Number(o.maxRatio);
    if (!(limits.maxRatio > 0)) throw new BulwarkError('USAGE', `--max-ratio must be a positive number, got ${o.maxRatio}`);
  }
  const severities = parseSeverities(o.severity);
  return {
    scanners: parseScanners(o.scanners),
    ...(severities ? { severities } : {}),
    ...(o.ignoreUnfixed ? { ignoreUnfixed: true } : {}),
    ...(o.cacheDir ? { cacheDir: o.cacheDir } : {}),
    ...(o.cache === false ? { noCache: true } : {}),
    ...(o.dbDir ? { dbDir: o.dbDir } : {}),
    ...(o.allowMissingDb ? { allowMissingDb: true } : {}),
    ...(o.maxDbAge !== undefined ? { maxDbAgeDays: parseDays(o.maxDbAge) } : {}),
    ...(o.includeDevDeps ? { includeDevDeps: true } : {}),
    ...(o.vex?.length ? { vexFiles: o.vex } : {}),
    ...(o.pkgTypes ? { pkgTypes: parsePkgTypes(o.pkgTypes) } : {}),
    ...(o.ignorefile ? { ignoreFile: o.ignorefile } : {}),
    limits,
    ...(POLICY_SECTIONS.some((k) => ctx.config[k] !== undefined) ? { config: policyOf(ctx.config) } : {}),
    logger: ctx.logger,
    progress: ctx.progress,
  };
}

export function contextFor(cmd: Command, config: BulwarkConfig): CliContext {
  const g = cmd.optsWithGlobals() as { quiet?: boolean; debug?: boolean };
  return makeContext({ quiet: g.quiet, debug: g.debug, config });
}

/** `--exit-code`: an integer 0-255 (checked before any slow work). */
export function parseExitCode(text: string | undefined): number {
  const code = Number(text ?? 0);
  if (!Number.isInteger(code) || code < 0 || code > 255) throw new BulwarkError('USAGE', `--exit-code must be 0-255, got ${text}`);
  return code;
}

/** Columns of the terminal: `COLUMNS` when set (what shells export, and the way to override), else the TTY's. */
export function terminalWidth(env: NodeJS.ProcessEnv = process.env, stdout: { columns?: number } = process.stdout): number | undefined {
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stdout.columns && stdout.columns > 0 ? stdout.columns : undefined;
}

/**
 * Writes the report in the chosen format and applies `--exit-code`. Inputs that could not be parsed were not
 * checked, so they never let a gate pass: with `--exit-code N` they count as findings, otherwise the command
 * exits 2 (input error) — after the report for everything else has been written.
 */
export async function emitReport(report: Report, o: Pick<ScanCliOptions, 'format' | 'output' | 'exitCode'>, ctx: CliContext, setExitCode: SetExitCode): Promise<void> {
  const tty = !o.output && Boolean(process.stdout.isTTY);
  const color = tty && !process.env.NO_COLOR;
  const width = tty ? terminalWidth() : undefined;
  await ctx.writeOutput((await outputWriterFor(o.format))(report, { color, ...(width ? { width } : {}) }), o.output);
  for (const w of report.warnings) ctx.logger.debug(`warning: ${w}`);
  const code = parseExitCode(o.exitCode);
  const unchecked = [...(report.kubernetes?.inputErrors ?? []), ...(report.iac?.inputErrors ?? [])];
  if (code && countFindings(report) + unchecked.length > 0) setExitCode(code);
  else if (unchecked.length) {
    const more = unchecked.length > 1 ? ` (and ${unchecked.length - 1} more)` : '';
    throw new BulwarkError('MALFORMED_DOCUMENT', `not checked: ${unchecked[0]}${more}; the report covers the other inputs`);
  }
}
