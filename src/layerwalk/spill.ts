/**
 * One layer entry written to a temp file as it streams by, then read by range: what `randomAccess`
 * analyzers (ELF/PE build info) get for big executables in image layers instead of a buffered copy.
 * The page cache absorbs the write; the process never holds more than one chunk of it.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSource, type OpenedSource } from '../analyzers/index.js';

export class Spill {
  private readonly dir: string;
  private readonly file: string;
  private fd: number | undefined;
  private written = 0;

  constructor(parent: string | undefined, private readonly size: number) {
    this.dir = mkdtempSync(join(parent ?? tmpdir(), 'bulwark-spill-'));
    this.file = join(this.dir, 'entry');
    this.fd = openSync(this.file, 'w', 0o600);
  }

  write(chunk: Buffer): void {
    if (this.fd === undefined) return;
    let off = 0;
    while (off < chunk.length) off += writeSync(this.fd, chunk, off, chunk.length - off);
    this.written += chunk.length;
  }

  /** The written bytes by range (call once the entry is complete). */
  open(): OpenedSource {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    return openFileSource(this.file, Math.min(this.size, this.written));
  }

  remove(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
