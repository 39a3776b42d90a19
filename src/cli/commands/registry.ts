/** `bulwark registry scan|listen|report`: whole registries — scan every image once, scan on push, hygiene and retention. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import { defaultCacheDir } from '../../scan/index.js';
import type { ScanOptions } from '../../scan/index.js';
import { contextFor, toScanOptions, type GetConfig, type ScanCliOptions, type SetExitCode } from '../options.js';
import type { CliContext } from '../context.js';
import { addServerOptions, checkServerOptions, uploadReport, type ServerUploadOptions } from '../server-upload.js';

interface AccessOpts extends ServerUploadOptions { insecure?: boolean; username?: string; password?: string; cacheDir?: string }

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

/** How each image is scanned: the same choices for `scan` and `listen`. */
function addImageScanOptions(cmd: Command): Command {
  return cmd
    .option('--platform <os/arch[/variant]>', 'platform picked from multi-platform images (default linux/amd64)')
    .option('--scanners <list>', 'comma-separated: vuln, secret, misconfig, license, malware', 'vuln,secret')
    .option('-s, --severity <list>', 'count only these severities (one value: that and above)')
    .option('--ignore-unfixed', 'hide vulnerabilities without a fixed version')
    .option('--db-dir <dir>', 'directory holding bulwark.db (default: <cache-dir>/db)')
    .option('--allow-missing-db', 'scan without vulnerability matching when no database exists');
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
    .option('--fresh', 'start over instead of resuming an interrupted scan with the same arguments');
  addServerOptions(cmd);
  addAccessOptions(addImageScanOptions(cmd)).addHelpText('after', SCAN_EXAMPLES)
    .action(async (target: string, o: ScanOpts, c: Command) => {
      const ctx = contextFor(c, config());
      const format = checkFormat(o.format);
      const concurrency = positiveInt(o.concurrency, '--concurrency');
      const pageSize = positiveInt(o.pageSize, '--page-size');
      const since = o.since ? parseDate(o.since, '--since') : undefined;
      const scan = scanOptionsOf(o, ctx);
      const creds = access(o);
      checkServerOptions(o);
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
          ...(o.outputDir || o.server ? {
            onReport: async (report, img) => {
              if (o.server) await uploadReport(report, o, ctx);
              if (!o.outputDir) return;
              const file = `${img.imageDigest.replace(':', '-')}.json`;
              writeFileSync(join(o.outputDir, file), writeJson(report));
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

interface ListenOpts extends AccessOpts, Pick<ScanCliOptions, 'scanners' | 'severity' | 'ignoreUnfixed' | 'dbDir' | 'allowMissingDb' | 'cache'> {
  port: string;
  bind: string;
  secret?: string;
  registry?: string;
  concurrency: string;
  outputDir?: string;
  platform?: string;
}

const LISTEN_EXAMPLES = `
Examples:
  BULWARK_SECRET=… bulwark registry listen --port 8099 -o /var/lib/bulwark/reports
In the registry's config.yml (CNCF distribution):
  notifications:
    endpoints:
      - name: bulwark
        url: http://bulwark-host:8099/events
        headers:
          Authorization: [Bearer <the same secret>]
Harbor: add a webhook (HTTP, events "Artifact pushed" and "Artifact pulled") with the secret as its auth header.`;

/** `--server`: the push becomes a job in the server's queue (POST /api/scans); its workers pull and scan. */
async function requestServerScan(reference: string, o: ListenOpts, ctx: CliContext): Promise<void> {
  const base = (o.server as string).replace(/\/+$/, '');
  const res = await fetch(`${base}/api/scans`, {
    method: 'POST', signal: AbortSignal.timeout(30_000),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${o.serverToken ?? ''}` },
    body: JSON.stringify({ reference, ...(o.insecure ? { insecure: true } : {}), ...(o.platform ? { platform: o.platform } : {}) }),
  });
  const text = await res.text();
  if (!res.ok) throw new BulwarkError('UPLOAD_FAILED', `server refused the scan request: HTTP ${res.status}: ${text.slice(0, 200)}`);
  ctx.logger.info(`queued ${reference} on the server (${(JSON.parse(text) as { id?: string }).id ?? 'no id'})`);
}

function registerListen(parent: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const cmd = parent.command('listen')
    .description('receive registry push/pull notifications (CNCF distribution or Harbor) and scan every pushed image')
    .option('--port <n>', 'TCP port to listen on', '8099')
    .option('--bind <address>', 'address to bind', '0.0.0.0')
    .option('--secret <secret>', 'shared secret the registry sends in its Authorization header (prefer BULWARK_SECRET)')
    .option('--registry <host>', 'pull pushed images from this host instead of the one the notification names')
    .option('--concurrency <n>', 'scans running at once', '2')
    .option('-o, --output-dir <dir>', 'write each scan as a Bulwark JSON report (sha256-<hex>.json)');
  addServerOptions(cmd);
  addAccessOptions(addImageScanOptions(cmd)).addHelpText('after', LISTEN_EXAMPLES)
    .action(async (o: ListenOpts, c: Command) => {
      const ctx = contextFor(c, config());
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BulwarkError('USAGE', `--port must be 0-65535, got ${o.port}`);
      if (!o.secret) throw new BulwarkError('USAGE', 'a shared secret is required: --secret or BULWARK_SECRET (the registry must send it)');
      if (o.secret.length < 16) ctx.logger.warn('the shared secret is shorter than 16 characters');
      const concurrency = positiveInt(o.concurrency, '--concurrency');
      const scan = scanOptionsOf({ ...o, format: 'json', pageSize: '1' }, ctx);
      const creds = access(o);
      checkServerOptions(o);
      const { listen, RegistryStore, defaultStatePath } = await import('../../registry/index.js');
      const { writeJson } = await import('../../reports/index.js');
      if (o.outputDir) mkdirSync(o.outputDir, { recursive: true });
      const store = new RegistryStore(defaultStatePath(o.cacheDir ?? defaultCacheDir()));
      const listener = await listen({
        ...creds, port, bind: o.bind, secret: o.secret, concurrency, scan, store, logger: ctx.logger,
        ...(o.registry ? { registry: o.registry } : {}), ...(o.platform ? { platform: o.platform } : {}),
        ...(o.server ? { enqueue: (reference: string) => requestServerScan(reference, o, ctx) } : {}),
        ...(o.outputDir ? { onReport: async (report) => {
          const digest = report.target.image?.manifestDigest ?? 'unknown';
          writeFileSync(join(o.outputDir as string, `${digest.replace(':', '-')}.json`), writeJson(report));
        } } : {}),
      });
      ctx.logger.info(`listening for registry notifications on ${o.bind}:${listener.port}`);
      await new Promise<void>((resolve) => {
        const stop = () => { process.removeListener('SIGINT', stop); process.removeListener('SIGTERM', stop); resolve(); };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await listener.close();
      ctx.logger.info('stopped; waiting for running scans');
      await listener.idle();
      store.close();
      setExitCode(0);
    });
}

interface ReportOpts extends AccessOpts {
  policy?: string;
  apply?: boolean;
  yes?: boolean;
  format: string;
  concurrency: string;
  pageSize: string;
}

const REPORT_EXAMPLES = `
Examples:
  bulwark registry report registry.internal:5000                       hygiene + retention dry run (default policy)
  bulwark registry report registry.internal:5000/team --policy retention.yaml --format json
  bulwark registry report registry.internal:5000 --policy retention.yaml --apply --yes   delete what the policy lists
Nothing is deleted without both --apply and --yes.`;

function registerReport(parent: Command, config: GetConfig): void {
  const cmd = parent.command('report')
    .description('registry hygiene (stale, never-pulled, mutable, untagged, unsigned, critical/KEV, EOL OS, oversized) and a retention dry run')
    .argument('<target>', 'HOST[/PREFIX]')
    .option('--policy <file>', 'hygiene and retention policy (YAML/JSON; see docs/registry.md)')
    .option('--apply', 'delete what the retention policy lists (needs --yes too)')
    .option('--yes', 'confirm --apply')
    .option('-f, --format <format>', 'output format: table or json', 'table')
    .option('--concurrency <n>', 'registry requests at once', '4')
    .option('--page-size <n>', 'entries asked for per catalog / tag-list page', '1000');
  addAccessOptions(cmd).addHelpText('after', REPORT_EXAMPLES)
    .action(async (target: string, o: ReportOpts, c: Command) => {
      const ctx = contextFor(c, config());
      const format = checkFormat(o.format);
      const concurrency = positiveInt(o.concurrency, '--concurrency');
      const pageSize = positiveInt(o.pageSize, '--page-size');
      if (o.apply && !o.yes) throw new BulwarkError('USAGE', '--apply deletes manifests: add --yes to confirm (without --apply the report is a dry run)');
      if (o.yes && !o.apply) ctx.logger.warn('--yes without --apply: dry run, nothing is deleted');
      const creds = access(o);
      const { registryReport, reportText, loadPolicy, parseTarget, RegistryStore, defaultStatePath } = await import('../../registry/index.js');
      parseTarget(target);
      const policy = loadPolicy(o.policy);
      const store = new RegistryStore(defaultStatePath(o.cacheDir ?? defaultCacheDir()));
      try {
        const report = await registryReport(target, { ...creds, policy, store, concurrency, pageSize, apply: Boolean(o.apply && o.yes), logger: ctx.logger });
        await ctx.writeOutput(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
        const failed = report.retention.deletions.filter((d) => d.outcome && d.outcome !== 'deleted' && d.outcome !== 'gone');
        if (failed.length) throw new BulwarkError('REGISTRY_ERROR', `${failed.length} deletions failed: ${failed[0].outcome}`);
      } finally {
        store.close();
      }
    });
}

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const registry = program.command('registry')
    .description('whole registries: scan every image once, scan on push (listen), hygiene and retention report');
  registerScan(registry, setExitCode, config);
  registerListen(registry, setExitCode, config);
  registerReport(registry, config);
}
