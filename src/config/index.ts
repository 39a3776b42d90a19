/** Config file → env → flags. This module loads bulwark.yaml; the CLI applies env and flags over it. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as YamlModule from 'yaml';
import { lazy } from '../core/lazy.js';

const yaml = lazy<typeof YamlModule>('yaml');
import { BulwarkError } from '../core/index.js';

export type BulwarkConfig = Record<string, unknown>;

export const DEFAULT_CONFIG_FILES = ['bulwark.yaml', 'bulwark.yml', '.bulwark.yaml'];

/** Loads the config file given, or the first default one in `cwd`; missing default files give {}. */
export function loadConfig(explicitPath: string | undefined, cwd = process.cwd()): { config: BulwarkConfig; path?: string } {
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
    if (doc === null || doc === undefined) return { config: {}, path };
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new BulwarkError('CONFIG_INVALID', `${path}: expected a mapping at the top level`);
    }
    return { config: doc as BulwarkConfig, path };
  }
  return { config: {} };
}

/** `ignore-unfixed` / `ignoreUnfixed` / `ignore_unfixed` all name one option. */
export function configKey(name: string): string {
  return name.replace(/[-_]+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Looks up an option by its camelCase name in a config section (or the top level). */
export function configValue(config: BulwarkConfig, name: string, section?: string): unknown {
  const scopes: unknown[] = section ? [config[section], config] : [config];
  for (const scope of scopes) {
    if (!scope || typeof scope !== 'object') continue;
    for (const [k, v] of Object.entries(scope as Record<string, unknown>)) {
      if (configKey(k) === name) return v;
    }
  }
  return undefined;
}
