/** `db import`: local files, directories and zips (air-gap) → the same importers → atomic build. */
import { BulwarkError, silentLogger, type Logger, type Progress } from '../core/index.js';
import { buildDatabase, type BuildSummary } from './build.js';
import { parseDocuments, type ParsedFeed } from './importers/index.js';
import { readInputPath } from './inputs.js';

export interface ImportOptions {
  dbPath: string;
  paths: string[];
  /** Replace the whole database instead of only the feeds found in `paths`. */
  fresh?: boolean;
  logger?: Logger;
  progress?: Progress;
}

export function importPaths(opts: ImportOptions): BuildSummary & { unrecognised: string[] } {
  const logger = opts.logger ?? silentLogger;
  const feeds: ParsedFeed[] = [];
  const unrecognised: string[] = [];
  for (const p of opts.paths) {
    const r = parseDocuments(readInputPath(p), p);
    feeds.push(...r.feeds);
    unrecognised.push(...r.unrecognised);
  }
  for (const u of unrecognised) logger.warn(`not a known feed format, skipped: ${u}`);
  if (!feeds.length) throw new BulwarkError('INPUT_UNRECOGNIZED', `no advisory feed found in ${opts.paths.join(', ')}`);
  const summary = buildDatabase({ dbPath: opts.dbPath, feeds, fresh: opts.fresh, logger, progress: opts.progress });
  return { ...summary, unrecognised };
}
