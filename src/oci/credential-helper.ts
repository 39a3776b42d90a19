/**
 * Docker credential helpers (`credHelpers` / `credsStore` in config.json): `docker-credential-NAME get`
 * reads the server URL on stdin and prints `{"ServerURL","Username","Secret"}`; a `<token>` username
 * means Secret is an identity (OAuth2 refresh) token. The helper's output is never logged or put into
 * messages: it carries the secret.
 */
import { spawnSync } from 'node:child_process';
import { BulwarkError, redactText } from '../core/index.js';
import type { Credentials } from './credentials.js';

/** Helpers talk to keychains or cloud CLIs; a hung one must not hang the scan. */
const HELPER_TIMEOUT_MS = 20_000;

type HelperResult =
  | { kind: 'found'; credentials: Credentials }
  | { kind: 'not-found' }
  | { kind: 'not-installed'; program: string };

interface HelperOutput { Username?: unknown; Secret?: unknown }

/** What Docker's helpers print when they hold nothing for the server (docker-credential-helpers' ErrCredentialsNotFound). */
const NOT_FOUND = /credentials not found/i;

export function runCredentialHelper(name: string, serverUrl: string, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): HelperResult {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new BulwarkError('CONFIG_INVALID', `docker config: invalid credential helper name "${name}"`);
  const program = `docker-credential-${name}`;
  const r = spawnSync(program, ['get'], {
    input: serverUrl, encoding: 'utf8', timeout: opts.timeoutMs ?? HELPER_TIMEOUT_MS, killSignal: 'SIGKILL',
    env: opts.env ?? process.env, maxBuffer: 1 << 20, stdio: ['pipe', 'pipe', 'pipe'],
  });
  const fail = (why: string) => new BulwarkError('AUTH_FAILED', `credential helper ${program} for ${serverUrl}: ${why}`);
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'not-installed', program };
    if (code === 'ETIMEDOUT') throw fail(`no answer within ${(opts.timeoutMs ?? HELPER_TIMEOUT_MS) / 1000} s`);
    throw fail(code ?? r.error.message);
  }
  if (r.status !== 0) {
    // Helpers print "credentials not found" on stdout; stdout is otherwise never shown (it may hold the secret).
    if (NOT_FOUND.test(r.stdout) || NOT_FOUND.test(r.stderr)) return { kind: 'not-found' };
    const line = r.stderr.trim().split('\n')[0]?.slice(0, 200);
    throw fail(`exited with ${r.status ?? r.signal}${line ? `: ${redactText(line)}` : ''}`);
  }
  let out: HelperOutput;
  try {
    out = JSON.parse(r.stdout) as HelperOutput;
  } catch {
    throw fail('did not print JSON');
  }
  if (typeof out?.Username !== 'string' || typeof out.Secret !== 'string') throw fail('printed no Username/Secret');
  if (!out.Secret) return { kind: 'not-found' };
  const credentials: Credentials = out.Username === '<token>'
    ? { username: '<token>', password: '', identityToken: out.Secret }
    : { username: out.Username, password: out.Secret };
  return { kind: 'found', credentials };
}
