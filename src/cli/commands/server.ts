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
  rateLimit: string; maxUpload: string; secureCookies?: boolean; httpProcesses: string;
}

const DEFAULT_DATABASE = 'bulwark-server.db';

const EXAMPLES = `
Examples:
  bulwark server                                         SQLite file ./bulwark-server.db, http://127.0.0.1:8080
  bulwark server token create --scope admin              print a new admin token (stored hashed)
  bulwark server --listen 0.0.0.0:8080 --database postgres://bulwark@db/bulwark --workers 0
  bulwark worker --database postgres://bulwark@db/bulwark   scale out scans and re-evaluations
  bulwark server --http-processes 2                      two processes answer the API (reads scale with cores)`;

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

/**
 * `server token create --database X`: commander hands `--database` to the parent `server` command (it declares the
 * same option), leaving the subcommand its default, so the token went to ./bulwark-server.db. The value the user
 * gave wins, wherever commander put it.
 */
function databaseOf(o: DbOpt, c: Command): string {
  const parent = c.parent?.parent;
  if (c.getOptionValueSource('database') === 'default' && parent && parent.getOptionValueSource('database') !== 'default') return String(parent.getOptionValue('database'));
  return o.database;
}

function registerToken(server: Command): void {
  const token = server.command('token').description('manage API tokens (scopes: read ⊂ scan ⊂ admin)');
  token.command('create')
    .description('create a token and print it on stdout (shown once; only its hash is stored)')
    .option('--database <file|url>', 'SQLite file or postgres:// URL', DEFAULT_DATABASE)
    .option('--scope <scope>', 'read, scan or admin', 'read')
    .option('--name <name>', 'what the token is for', '')
    .action(async (o: DbOpt & { scope: string; name: string }, c: Command) => {
      const { openDb, createToken, SCOPES, audit } = await import('../../store/index.js');
      if (!(SCOPES as readonly string[]).includes(o.scope)) throw new BulwarkError('USAGE', `--scope: choose read, scan or admin (got ${JSON.stringify(o.scope)})`);
      const db = await openDb(databaseOf(o, c));
      try {
        const t = await createToken(db, o.scope as 'read', o.name);
        await audit(db, null, 'token.create', t.id, { scope: o.scope, name: o.name, via: 'cli' });
        process.stdout.write(`${t.token}\n`);
      } finally { await db.close(); }
    });
  token.command('list')
    .description('list tokens (id, scope, name, last use; never the secret)')
    .option('--database <file|url>', 'SQLite file or postgres:// URL', DEFAULT_DATABASE)
    .action(async (o: DbOpt, c: Command) => {
      const { openDb, listTokens } = await import('../../store/index.js');
      const db = await openDb(databaseOf(o, c));
      try {
        for (const t of await listTokens(db)) process.stdout.write(`${t.id}  ${t.scope.padEnd(5)}  ${t.revokedAt ? 'revoked' : 'active '}  ${t.lastUsedAt ?? '-'}  ${t.name}\n`);
      } finally { await db.close(); }
    });
  token.command('revoke')
    .description('revoke a token by id (its UI sessions end too)')
    .argument('<id>', 'token id (the 12 hex digits after bwk_)')
    .option('--database <file|url>', 'SQLite file or postgres:// URL', DEFAULT_DATABASE)
    .action(async (id: string, o: DbOpt, c: Command) => {
      const { openDb, revokeToken, audit } = await import('../../store/index.js');
      const db = await openDb(databaseOf(o, c));
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
    .option('--secure-cookies', 'mark session cookies Secure (set when TLS terminates in front of the server)')
    .option('--http-processes <n>', 'processes answering HTTP on the one address (node:cluster; jobs stay in the main process); 1 = this process only', '1');
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
    const httpProcesses = positiveInt(o.httpProcesses, '--http-processes', 1);
    const cluster = (await import('node:cluster')).default;
    const svc = await serviceDeps({ database: o.database, dbDir: o.dbDir, cacheDir: o.cacheDir, logger: ctx.logger, dbUpdate: !!o.dbUpdate });
    const { pgBossQueue, inProcessQueue, redactUrl } = await import('../../store/index.js');
    const { buildApp, closeServer, ipcQueue, serveJobs } = await import('../../server/index.js');
    const inHttpProcess = cluster.isWorker && process.env.BULWARK_HTTP_PROCESS === '1';
    // An HTTP process of a cluster hands its jobs to the primary; otherwise this process owns the queue.
    const queue = inHttpProcess ? ipcQueue(process.env.BULWARK_QUEUE_KIND === 'pg-boss' ? 'pg-boss' : 'in-process')
      : svc.db.dialect === 'postgres' ? await pgBossQueue(svc.db, svc.jobs, { work: workers > 0, concurrency: Math.max(1, workers) }) : inProcessQueue(svc.db, svc.jobs);
    const stopSchedule = inHttpProcess ? () => undefined : svc.schedule(queue, hours);
    const stopped = new Promise<void>((resolve) => {
      const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      // An HTTP process whose primary is gone stops too.
      if (inHttpProcess) process.once('disconnect', stop);
    });
    if (httpProcesses > 1 && !inHttpProcess) {
      const procs = Array.from({ length: httpProcesses }, () => cluster.fork({ BULWARK_HTTP_PROCESS: '1', BULWARK_QUEUE_KIND: queue.kind }));
      for (const w of procs) serveJobs(w, queue);
      await Promise.all(procs.map((w) => new Promise((r) => w.once('listening', r))));
      ctx.logger.info(`bulwark server on http://${listen.host}:${listen.port} with ${httpProcesses} HTTP processes (database: ${redactUrl(o.database)}, ${svc.db.dialect}; jobs: ${queue.kind} in the main process)`);
      await stopped;
      ctx.logger.info('shutting down');
      stopSchedule();
      await Promise.all(procs.map((w) => new Promise((r) => { if (w.isDead()) r(undefined); else { w.once('exit', r); w.process.kill('SIGTERM'); } })));
      await queue.close();
      await svc.db.close();
      return;
    }
    const uiDir = o.uiDir ?? svc.defaultUiDir;
    const app = await buildApp({
      db: svc.db, queue, openMatcher: svc.jobs.openMatcher, logger: ctx.logger, ...(uiDir ? { uiDir } : {}), rateLimit: rate, maxUploadBytes: maxUpload,
      secureCookies: !!o.secureCookies,
    });
    const address = await app.listen({ host: listen.host, port: listen.port });
    if (!inHttpProcess) ctx.logger.info(`bulwark server on ${address} (database: ${redactUrl(o.database)}, ${svc.db.dialect}; jobs: ${queue.kind}${uiDir ? `; UI: ${uiDir}` : ''})`);
    await stopped;
    if (!inHttpProcess) ctx.logger.info('shutting down');
    stopSchedule();
    if (!(await closeServer({ app, queue, db: svc.db }))) ctx.logger.warn(`${app.inFlight.count} request handler(s) still running after 10 s; closing the database under them`);
    // The IPC channel to the primary would keep an HTTP process alive.
    if (inHttpProcess && process.connected) process.disconnect();
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

