/**
 * A dependency loaded on first use, through its CommonJS build (synchronous, so callers stay
 * synchronous). Importing every parser up front cost ~140 ms of each run's start-up (yaml, semver,
 * packageurl-js, spdx, fzstd, pep440, smol-toml), most of it for files a scan never meets.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazy<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= require(id) as T);
}
