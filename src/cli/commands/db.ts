/** `bulwark db update|import|status|export|push|pull`: build, inspect and move the vulnerability database. */
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import type { DbStatus } from '../../vulndb/index.js';
// The contract module only (no SQLite): the default shows in --help.
import { DEFAULT_MAX_AGE_DAYS } from '../../vulndb/contract.js';
import { makeContext } from '../context.js';

/** The database code (SQLite, feed importers) is loaded by the db commands only, not at CLI start-up. */
const vulndb = () => import('../../vulndb/index.js');

interface DbOpts { dbDir?: string; cacheDir?: string; quiet?: boolean; debug?: boolean }

function withDbOptions(cmd: Command): Command {
  return cmd
    .option('--db-dir <dir>', 'directory holding bulwark.db (default: <cache-dir>/db)')
    .option('--cache-dir <dir>', 'cache directory (default: ~/.cache/bulwark)');
}

async function ctxFor(cmd: Command) {
  const g = cmd.optsWithGlobals() as DbOpts;
  const { defaultDbPath } = await vulndb();
  return { ctx: makeContext({ quiet: g.quiet, debug: g.debug }), dbPath: defaultDbPath({ dbDir: g.dbDir, cacheDir: g.cacheDir }) };
}

function statusText(s: DbStatus, maxAge: number, dbAgeWarning: (m: DbStatus, d: number) => string | undefined): string {
  const lines = [
    `Database:        ${s.path}`,
    `Schema version:  ${s.schemaVersion} (this bulwark reads ≤ ${s.supportedSchemaVersion})`,
    `Built:           ${s.builtAt}`,
    `Last checked:    ${s.lastCheckedAt ?? s.builtAt}`,
    `Age:             ${s.ageDays.toFixed(1)} days`,
    `Size:            ${(s.sizeBytes / 1048576).toFixed(1)} MiB`,
    `Records:         ${s.totalRecords}`,
    `Known-bad:       ${s.knownBad.files} files, ${s.knownBad.images} images`,
    '',
    'FEED                                              RECORDS  MODIFIED                  IMPORTED',
    ...s.feeds.map((f) => `${f.source.padEnd(48)} ${String(f.records).padStart(8)}  ${(f.modified ?? '-').padEnd(25)} ${f.importedAt}`),
  ];
  const warn = dbAgeWarning(s, maxAge);
  if (warn) lines.push('', `WARNING: ${warn}`);
  return `${lines.join('\n')}\n`;
}

function registerUpdate(db: Command): void {
  withDbOptions(db.command('update'))
    .description('download the advisory feeds (ETag/If-Modified-Since) and swap in a verified new database')
    .option('--source <name|url...>', 'only these sources (default names or http(s) URLs; repeatable)')
    .option('--fresh', 'rebuild from only these sources instead of replacing just their feeds')
    .option('--offline', 'no network: refuse (use `db import` for air-gapped updates)')
    .option('--skip-db-update', 'do nothing (lets scripts pass the scan flag through)')
    .option('--idle-timeout <seconds>', 'give up on a source that sends no data for this long', '30')
    .action(async (opts: { source?: string[]; fresh?: boolean; offline?: boolean; skipDbUpdate?: boolean; idleTimeout: string }, cmd: Command) => {
      const { ctx, dbPath } = await ctxFor(cmd);
      if (opts.skipDbUpdate) { ctx.logger.info('--skip-db-update: database left as is'); return; }
      if (opts.offline) throw new BulwarkError('USAGE', "--offline: 'db update' needs the network; use 'bulwark db import <dir|zip|file>'");
      const idle = Number(opts.idleTimeout);
      if (!Number.isFinite(idle) || idle <= 0) throw new BulwarkError('USAGE', `--idle-timeout must be a positive number of seconds, got '${opts.idleTimeout}'`);
      const { resolveSources, updateDatabase } = await vulndb();
      const r = await updateDatabase({ dbPath, sources: resolveSources(opts.source), fresh: opts.fresh, logger: ctx.logger, progress: ctx.progress,
        idleTimeoutMs: idle * 1000 });
      if (!r.changed) ctx.logger.info(`all sources not modified; ${dbPath} unchanged`);
      else ctx.logger.info(`updated ${dbPath}: ${r.build?.feeds.map((f) => `${f.feed}=${f.records}`).join(', ')}`);
    });
}

