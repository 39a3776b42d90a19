/**
 * Damaged database files. SQLite reads pages lazily, so a file whose header is intact but whose pages were
 * overwritten opens fine and fails only at the first query that touches a bad page ("database disk image is
 * malformed"), possibly in the middle of a scan. Every read of the store goes through `guardDb` so that such
 * a file is a DB_CORRUPT input error with the way out, wherever it is noticed — never an internal error.
 */
import { BulwarkError, isBulwarkError } from '../core/index.js';

/** SQLite result codes of a damaged or foreign file (better-sqlite3 puts the extended code in `code`). */
const SQLITE_DAMAGE = /^SQLITE_(CORRUPT|NOTADB|IOERR_SHORT_READ)/;

/** True for errors that mean the file's content is damaged: SQLite's own, or a stored document that no longer decodes. */
export function isCorruption(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown };
  if (typeof e?.code === 'string' && SQLITE_DAMAGE.test(e.code)) return true;
  // Stored documents are deflate BLOBs and JSON text (codec.ts): garbage there surfaces as zlib or JSON errors.
  return (typeof e?.code === 'string' && /^Z_(DATA|BUF)_ERROR$/.test(e.code)) || e?.name === 'SyntaxError';
}

export function corruptError(path: string, err: unknown): BulwarkError {
  const why = (err as Error)?.message ?? String(err);
  return new BulwarkError('DB_CORRUPT',
    `the vulnerability database ${path} is damaged (${why}): run 'bulwark db update' or 'bulwark db import <dir>' to rebuild it`, { cause: err });
}

/** Runs one read of the database file at `path`; damage becomes DB_CORRUPT, anything else passes through. */
export function guardDb<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!isBulwarkError(err) && isCorruption(err)) throw corruptError(path, err);
    throw err;
  }
}
