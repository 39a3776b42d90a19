/**
 * Suppression: `.bulwarkignore`, bulwark.yaml `ignore:` and VEX (OpenVEX, CycloneDX). The scan
 * use-cases call `loadSuppressions` once, then `applySuppressions` on the detector output, and put
 * `suppressed` into the report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { BulwarkError } from '../../core/index.js';
import type { IgnoreEntryConfig } from '../../config/index.js';
import { parseIgnoreFile, rulesFromConfig } from './rules.js';
import { parseVex } from './vex.js';
import type { Suppressions } from './apply.js';

export { applySuppressions, vexFor, type Suppressions, type SuppressionContext, type SuppressionResult, type FindingSets } from './apply.js';
export { parseIgnoreFile, rulesFromConfig, purlMatches, globMatches, type IgnoreRule } from './rules.js';
export { parseVex, type VexStatement, type VexStatus } from './vex.js';

export const DEFAULT_IGNORE_FILE = '.bulwarkignore';

export interface LoadSuppressionsOptions {
  cwd?: string;
  /** Explicit ignore file (must exist); default: `.bulwarkignore` in `cwd` when present. */
  ignoreFile?: string;
  /** bulwark.yaml's `ignore:` list (VEX files from config arrive as `vexFiles`, like `--vex`). */
  ignore?: readonly IgnoreEntryConfig[];
  /** `--vex` files (OpenVEX or CycloneDX JSON). */
  vexFiles?: readonly string[];
}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new BulwarkError('INPUT_NOT_FOUND', `${what} not readable: ${path}`, { cause: err });
  }
}

export function loadSuppressions(opts: LoadSuppressionsOptions = {}): Suppressions {
  const cwd = opts.cwd ?? process.cwd();
  const rules = rulesFromConfig(opts.ignore);
  const ignorePath = opts.ignoreFile ? resolve(cwd, opts.ignoreFile) : resolve(cwd, DEFAULT_IGNORE_FILE);
  if (opts.ignoreFile || existsSync(ignorePath)) rules.push(...parseIgnoreFile(read(ignorePath, 'ignore file'), basename(ignorePath)));
  const vex = (opts.vexFiles ?? []).flatMap((f) => parseVex(read(resolve(cwd, f), 'VEX file'), basename(f)));
  return { rules, vex };
}
