/** Secrets in every file of every layer (deleted ones included: the inventory keeps their results). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BulwarkError } from '../../core/index.js';
import type { SecretsConfig } from '../../config/index.js';
import { defineAnalyzer, type AnalyzerConfig } from '../contract.js';
import { SecretScanner } from './engine.js';
import { builtinRuleSet, ruleSetFor } from './load-rules.js';

/** Files above this are skipped: secrets live in config and source files, not in multi-MB blobs. */
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

export const secretsAnalyzer = defineAnalyzer({
  id: 'secrets',
  // 2: credentials-in-URL rule, inline ignores in fs mode.
  version: 2,
  group: 'secret',
  maxBytes: SECRET_MAX_BYTES,
  matches: (path, meta) => meta.type === 'file' && meta.size > 0 && meta.size <= SECRET_MAX_BYTES && !SKIP_EXT.test(path) && !SKIP_DIRS.test(path),
  analyze(file, opts) {
    if (!file.content) return undefined;
    const secrets = scannerFor(opts.config?.secrets).scan(file.content, file.path, { inlineIgnore: opts.mode === 'fs' });
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
