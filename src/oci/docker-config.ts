/**
 * Credentials from Docker's config.json, in Docker's order: the registry's `credHelpers` entry, else
 * `credsStore`, run as `docker-credential-NAME get` (credential-helper.ts); else `auths` (base64 `auth`,
 * username/password, or an `identitytoken`, an OAuth2 refresh token). A helper that holds nothing for
 * the registry falls back to `auths`; one that is not installed is reported (a hint on 401), not fatal,
 * since public images need no credentials.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BulwarkError } from '../core/index.js';
import { DOCKER_HUB } from './reference.js';
import { runCredentialHelper } from './credential-helper.js';
import type { Credentials } from './credentials.js';

export type { Credentials } from './credentials.js';

export interface DockerConfigLookup {
  credentials?: Credentials;
  /** The credential helper config.json names for this registry. */
  helper?: string;
  /** Set when that helper's program is not on PATH. */
  helperMissing?: string;
  /** The file that was read, when one existed. */
  path?: string;
}

interface AuthEntry { auth?: string; username?: string; password?: string; identitytoken?: string }
interface DockerConfigFile { auths?: Record<string, AuthEntry>; credHelpers?: Record<string, string>; credsStore?: string }

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

/** Keys config.json may use for a registry (Docker writes Hub as `https://index.docker.io/v1/`). */
function candidateKeys(registry: string): string[] {
  const keys = [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
  if (registry === DOCKER_HUB) keys.unshift('https://index.docker.io/v1/', 'index.docker.io', 'registry-1.docker.io');
  return keys;
}

/** The key in `auths` normalised to a bare host (`https://host/v1/` → `host`). */
function hostOfKey(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

function decodeEntry(entry: AuthEntry, path: string, key: string): Credentials | undefined {
  if (entry.identitytoken) {
    const user = entry.auth ? Buffer.from(entry.auth, 'base64').toString('utf8').split(':', 1)[0] : entry.username;
    return { username: user || '<token>', password: '', identityToken: entry.identitytoken };
  }
  if (entry.auth) {
    const text = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon < 1) throw new BulwarkError('CONFIG_INVALID', `${path}: the "auth" value for ${key} is not base64 of user:password`);
    return { username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

function readConfig(path: string, explicit: boolean): DockerConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BulwarkError(explicit ? 'INPUT_NOT_FOUND' : 'CONFIG_INVALID', `cannot read docker config ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e });
  }
  try {
    const doc = JSON.parse(text) as unknown;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not an object');
    return doc as DockerConfigFile;
  } catch (e) {
    throw new BulwarkError('CONFIG_INVALID', `docker config ${path} is not valid JSON`, { cause: e });
  }
}

/**
 * Looks up credentials for `registry` (as the user names it: `docker.io`, `host:port`).
 * `path` given → that file must exist; otherwise the default location may be absent.
 */
export function lookupDockerCredentials(registry: string, path?: string, env: NodeJS.ProcessEnv = process.env, helperTimeoutMs?: number): DockerConfigLookup {
  const file = path ?? defaultDockerConfigPath(env);
  const cfg = readConfig(file, path !== undefined);
  if (!cfg) return {};
  const keys = candidateKeys(registry);
  const helperKey = keys.find((k) => cfg.credHelpers?.[k]);
  const helper = helperKey ? cfg.credHelpers?.[helperKey] : cfg.credsStore;
  let helperMissing: string | undefined;
  if (helper) {
    // Docker stores Hub under its v1 URL and other registries under the bare host.
    const server = registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : helperKey ?? registry;
    const r = runCredentialHelper(helper, server, { env, ...(helperTimeoutMs ? { timeoutMs: helperTimeoutMs } : {}) });
    if (r.kind === 'found') return { credentials: r.credentials, path: file, helper };
    if (r.kind === 'not-installed') helperMissing = r.program;
  }
  const auths = cfg.auths ?? {};
  let entryKey = keys.find((k) => auths[k] !== undefined);
  entryKey ??= Object.keys(auths).find((k) => hostOfKey(k) === registry);
  const credentials = entryKey ? decodeEntry(auths[entryKey], file, entryKey) : undefined;
  return { path: file, ...(credentials ? { credentials } : {}), ...(helper ? { helper } : {}), ...(helperMissing ? { helperMissing } : {}) };
}
