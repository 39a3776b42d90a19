/** rpm SQLite database (`rpmdb.sqlite`, rpm ≥ 4.16: RHEL 9, Fedora 33+): table Packages(hnum, blob). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { BlobRead } from './header.js';

type Db = BetterSqlite3.Database;
// The native SQLite module loads only when an image actually has an rpmdb.sqlite (a sync require: the
// analyzer is synchronous), not with the analyzer registry at every start-up.
const require = createRequire(import.meta.url);
let sqlite: typeof BetterSqlite3 | undefined;
const Database = (...args: ConstructorParameters<typeof BetterSqlite3>): Db => new (sqlite ??= require('better-sqlite3') as typeof BetterSqlite3)(...args);

function blobs(db: Db): BlobRead {
  const rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').all() as Array<{ blob: unknown }>;
  const out: BlobRead = { blobs: [], problems: [] };
  for (const r of rows) {
    if (Buffer.isBuffer(r.blob)) out.blobs.push(r.blob);
    else out.problems.push('Packages row without a blob');
  }
  return out;
}

/**
 * Without a WAL, the Buffer is opened in memory (better-sqlite3 deserialises it); SQLite refuses WAL
 * mode there, so the header's read/write version bytes (18, 19) go back to rollback-journal on a copy.
 * With a non-empty `rpmdb.sqlite-wal` (transactions rpm has not checkpointed yet) both files are
 * written to a private temporary directory so SQLite replays the WAL exactly as rpm would see it.
 */
export function readSqlite(buf: Buffer, wal?: Buffer): BlobRead {
  if (buf.length < 100 || buf.toString('latin1', 0, 15) !== 'SQLite format 3') throw new Error('not an SQLite database (bad magic)');
  if (wal?.length) {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-rpmdb-'));
    try {
      writeFileSync(join(dir, 'rpmdb.sqlite'), buf);
      writeFileSync(join(dir, 'rpmdb.sqlite-wal'), wal);
      const db = Database(join(dir, 'rpmdb.sqlite'), { readonly: true, fileMustExist: true });
      try {
        return blobs(db);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const copy = Buffer.from(buf);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  const db = Database(copy, { readonly: true });
  try {
    return blobs(db);
  } finally {
    db.close();
  }
}
