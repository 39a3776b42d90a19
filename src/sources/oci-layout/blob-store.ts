/**
 * Read-only access to named files of an image container: an OCI layout directory, or a tar archive
 * (OCI archive, docker-archive) indexed once by seeking from header to header — never extracted,
 * never loaded whole. Entry contents are streamed from their byte offsets.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { BulwarkError } from '../../core/index.js';
import { BLOCK, applyOverrides, isZeroBlock, padded, parsePax, parseTarHeader } from '../../tar/index.js';

/** JSON documents (manifests, configs, indexes) above this size are refused: they are never that big. */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

export interface BlobStore {
  /** What the user named (for messages). */
  readonly label: string;
  has(name: string): boolean;
  size(name: string): number | undefined;
  /** Whole (small) file: manifests, configs. */
  read(name: string): Promise<Buffer>;
  /** The first `n` bytes (magic-number sniffing). */
  head(name: string, n: number): Promise<Buffer>;
  /** Streams a (possibly huge) entry. */
  open(name: string): Readable;
  close(): Promise<void>;
}

const clean = (name: string) => posix.normalize(name.replace(/^(\.\/)+/, '').replace(/^\/+/, '')).replace(/\/$/, '');

export function directoryStore(dir: string): BlobStore {
  const abs = (name: string) => {
    const p = clean(name);
    if (p.startsWith('..')) throw new BulwarkError('PATH_TRAVERSAL', `${dir}: reference escapes the layout: ${name}`);
    return join(dir, p);
  };
  return {
    label: dir,
    has: (name) => existsSync(abs(name)),
    size: (name) => (existsSync(abs(name)) ? statSync(abs(name)).size : undefined),
    async read(name) {
      const p = abs(name);
      if (!existsSync(p)) throw new BulwarkError('CORRUPT_ARCHIVE', `${dir}: missing ${name}`);
      if (statSync(p).size > MAX_DOCUMENT_BYTES) throw new BulwarkError('LIMIT_EXCEEDED', `${dir}: ${name} is too large for a JSON document`);
      return readFile(p);
    },
    async head(name, n) {
      const fh = await open(abs(name), 'r');
      try { return await readAt(fh, 0, n); } finally { await fh.close(); }
    },
    open: (name) => createReadStream(abs(name), { highWaterMark: 1 << 20 }),
    close: async () => undefined,
  };
}

interface IndexedEntry { offset: number; size: number }

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  return bytesRead === len ? buf : buf.subarray(0, bytesRead);
}

/** Walks the headers of a tar file, skipping over contents with seeks. */
async function indexTar(path: string, fh: FileHandle, fileSize: number): Promise<Map<string, IndexedEntry>> {
  const entries = new Map<string, IndexedEntry>();
  let pos = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (pos + BLOCK <= fileSize) {
    const block = await readAt(fh, pos, BLOCK);
    if (isZeroBlock(block)) break;
    const raw = parseTarHeader(block);
    if (!raw) {
      if (pos === 0) throw new BulwarkError('INPUT_UNRECOGNIZED', `${path}: not a tar archive, OCI layout or image reference`);
      throw new BulwarkError('CORRUPT_ARCHIVE', `${path}: bad tar header at byte ${pos}`);
    }
    const dataStart = pos + BLOCK;
    if (dataStart + raw.size > fileSize) throw new BulwarkError('CORRUPT_ARCHIVE', `${path}: truncated tar (entry ${raw.name} ends past the end of the file)`);
    pos = dataStart + padded(raw.size);
    if (raw.type === 'pax' || raw.type === 'gnu-longname' || raw.type === 'gnu-longlink') {
      const body = await readAt(fh, dataStart, Math.min(raw.size, 1 << 20));
      if (raw.type === 'pax') pax = parsePax(body);
      else if (raw.type === 'gnu-longname') longName = body.toString('utf8').replace(/\0+$/, '');
      else longLink = body.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (raw.type === 'pax-global') continue;
    const h = applyOverrides(raw, pax, longName, longLink);
    pax = {};
    longName = longLink = undefined;
    if (h.type === 'file') entries.set(clean(h.name), { offset: dataStart, size: h.size });
  }
  if (entries.size === 0) throw new BulwarkError('INPUT_UNRECOGNIZED', `${path}: not a tar archive, OCI layout or image reference`);
  return entries;
}

export async function tarStore(path: string): Promise<BlobStore> {
  const fileSize = statSync(path).size;
  const fh = await open(path, 'r');
  let entries: Map<string, IndexedEntry>;
  try {
    entries = await indexTar(path, fh, fileSize);
  } catch (err) {
    await fh.close();
    throw err;
  }
  const get = (name: string) => {
    const e = entries.get(clean(name));
    if (!e) throw new BulwarkError('CORRUPT_ARCHIVE', `${path}: missing ${name}`);
    return e;
  };
  return {
    label: path,
    has: (name) => entries.has(clean(name)),
    size: (name) => entries.get(clean(name))?.size,
    async read(name) {
      const e = get(name);
      if (e.size > MAX_DOCUMENT_BYTES) throw new BulwarkError('LIMIT_EXCEEDED', `${path}: ${name} is too large for a JSON document`);
      return readAt(fh, e.offset, e.size);
    },
    head: (name, n) => { const e = get(name); return readAt(fh, e.offset, Math.min(n, e.size)); },
    open(name) {
      const e = get(name);
      if (e.size === 0) return Readable.from([]);
      return createReadStream(path, { start: e.offset, end: e.offset + e.size - 1, highWaterMark: 1 << 20 });
    },
    close: () => fh.close(),
  };
}
