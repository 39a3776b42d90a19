/**
 * `bulwark server`: the portfolio server (API, UI, jobs) on SQLite (default, one file) or PostgreSQL;
 * `bulwark server token create|list|revoke`: API tokens (printed once, stored hashed).
 */
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import { contextFor, parseSize, type GetConfig, type SetExitCode } from '../options.js';
import { serviceDeps } from './server-deps.js';

interface DbOpt { database: string }
interface ServerOpts extends DbOpt {
  listen: string; uiDir?: string; dbDir?: string; cacheDir?: string; workers: string; reevaluateInterval: string; dbUpdate?: boolean;
  rateLimit: string; maxUpload: string; secureCookies?: boolean;
}

const DEFAULT_DATABASE = 'bulwark-server.db';

const EXAMPLES = `
Examples:
  bulwark server                                         SQLite file ./bulwark-server.db, http://127.0.0.1:8080
  bulwark server token create --scope admin              print a new admin token (stored hashed)
  bulwark server --listen 0.0.0.0:8080 --database postgres://bulwark@db/bulwark --workers 0
  bulwark worker --database postgres://bulwark@db/bulwark   scale out scans and re-evaluations`;

function parseListen(text: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new BulwarkError('USAGE', `--listen: expected host:port, got ${JSON.stringify(text)}`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function positiveInt(text: string, flag: string, min = 0): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new BulwarkError('USAGE', `${flag}: expected an integer ≥ ${min}, got ${JSON.stringify(text)}`);
  return n;
}

function registerToken(server: Command): void {
  const token = server.command('token').description('manage API tokens (scopes: read ⊂ scan ⊂ admin)');
  token.command('create')
    .description('create a token and print it on stdout (shown once; only its hash is stored)')
    .option('--database <file|url>', 'SQLite file or postgres:// URL', DEFAULT_DATABASE)
    .option('--scope <scope>', 'read, scan or admin', 'read')
    .option('--name <name>', 'what the token is for', '')
    .action(async (o: DbOpt & { scope: string; name: string }) => {
      const { openDb, createToken, SCOPES, audit } = await import('../../store/index.js');
      if (!(SCOPES as readonly string[]).includes(o.scope)) throw new BulwarkError('USAGE', `--scope: choose read, scan or admin (got ${JSON.stringify(o.scope)})`);
      const db = await openDb(o.database);
      try {
        const t = await createToken(db, o.scope as 'read', o.name);
        await audit(db, null, 'token.create', t.id, { scope: o.scope, name: o.name, via: 'cli' });
        process.stdout.write(`${t.token}\n`);
      } finally { await db.close(); }
    });
  token.command('list')
    .description('list tokens (id, scope, name, last use; never the secret)')
    .option('--database <file|url>', 'SQLite file or postgres:// URL', DEFAULT_DATABASE)
    .action(async (o: DbOpt) => {
      const { openDb, listTokens } = await import('../../store/index.js');
      const db = await openDb(o.database);
      try {
        for (const t of await listTokens(db)) process.stdout.write(`${t.id}  ${t.scope.padEnd(5)}  ${t.revokedAt ? 'revoked' : 'active '}  ${t.lastUsedAt ?? '-'}  ${t.name}\n`);
      } finally { await db.close(); }
    });
  token.command('revoke')
    .description('revoke a token by id (its UI sessions end too)')
    .argument('<id>', 'token id (the 12 hex digits after bwk_)')
    .option('--database <file|url>', 'SQLite file or postgres:// URL', DEFAULT_DATABASE)
    .action(async (id: string, o: DbOpt) => {
      const { openDb, revokeToken, audit } = await import('../../store/index.js');
      const db = await openDb(o.database);
      try {
        if (!(await revokeToken(db, id))) throw new BulwarkError('INPUT_NOT_FOUND', `no active token ${id}`);
        await audit(db, null, 'token.revoke', id, { via: 'cli' });
      } finally { await db.close(); }
    });
}

export function register(program: Command, _setExitCode: SetExitCode, config: GetConfig): void {
  const server = program.command('server')
    .description('run the Bulwark server: API (OpenAPI at /api/openapi.json), web UI, scan and re-evaluation jobs')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080')
    .option('--database <file|url>', 'SQLite file or postgres:// URL (same schema, same migrations)', DEFAULT_DATABASE)
    .option('--ui-dir <dir>', 'serve the built web UI from this directory (default: the ui/dist shipped with bulwark, if present)')
    .option('--db-dir <dir>', 'directory holding the vulnerability database bulwark.db (default: <cache-dir>/db)')
    .option('--cache-dir <dir>', 'cache directory (default: ~/.cache/bulwark)')
    .option('--workers <n>', 'jobs run by this process at once (PostgreSQL: 0 = leave them to `bulwark worker`)', '1')
    .option('--reevaluate-interval <hours>', 're-match every stored inventory this often when the vulnerability DB changed (0 = on demand only)', '6')
    .option('--db-update', 'download the advisory feeds (`bulwark db update`) at every interval before re-evaluating')
    .option('--rate-limit <n>', 'requests per minute per token (or per address)', '1200')
    .option('--max-upload <size>', 'largest report/SBOM/snapshot upload', '64MiB')
    .option('--secure-cookies', 'mark session cookies Secure (set when TLS terminates in front of the server)');
  server.addHelpText('after', EXAMPLES);
  registerToken(server);
  server.action(async (o: ServerOpts, c: Command) => {
    const ctx = contextFor(c, config());
    const listen = parseListen(o.listen);
    const workers = positiveInt(o.workers, '--workers');
    const hours = Number(o.reevaluateInterval);
    if (!Number.isFinite(hours) || hours < 0) throw new BulwarkError('USAGE', `--reevaluate-interval: expected hours ≥ 0, got ${JSON.stringify(o.reevaluateInterval)}`);
    const rate = positiveInt(o.rateLimit, '--rate-limit', 1);
    const maxUpload = parseSize(o.maxUpload, '--max-upload');
    const svc = await serviceDeps({ database: o.database, dbDir: o.dbDir, cacheDir: o.cacheDir, logger: ctx.logger, dbUpdate: !!o.dbUpdate });
    const { pgBossQueue, inProcessQueue, redactUrl } = await import('../../store/index.js');
    const queue = svc.db.dialect === 'postgres' ? await pgBossQueue(svc.db, svc.jobs, { work: workers > 0, concurrency: Math.max(1, workers) }) : inProcessQueue(svc.db, svc.jobs);
    const { buildApp, closeServer } = await import('../../server/index.js');
    const uiDir = o.uiDir ?? svc.defaultUiDir;
    const app = await buildApp({
      db: svc.db, queue, openMatcher: svc.jobs.openMatcher, logger: ctx.logger, ...(uiDir ? { uiDir } : {}), rateLimit: rate, maxUploadBytes: maxUpload,
      secureCookies: !!o.secureCookies,
    });
    const stopSchedule = svc.schedule(queue, hours);
    const address = await app.listen({ host: listen.host, port: listen.port });
    ctx.logger.info(`bulwark server on ${address} (database: ${redactUrl(o.database)}, ${svc.db.dialect}; jobs: ${queue.kind}${uiDir ? `; UI: ${uiDir}` : ''})`);
    await new Promise<void>((resolve) => {
      const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    ctx.logger.info('shutting down');
    stopSchedule();
    if (!(await closeServer({ app, queue, db: svc.db }))) ctx.logger.warn(`${app.inFlight.count} request handler(s) still running after 10 s; closing the database under them`);
  });
}

/** `bulwark worker`: a pg-boss worker process for scans and re-evaluation shards (PostgreSQL only). */
export function registerWorker(program: Command, _setExitCode: SetExitCode, config: GetConfig): void {
  program.command('worker')
    .description('run scan and re-evaluation jobs from a PostgreSQL-backed Bulwark server (pg-boss); start any number, anywhere')
    .option('--database <url>', 'postgres:// URL of the server database')
    .option('--concurrency <n>', 'jobs this worker runs at once', '1')
    .option('--db-dir <dir>', 'directory holding the vulnerability database bulwark.db (default: <cache-dir>/db)')
    .option('--cache-dir <dir>', 'cache directory (default: ~/.cache/bulwark)')
    .addHelpText('after', `
Examples:
  bulwark worker --database postgres://bulwark@db/bulwark
  BULWARK_DATABASE=postgres://… bulwark worker --concurrency 2`)
    .action(async (o: { database?: string; concurrency: string; dbDir?: string; cacheDir?: string }, c: Command) => {
      const ctx = contextFor(c, config());
      const { isPostgresUrl, pgBossQueue, redactUrl } = await import('../../store/index.js');
      if (!o.database || !isPostgresUrl(o.database)) throw new BulwarkError('USAGE', '--database: a worker needs the server\'s postgres:// URL (with SQLite the server runs jobs itself)');
      const concurrency = positiveInt(o.concurrency, '--concurrency', 1);
      const svc = await serviceDeps({ database: o.database, dbDir: o.dbDir, cacheDir: o.cacheDir, logger: ctx.logger, dbUpdate: false });
      const queue = await pgBossQueue(svc.db, svc.jobs, { work: true, concurrency });
      ctx.logger.info(`bulwark worker on ${redactUrl(o.database)} (concurrency ${concurrency})`);
      await new Promise<void>((resolve) => {
        const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await queue.close();
      await svc.db.close();
    });
}

