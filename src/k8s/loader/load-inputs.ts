/** Paths, directories (recursive), kustomize overlays and stdin → parsed objects plus per-input errors. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BulwarkError, pushAll } from '../../core/index.js';
import type { K8sObject } from '../model/object.js';
import { parseManifests, type ParseOptions } from './parse-manifests.js';
import { SourceLines } from './source-lines.js';

export interface LoadOptions extends ParseOptions {
  /** Text to read for `-` (tests); defaults to process.stdin. */
  stdin?: () => Promise<string>;
  /** Largest single input file in bytes. */
  maxFileBytes?: number;
  /** kubectl binary for kustomize overlays. */
  kubectl?: string;
}

export interface LoadedInputs {
  objects: K8sObject[];
  errors: string[];
  sources: SourceLines;
  files: number;
  documents: number;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
const KUSTOMIZATION = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function kustomize(dir: string, kubectl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(kubectl, ['kustomize', dir], { maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'ENOENT') reject(new Error(`kustomize overlay ${dir} needs kubectl on PATH (not found)`));
        else reject(new Error(`kubectl kustomize ${dir} failed: ${String(stderr).split('\n')[0] || e.message}`));
      } else resolve(stdout);
    });
  });
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) pushAll(out, await expandDir(p));
    else if (e.isFile() && MANIFEST_EXT.test(e.name)) out.push(p);
  }
}

/** A directory with a kustomization is one overlay (marked `kustomize:`); otherwise its manifest files. */
async function expandDir(dir: string): Promise<string[]> {
  if (KUSTOMIZATION.some((k) => existsSync(join(dir, k)))) return [`kustomize:${dir}`];
  const out: string[] = [];
  await walk(dir, out);
  return out;
}

export async function loadInputs(paths: string[], opts: LoadOptions = {}): Promise<LoadedInputs> {
  const result: LoadedInputs = { objects: [], errors: [], sources: new SourceLines(), files: 0, documents: 0 };
  const maxBytes = opts.maxFileBytes ?? 256 * 1024 * 1024;
  const inputs: string[] = [];
  for (const p of paths) {
    if (p === '-') { inputs.push('-'); continue; }
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new BulwarkError('INPUT_NOT_FOUND', `no such file or directory: ${p}`);
    }
    if (st.isDirectory()) pushAll(inputs, await expandDir(p));
    else inputs.push(p);
  }
  for (const input of inputs) {
    let text: string;
    let name = input;
    try {
      if (input === '-') {
        name = '<stdin>';
        text = await (opts.stdin ?? readStdin)();
      } else if (input.startsWith('kustomize:')) {
        name = input.slice('kustomize:'.length);
        text = await kustomize(name, opts.kubectl ?? 'kubectl');
      } else {
        const st = await stat(input);
        if (st.size > maxBytes) {
          result.errors.push(`${input}: ${st.size} bytes is over the ${maxBytes}-byte limit; skipped`);
          continue;
        }
        text = await readFile(input, 'utf8');
      }
    } catch (err) {
      result.errors.push(`${name}: ${(err as Error).message}`);
      continue;
    }
    result.files++;
    const parsed = parseManifests(text, name, opts);
    result.sources.add(name, text);
    for (const o of parsed.objects) result.objects.push(o);
    pushAll(result.errors, parsed.errors);
    result.documents += parsed.documents;
  }
  return result;
}
