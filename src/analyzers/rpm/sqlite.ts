/** rpm SQLite database (`rpmdb.sqlite`, rpm ≥ 4.16: RHEL 9, Fedora 33+): table Packages(hnum, blob). */
import Database from 'better-sqlite3';
import type { BlobRead } from './header.js';

/**
 * better-sqlite3 opens a Buffer as an in-memory database; SQLite refuses WAL mode there, so the
 * header's read/write version bytes (18, 19) are set back to rollback-journal on a copy. Pages
 * still sitting in an un-checkpointed `rpmdb.sqlite-wal` are not seen (documented limit).
 */
export function readSqlite(buf: Buffer): BlobRead {
  if (buf.length < 100 || buf.toString('latin1', 0, 15) !== 'SQLite format 3') throw new Error('not an SQLite database (bad magic)');
  const copy = Buffer.from(buf);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  const db = new Database(copy, { readonly: true });
  try {
    const rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').all() as Array<{ blob: unknown }>;
    const out: BlobRead = { blobs: [], problems: [] };
    for (const r of rows) {
      if (Buffer.isBuffer(r.blob)) out.blobs.push(r.blob);
      else out.problems.push('Packages row without a blob');
    }
    return out;
  } finally {
    db.close();
  }
}
