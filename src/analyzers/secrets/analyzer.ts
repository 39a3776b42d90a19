/**
 * Secrets in every file of every layer (deleted ones included: the inventory keeps their results).
 * Files up to SECRET_MAX_BYTES are scanned whole; larger ones stream through overlapping windows
 * (`stream.ts`), so a 70 MB log or a 2 GB sparse file is scanned with one window of memory. Binary
 * files are scanned through their text runs. Skips (image and archive formats by extension, system
 * data directories, gitleaks' allowlisted paths) are named and reported.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BulwarkError } from '../../core/index.js';
import type { SecretsConfig } from '../../config/index.js';
import { defineAnalyzer, type AnalyzerConfig, type FileMeta } from '../contract.js';
import { SecretScanner } from './engine.js';
import { builtinRuleSet, ruleSetFor } from './load-rules.js';
import { SecretStream } from './stream.js';

/** Files up to this are read whole (one reused buffer in directory walks); larger ones stream. */
export const SECRET_MAX_BYTES = 5 * 1024 * 1024;

const SKIP_EXT = /\.(?:png|jpe?g|gif|bmp|ico|webp|tiff?|svgz|woff2?|ttf|otf|eot|mp[34]|avi|mov|ogg|wav|flac|zip|gz|tgz|bz2|xz|zst|7z|rar|jar|war|ear|class|pyc|pyo|so(?:\.\d+)*|a|o|dylib|dll|exe|bin|wasm|deb|rpm|apk|iso|img|db|sqlite|mo|pdf)$/i;
const SKIP_DIRS = /^(?:proc|sys|dev)\/|^usr\/share\/(?:locale|man|i18n|zoneinfo|mime|icons|fonts|terminfo)\/|^usr\/lib\/locale\//;

let defaultScanner: SecretScanner | undefined;
const configured = new WeakMap<object, SecretScanner>();

/** One scanner per `secrets:` section (rules compile once per scan, not once per file). */
export function scannerFor(cfg: SecretsConfig | undefined): SecretScanner {
  if (!cfg) return (defaultScanner ??= new SecretScanner(builtinRuleSet()));
  let s = configured.get(cfg);
  if (!s) {
    s = new SecretScanner(ruleSetFor(cfg));
    configured.set(cfg, s);
  }
  return s;
}

function skipReason(path: string, meta: FileMeta): string | undefined {
  if (meta.type !== 'file' || meta.size === 0) return undefined;
  if (SKIP_EXT.test(path)) return 'compressed, media or compiled format by extension';
  if (SKIP_DIRS.test(path)) return 'system data directory (locales, man pages, fonts…)';
  return undefined;
}

export const secretsAnalyzer = defineAnalyzer({
  id: 'secrets',
  // 3: binaries scanned through their text runs, big files streamed, pkcs12/gcp/square rules, exact-case parts of rules.
  version: 3,
  group: 'secret',
  maxBytes: SECRET_MAX_BYTES,
  matches: (path, meta) => meta.type === 'file' && meta.size > 0 && !SKIP_EXT.test(path) && !SKIP_DIRS.test(path),
  skipReason,
  streams: (meta) => meta.size > SECRET_MAX_BYTES,
  openStream: (file, opts) => new SecretStream(scannerFor(opts.config?.secrets), file.path, opts.mode === 'fs'),
  analyze(file, opts) {
    if (!file.content) return undefined;
    const scanner = scannerFor(opts.config?.secrets);
    if (scanner.skipsPath(file.path)) return { skipped: 'allowlisted path (global allowlist)' };
    const secrets = scanner.scan(file.content, file.path, { inlineIgnore: opts.mode === 'fs' });
    return secrets.length ? { secrets } : undefined;
  },
});

/**
 * The layer cache key part for the analyzer config: the sections themselves plus the contents of the
 * gitleaks files they name (editing such a file changes the rules as much as editing bulwark.yaml).
 */
export function analyzerConfigKey(config: AnalyzerConfig): string | undefined {
  if (!config.secrets) return undefined;
  const h = createHash('sha256').update(JSON.stringify(config.secrets));
  for (const file of config.secrets.gitleaksConfigs ?? []) {
    try {
      h.update('\0').update(readFileSync(file));
    } catch (err) {
      throw new BulwarkError('CONFIG_INVALID', `secrets.gitleaksConfigs: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
    }
  }
  return `config:${h.digest('hex')}`;
}
