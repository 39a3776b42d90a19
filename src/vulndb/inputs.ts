/** Local inputs for `db import` and downloaded files: paths → decoded documents (gzip, zstd, zip unpacked). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type * as FzstdModule from 'fzstd';
import { lazy } from '../core/lazy.js';

const fzstd = lazy<typeof FzstdModule>('fzstd');
import { BulwarkError } from '../core/index.js';
import type { InputDoc } from './importers/index.js';
import { isZip, readZip } from './importers/zip.js';

const SKIP = /(^|\/)(README|LICENSE|NOTICE|COPYING)[^/]*$|\.(md|txt|meta|sh|py|go|ts|js|yaml|yml)$/i;

/** Bytes → documents: transparently gunzips / unzstds and expands zip members (nested once). */
export function decodeBuffer(name: string, buf: Buffer, depth = 0): InputDoc[] {
  let data = buf;
  try {
    if (data.length > 2 && data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
    else if (data.length > 4 && data.readUInt32LE(0) === 0xfd2fb528) data = Buffer.from(fzstd().decompress(data));
  } catch (err) {
    throw new BulwarkError('CORRUPT_ARCHIVE', `${name}: cannot decompress`, { cause: err });
  }
  if (isZip(data)) {
    if (depth > 1) return [];
    return readZip(data, name).filter((m) => !SKIP.test(m.name)).flatMap((m) => decodeBuffer(`${name}!${m.name}`, m.data, depth + 1));
  }
  return [{ name, text: data.toString('utf8') }];
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
    yield* decodeBuffer(st.isDirectory() ? join(path, rel) : f, readFileSync(f));
  }
}
