/**
 * `--output FILE`: checked before the scan starts (a typo should not cost a registry pull) and
 * written with filesystem errors turned into one-line OUTPUT_NOT_WRITABLE errors. Missing parent
 * directories are not created: like Trivy, a path into a directory that does not exist is refused
 * (a typo in the directory would otherwise scatter reports into new directories).
 */
import { accessSync, closeSync, constants, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BulwarkError } from '../core/index.js';

const REASONS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
};

function notWritable(path: string, reason: string, cause?: unknown): BulwarkError {
  return new BulwarkError('OUTPUT_NOT_WRITABLE', `cannot write --output ${path}: ${reason}`, cause ? { cause } : undefined);
}

/** Fails early when the report could obviously not be written. */
export function checkOutputPath(path: string | undefined): void {
  if (!path || path === '-') return;
  const abs = resolve(path);
  const dir = dirname(abs);
  try {
    if (!statSync(dir).isDirectory()) throw notWritable(path, 'a parent is not a directory');
    accessSync(dir, constants.W_OK);
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw notWritable(path, REASONS[code] ?? code, err);
  }
  const st = statSync(abs, { throwIfNoEntry: false });
  if (st?.isDirectory()) throw notWritable(path, 'it is a directory');
}

export async function writeOutputFile(path: string, data: string | Buffer | Iterable<string>): Promise<void> {
  checkOutputPath(path);
  try {
    // One synchronous write: a stream's end(string) first copies the whole report into a Buffer (a 62 MB
    // JSON report of a 120k-entry lockfile spent ~0.4 s CPU there); writeFileSync encodes the string as it writes.
    if (typeof data === 'string' || Buffer.isBuffer(data)) writeFileSync(path, data);
    else writePieces(path, data);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (REASONS[code]) throw notWritable(path, REASONS[code], err);
    throw err;
  }
}

const WRITE_BUFFER = 1024 * 1024;

/**
 * Pieces of text, each encoded as it is written: the whole report never exists as one string or Buffer. A
 * failure part-way (a writer that throws, a full disk) removes the truncated file rather than leave half a report.
 */
function writePieces(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, 'w');
  // Pieces are encoded into one reused buffer (a fresh Buffer per piece cost a page fault per 4 KB written).
  const buf = Buffer.allocUnsafeSlow(WRITE_BUFFER);
  let used = 0;
  const flush = () => {
    for (let off = 0; off < used;) off += writeSync(fd, buf, off, used - off);
    used = 0;
  };
  try {
    for (const piece of pieces) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit: a piece that may not fit is written after a flush, or alone.
      if (used + piece.length * 3 > buf.length) flush();
      if (piece.length * 3 <= buf.length) used += buf.write(piece, used, 'utf8');
      else {
        const bytes = Buffer.from(piece);
        for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
      }
    }
    flush();
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw err;
  }
  closeSync(fd);
}
