/** What every command gets: where to write, how to log, progress on a TTY only. */
import { once } from 'node:events';
import type { Logger, Progress } from '../core/index.js';
import { noProgress, redactText } from '../core/index.js';
import { ttyProgress } from './progress-bar.js';
import { writeOutputFile } from './output-file.js';
import { emptyConfig, type BulwarkConfig } from '../config/index.js';

export interface CliContext {
  logger: Logger;
  progress: Progress;
  /** Writes the command's main output to --output or stdout. */
  writeOutput(data: string | Buffer | Iterable<string>, outputPath?: string): Promise<void>;
  isTty: boolean;
  /** The checked bulwark.yaml (empty when none): policy sections for detectors and analyzers. */
  config: BulwarkConfig;
}

export function makeContext(opts: { quiet?: boolean; debug?: boolean; config?: BulwarkConfig }): CliContext {
  const isTty = Boolean(process.stderr.isTTY) && !process.env.CI;
  const write = (level: string) => (msg: string) => {
    if (opts.quiet && level !== 'error') return;
    if (level === 'debug' && !opts.debug) return;
    process.stderr.write(`${level.toUpperCase().padEnd(5)} ${redactText(msg)}\n`);
  };
  const logger: Logger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  return {
    logger,
    isTty,
    config: opts.config ?? emptyConfig(),
    progress: isTty && !opts.quiet ? ttyProgress(process.stderr) : noProgress,
    async writeOutput(data, outputPath) {
      if (!outputPath || outputPath === '-') {
        for (const piece of typeof data === 'string' || Buffer.isBuffer(data) ? [data] : data) {
          if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
        }
        return;
      }
      await writeOutputFile(outputPath, data);
    },
  };
}
