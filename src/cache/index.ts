/**
 * Content-addressed JSON cache on disk (~/.cache/bulwark): one file per key, written atomically
 * (temp file + rename) so concurrent scans never read half a file. Nothing is written outside `dir`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BulwarkError } from '../core/index.js';

/** `$BULWARK_CACHE_DIR`, else `$XDG_CACHE_HOME/bulwark`, else `~/.cache/bulwark`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BULWARK_CACHE_DIR) return env.BULWARK_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'bulwark');
}

/** sha256 over the parts, each length-prefixed so ('ab','c') and ('a','bc') differ. */
export function cacheKey(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${Buffer.byteLength(p)}:${p};`);
  return h.digest('hex');
}

export class JsonCache {
  private readonly dir: string;

  /** `namespace` separates kinds of entries (and format versions) under one cache root. */
  constructor(readonly root: string, namespace: string) {
    this.dir = join(root, namespace);
  }

  private file(key: string): string {
    if (!/^[a-f0-9]{64}$/.test(key)) throw new BulwarkError('INTERNAL', `bad cache key ${key}`);
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** Undefined on a miss or an unreadable entry (a corrupt entry is a miss, not a failure). */
  get<T>(key: string): T | undefined {
    const f = this.file(key);
    if (!existsSync(f)) return undefined;
    try {
      return JSON.parse(readFileSync(f, 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  put(key: string, value: unknown): void {
    const f = this.file(key);
    mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
    const tmp = `${f}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(value));
      renameSync(tmp, f);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw new BulwarkError('INTERNAL', `cannot write cache entry in ${this.dir}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/** Removes everything bulwark cached under `root` (the directory itself stays). Returns whether anything was there. */
export function cleanCache(root: string, namespaces: readonly string[] = ['layers']): boolean {
  let found = false;
  for (const ns of namespaces) {
    const d = join(root, ns);
    if (existsSync(d)) {
      found = true;
      rmSync(d, { recursive: true, force: true });
    }
  }
  return found;
}
