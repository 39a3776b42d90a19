/**
 * A dependency loaded on first use, through its CommonJS build (synchronous, so callers stay
 * synchronous). Importing every parser up front cost ~140 ms of each run's start-up (yaml, semver,
 * packageurl-js, spdx, fzstd, pep440, smol-toml), most of it for files a scan never meets.
 */
import { createRequire } from 'node:module';
import type * as X509Module from '@peculiar/x509';

const require = createRequire(import.meta.url);

export function lazy<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= require(id) as T);
}

/**
 * @peculiar/x509 (~0.25 s of CPU to load with its ASN.1 schemas: every command paid it while Notation and
 * `admission certs` imported it statically), after the reflect-metadata polyfill its tsyringe needs.
 */
export const x509Lib: () => typeof X509Module = (() => {
  const load = lazy<typeof X509Module>('@peculiar/x509');
  return () => {
    require('reflect-metadata');
    return load();
  };
})();