function registerImport(db: Command): void {
  withDbOptions(db.command('import'))
    .description('import feeds from local files, directories or zips (air-gap); feed type detected by content')
    .argument('<paths...>', 'files, directories or zip archives')
    .option('--fresh', 'replace the whole database instead of only the imported feeds')
    .action(async (paths: string[], opts: { fresh?: boolean }, cmd: Command) => {
      const { ctx, dbPath } = await ctxFor(cmd);
      const { importPaths } = await vulndb();
      const r = importPaths({ dbPath, paths, fresh: opts.fresh, logger: ctx.logger, progress: ctx.progress });
      const total = r.feeds.reduce((n, f) => n + f.records, 0);
      ctx.logger.info(`imported ${r.feeds.length} feeds (${total} records, ${r.aliasGroups} alias groups) into ${dbPath}`);
    });
}

function registerStatus(db: Command): void {
  withDbOptions(db.command('status'))
    .description('show sources, record counts, build time, age and schema version')
    .option('-f, --format <format>', 'table | json', 'table')
    .option('--max-db-age <days>', 'warn when older than this many days', String(DEFAULT_MAX_AGE_DAYS))
    .action(async (opts: { format: string; maxDbAge: string }, cmd: Command) => {
      const { ctx, dbPath } = await ctxFor(cmd);
      const { dbAgeWarning, dbStatus } = await vulndb();
      const s = dbStatus(dbPath);
      const maxAge = Number(opts.maxDbAge);
      if (!Number.isFinite(maxAge) || maxAge < 0) throw new BulwarkError('USAGE', `--max-db-age must be a number of days, got '${opts.maxDbAge}'`);
      if (opts.format === 'json') await ctx.writeOutput(`${JSON.stringify({ ...s, ageWarning: dbAgeWarning(s, maxAge) ?? null }, null, 2)}\n`);
      else if (opts.format === 'table') await ctx.writeOutput(statusText(s, maxAge, dbAgeWarning));
      else throw new BulwarkError('USAGE', `unknown --format '${opts.format}' (table | json)`);
    });
}

function registerMove(db: Command): void {
  withDbOptions(db.command('export'))
    .description('write the database and its metadata as one .tar.gz artifact')
    .requiredOption('-o, --output <file>', 'artifact path (e.g. bulwark-db.tar.gz)')
    .action(async (opts: { output: string }, cmd: Command) => {
      const { ctx, dbPath } = await ctxFor(cmd);
      const { exportArchive } = await vulndb();
      const { archive } = await exportArchive(dbPath);
      await ctx.writeOutput(archive, opts.output);
      ctx.logger.info(`wrote ${opts.output} (${archive.length} bytes)`);
    });
  withDbOptions(db.command('push'))
    .description('push the database as an OCI artifact (application/vnd.bulwark.db.v1)')
    .argument('<reference>', 'registry/repository:tag')
    .option('--insecure', 'allow plain HTTP / unverified TLS for this registry')
    .action(async (ref: string, opts: { insecure?: boolean }, cmd: Command) => {
      const { ctx, dbPath } = await ctxFor(cmd);
      const { pushDatabase } = await vulndb();
      const r = await pushDatabase(dbPath, ref, { insecure: opts.insecure, logger: ctx.logger });
      ctx.logger.info(`pushed ${ref}@${r.digest} (${r.size} bytes)`);
    });
  withDbOptions(db.command('pull'))
    .description('pull a database OCI artifact and install it atomically')
    .argument('<reference>', 'registry/repository:tag or @digest')
    .option('--insecure', 'allow plain HTTP / unverified TLS for this registry')
    .action(async (ref: string, opts: { insecure?: boolean }, cmd: Command) => {
      const { ctx, dbPath } = await ctxFor(cmd);
      const { pullDatabase } = await vulndb();
      const meta = await pullDatabase(ref, dbPath, { insecure: opts.insecure, logger: ctx.logger });
      ctx.logger.info(`installed ${ref} into ${dbPath} (built ${meta.builtAt}, ${meta.feeds.length} feeds)`);
    });
}

export const register = (program: Command): void => {
  const db = program.command('db').description('vulnerability database: update, import, status, export, push, pull');
  registerUpdate(db);
  registerImport(db);
  registerStatus(db);
  registerMove(db);
};
