/** Config file → env → flags. This module loads and checks bulwark.yaml; the CLI applies env and flags over it. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as YamlModule from 'yaml';
import { BulwarkError, lazy } from '../core/index.js';
import { parseConfig, type BulwarkConfig } from './schema.js';

const yaml = lazy<typeof YamlModule>('yaml');

export * from './schema.js';
export { configKey, suggest } from './read.js';

export const DEFAULT_CONFIG_FILES = ['bulwark.yaml', 'bulwark.yml', '.bulwark.yaml'];

/** No file: no policies, no flag defaults. */
export function emptyConfig(): BulwarkConfig {
  return { flags: {}, commands: {} };
}

/** Loads the config file given, or the first default one in `cwd`; missing default files give the empty config. */
export function loadConfig(explicitPath: string | undefined, cwd = process.cwd()): BulwarkConfig {
  const candidates = explicitPath ? [resolve(cwd, explicitPath)] : DEFAULT_CONFIG_FILES.map((f) => resolve(cwd, f));
  for (const path of candidates) {
    if (!existsSync(path)) {
      if (explicitPath) throw new BulwarkError('CONFIG_INVALID', `config file not found: ${explicitPath}`);
      continue;
    }
    let doc: unknown;
    try {
      doc = yaml().parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 });
    } catch (err) {
      throw new BulwarkError('CONFIG_INVALID', `${path}: invalid YAML: ${(err as Error).message.split('\n')[0]}`, { cause: err });
    }
    if (doc !== null && doc !== undefined && (typeof doc !== 'object' || Array.isArray(doc))) {
      throw new BulwarkError('CONFIG_INVALID', `${path}: expected a mapping at the top level`);
    }
    return { ...parseConfig(doc, path), path };
  }
  return emptyConfig();
}
