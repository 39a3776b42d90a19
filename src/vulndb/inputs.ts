/** Local inputs for `db import` and downloaded files: paths → decoded documents (gzip, zstd, zip unpacked). */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type * as FzstdModule from 'fzstd';

const fzstd = lazy<typeof FzstdModule>('fzstd');
import { BulwarkError, lazy } from '../core/index.js';
import type { InputDoc } from './importers/index.js';
import { isZip, readZip } from './importers/zip.js';

const SKIP = /(^|\/)(README|LICENSE|NOTICE|COPYING)[^/]*$|\.(md|txt|meta|sh|py|go|ts|js|yaml|yml)$/i;

/** Bytes → documents: transparently gunzips / unzstds and expands zip members (nested once), lazily. */
export function* decodeBuffer(name: string, buf: Buffer, depth = 0): Generator<InputDoc> {
  let data = buf;
  try {
    if (data.length > 2 && data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
    else if (data.length > 4 && data.readUInt32LE(0) === 0xfd2fb528) data = Buffer.from(fzstd().decompress(data));
  } catch (err) {
    throw new BulwarkError('CORRUPT_ARCHIVE', `${name}: cannot decompress`, { cause: err });
  }
  if (isZip(data)) {
    if (depth > 1) return;
    for (const m of readZip(data, name)) if (!SKIP.test(m.name)) yield* decodeBuffer(`${name}!${m.name}`, m.data, depth + 1);
    return;
  }
  // Bytes, not text: a feed may be longer than V8's maximum string (importers/json-stream.ts).
  yield { name, data };
}

const COMPRESSED_OR_ZIP = (head: Buffer): boolean => (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)
  || (head.length >= 4 && (head.readUInt32LE(0) === 0xfd2fb528 || head.readUInt32LE(0) === 0x04034b50));

/**
 * One file → documents. A plain file is read by the importers in chunks straight from disk (any size);
 * gzip, zstd and zip files are decompressed in memory as bytes (up to Buffer's 4 GiB).
 */
export function readInputFile(path: string, name = path): Iterable<InputDoc> {
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  let n: number;
  try { n = readSync(fd, head, 0, 4, 0); } finally { closeSync(fd); }
  if (!COMPRESSED_OR_ZIP(head.subarray(0, n))) return [{ name, path }];
  // Decompression errors surface when the caller iterates (decodeBuffer is lazy), inside its error handling.
  return decodeBuffer(name, readFileSync(path));
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** A file, a zip or a directory (recursively) → documents. Documentation files are skipped. */
export function* readInputPath(path: string): Generator<InputDoc> {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new BulwarkError('INPUT_NOT_FOUND', `no such file or directory: ${path}`);
  }
  const files: string[] = [];
  if (st.isDirectory()) walk(path, files);
  else files.push(path);
  for (const f of files) {
    const rel = st.isDirectory() ? relative(path, f) : f;
    if (st.isDirectory() && SKIP.test(rel)) continue;
    yield* readInputFile(f, st.isDirectory() ? join(path, rel) : f);
  }
}
