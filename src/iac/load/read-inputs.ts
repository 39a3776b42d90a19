/** DIR|FILE arguments → virtual files (the formats `detect.ts` knows), skipping `.terraform/`, dot-directories and node_modules. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { BulwarkError } from '../../core/index.js';
import type { VirtualFiles } from './analyze.js';

const EXT = /\.(tf|tfvars|json|ya?ml|template)$/i;
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const READ_CONCURRENCY = 32;

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile() && EXT.test(e.name)) out.push(p);
  }
}

/**
 * Each file's text, or its size when over the limit. Up to READ_CONCURRENCY reads are in flight: one at a time left
 * the thread waiting on every stat/read (about half the load time of 10,000 files); unbounded could hit EMFILE.
 */
async function readLimited(list: string[]): Promise<Array<string | number>> {
  const out: Array<string | number> = new Array(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < list.length; i = next++) {
      const size = (await stat(list[i])).size;
      out[i] = size > MAX_FILE_BYTES ? size : await readFile(list[i], 'utf8');
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, list.length) }, worker));
  return out;
}

/** Reads every input; file names in the result are as the user would write them (`infra/main.tf`). */
export async function readIacInputs(paths: string[], errors: string[] = []): Promise<VirtualFiles> {
  const files: VirtualFiles = new Map();
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new BulwarkError('INPUT_NOT_FOUND', `no such file or directory: ${p}`);
    }
    const list: string[] = [];
    if (st.isDirectory()) await walk(p, list);
    else list.push(p);
    const texts = await readLimited(list);
    list.forEach((f, i) => {
      const name = relative(process.cwd(), f).split(sep).join('/') || f;
      const text = texts[i];
      if (typeof text === 'number') errors.push(`${name}: ${text} bytes is over the ${MAX_FILE_BYTES}-byte limit; skipped`);
      else files.set(name.startsWith('..') ? f.split(sep).join('/') : name, text);
    });
  }
  return files;
}
