/** `bulwark registry scan|listen|report`: whole registries — scan every image once, scan on push, hygiene and retention. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import { defaultCacheDir } from '../../scan/index.js';
import type { ScanOptions } from '../../scan/index.js';
import { contextFor, toScanOptions, type GetConfig, type ScanCliOptions, type SetExitCode } from '../options.js';
import type { CliContext } from '../context.js';

interface AccessOpts { insecure?: boolean; username?: string; password?: string; cacheDir?: string }

interface ScanOpts extends AccessOpts, Pick<ScanCliOptions, 'scanners' | 'severity' | 'ignoreUnfixed' | 'dbDir' | 'allowMissingDb' | 'cache'> {
  concurrency: string;
  since?: string;
  outputDir?: string;
  format: string;
  pageSize: string;
  platform?: string;
  fresh?: boolean;
}

const SCAN_EXAMPLES = `
Examples:
  bulwark registry scan registry.internal:5000                  every repository the catalog lists
  bulwark registry scan registry.internal:5000/team --since 2026-01-01 -o reports/
  bulwark registry scan 127.0.0.1:5000 --concurrency 8 --format json > summary.json
An interrupted scan (Ctrl-C, a crash) resumes when run again with the same arguments (--fresh starts over).`;

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new BulwarkError('USAGE', `${flag} must be an integer from 1 to 1000, got ${text}`);
  return n;
}

function parseDate(text: string, flag: string): Date {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(t)) throw new BulwarkError('USAGE', `${flag}: not a date: ${JSON.stringify(text)} (e.g. 2026-01-31 or 2026-01-31T12:00:00Z)`);
  return new Date(t);
}

function checkFormat(f: string): 'table' | 'json' {
  if (f !== 'table' && f !== 'json') throw new BulwarkError('USAGE', `--format must be table or json, got ${JSON.stringify(f)}`);
  return f;
}

function addAccessOptions(cmd: Command): Command {
  return cmd
    .option('--insecure', 'allow plain HTTP and unverified TLS for the registry')
    .option('--username <user>', 'registry user (default: ~/.docker/config.json)')
    .option('--password <password>', 'registry password or token (prefer BULWARK_PASSWORD)')
    .option('--cache-dir <dir>', 'cache directory: layer cache and registry state (default: ~/.cache/bulwark)');
}

function access(o: AccessOpts): { insecure?: boolean; username?: string; password?: string } {
  if (o.password !== undefined && o.username === undefined) throw new BulwarkError('USAGE', '--password needs --username');
  return { ...(o.insecure ? { insecure: true } : {}), ...(o.username !== undefined ? { username: o.username, password: o.password ?? '' } : {}) };
}

/** Ctrl-C aborts the run cleanly (state committed per image), once; a second Ctrl-C is Node's default. */
function interruptible(): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const onSigint = () => { process.removeListener('SIGINT', onSigint); ac.abort(new BulwarkError('USAGE', 'interrupted')); };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return { signal: ac.signal, dispose: () => { process.removeListener('SIGINT', onSigint); process.removeListener('SIGTERM', onSigint); } };
}

function scanOptionsOf(o: ScanOpts, ctx: CliContext): ScanOptions {
  // The image scan's own checks and defaults; progress stays with the registry run (images side by side).
  const { progress: _progress, ...scan } = toScanOptions({ ...o, format: 'json', exitCode: '0' }, ctx);
  return scan;
}

function registerScan(parent: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const cmd = parent.command('scan')
    .description('scan every image of a registry (or of a repository prefix) once: catalog → tags → unique digests')
    .argument('<target>', 'HOST[/PREFIX], e.g. registry.example.com:5000/team')
    .option('--concurrency <n>', 'images scanned (and manifests fetched) at once', '4')
    .option('--since <date>', 'only images pushed (per notifications) or created (image config) at or after this date')
    .option('-o, --output-dir <dir>', 'write one Bulwark JSON report per image (sha256-<hex>.json) and index.json')
    .option('-f, --format <format>', 'summary format: table or json', 'table')
    .option('--page-size <n>', 'entries asked for per catalog / tag-list page', '1000')
    .option('--platform <os/arch[/variant]>', 'platform picked from multi-platform images (default linux/amd64)')
    .option('--fresh', 'start over instead of resuming an interrupted scan with the same arguments')
    .option('--scanners <list>', 'comma-separated: vuln, secret, misconfig, license, malware', 'vuln,secret')
    .option('-s, --severity <list>', 'count only these severities (one value: that and above)')
    .option('--ignore-unfixed', 'hide vulnerabilities without a fixed version')
    .option('--db-dir <dir>', 'directory holding bulwark.db (default: <cache-dir>/db)')
    .option('--allow-missing-db', 'scan without vulnerability matching when no database exists');
  addAccessOptions(cmd).addHelpText('after', SCAN_EXAMPLES)
    .action(async (target: string, o: ScanOpts, c: Command) => {
      const ctx = contextFor(c, config());
      const format = checkFormat(o.format);
      const concurrency = positiveInt(o.concurrency, '--concurrency');
      const pageSize = positiveInt(o.pageSize, '--page-size');
      const since = o.since ? parseDate(o.since, '--since') : undefined;
      const scan = scanOptionsOf(o, ctx);
      const creds = access(o);
      const { parseTarget, RegistryStore, defaultStatePath, scanRegistry, scanText } = await import('../../registry/index.js');
      const { host } = parseTarget(target);
      if (o.outputDir) mkdirSync(o.outputDir, { recursive: true });
      const index: Array<{ file: string; digest: string; tags: string[] }> = [];
      const store = new RegistryStore(defaultStatePath(o.cacheDir ?? defaultCacheDir()));
      const { signal, dispose } = interruptible();
      try {
        const { writeJson } = await import('../../reports/index.js');
        const result = await scanRegistry(target, {
          ...creds, concurrency, pageSize, scan, store, signal, logger: ctx.logger, progress: ctx.progress,
          ...(since ? { since } : {}), ...(o.platform ? { platform: o.platform } : {}), ...(o.fresh ? { fresh: true } : {}),
          ...(o.outputDir ? {
            onReport: async (report, img) => {
              const file = `${img.imageDigest.replace(':', '-')}.json`;
              writeFileSync(join(o.outputDir as string, file), writeJson(report));
              index.push({ file, digest: img.imageDigest, tags: img.tags.map((t) => `${host}/${t.repository}:${t.tag}`) });
            },
          } : {}),
        });
        if (o.outputDir) writeFileSync(join(o.outputDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
        await ctx.writeOutput(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : scanText(result));
        const missed = result.images.failed.length + result.tags.unresolved.length;
        if (missed) throw new BulwarkError('REGISTRY_ERROR', `${missed} images or tags could not be scanned (listed above); run again to retry them`);
      } catch (e) {
        if (!signal.aborted) throw e;
        ctx.logger.error('interrupted: finished images are recorded; run the same command again to resume');
        setExitCode(130);
      } finally {
        dispose();
        store.close();
      }
    });
}

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const registry = program.command('registry')
    .description('whole registries: scan every image once, scan on push (listen), hygiene and retention report');
  registerScan(registry, setExitCode, config);
}
