/** `bulwark cache clean`: removes cached layer analyses (and with --all everything under the cache dir). */
import { readdirSync, existsSync } from 'node:fs';
import type { Command } from 'commander';
import { cleanScanCache, defaultCacheDir } from '../../scan/cache-admin.js';
import { contextFor, type GetConfig } from '../options.js';

export function register(program: Command, _setExitCode: unknown, config: GetConfig): void {
  const cache = program.command('cache').description('manage the local cache (~/.cache/bulwark)');
  cache.command('clean')
    .description('delete cached layer analyses (--all: also the vulnerability database and anything else cached)')
    .option('--cache-dir <dir>', 'cache directory (default: ~/.cache/bulwark)')
    .option('--all', 'remove everything in the cache directory')
    .addHelpText('after', '\nExamples:\n  bulwark cache clean\n  bulwark cache clean --all --cache-dir /tmp/bw-cache')
    .action((o: { cacheDir?: string; all?: boolean }, c: Command) => {
      const ctx = contextFor(c, config());
      const dir = o.cacheDir ?? defaultCacheDir();
      const namespaces = o.all && existsSync(dir) ? readdirSync(dir) : undefined;
      const removed = cleanScanCache(dir, namespaces);
      ctx.logger.info(removed ? `cleaned ${dir}` : `nothing cached in ${dir}`);
    });
}
