/**
 * Where an npm-family lockfile entry comes from, from the specifier or resolution the lockfile records:
 * the registry (no mark), a workspace member, a local path, a git repository, a patch or a tarball
 * URL. A tarball URL of the registry's own layout (`…/<name>/-/<name>-<version>.tgz`) is the registry
 * package itself (pnpm records it that way too).
 */
import type { NonRegistry } from '../../core/index.js';

const GIT = /^(?:git\+|git:|git@|github:|gitlab:|bitbucket:|gist:)|\.git(?:#|$)|#commit=/;

/** `https://registry.example/is-odd/-/is-odd-3.0.1.tgz` for is-odd@3.0.1. */
function registryTarball(url: string, name: string, version: string): boolean {
  const base = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  const end = url.search(/[?#]|$/);
  const tail = `/${name}/-/${base}-${version}.tgz`;
  return url.startsWith(tail, end - tail.length);
}

/**
 * `range` is the part after `name@` of a specifier or resolution (`npm:1.0.0`, `file:./lib`,
 * `workspace:packages/a`, `patch:…`, `git+ssh://…`, `https://…tgz`); `resolved` is yarn v1's resolved
 * URL when there is one. Undefined means the registry.
 */
export function npmOrigin(name: string, version: string, range: string, resolved?: string): NonRegistry | undefined {
  if (range.startsWith('npm:')) return undefined;
  if (range.startsWith('workspace:')) return { kind: 'workspace', ref: range.slice(10) };
  if (/^(?:file|link|portal):/.test(range)) return { kind: 'local', ref: range.split('::')[0].split('#')[0] };
  if (range.startsWith('patch:')) return { kind: 'patch', ref: decodeURIComponent(range.slice(6).split('::')[0]) };
  if (GIT.test(range) || (resolved !== undefined && GIT.test(resolved))) return { kind: 'git', ref: resolved && GIT.test(resolved) ? resolved : range };
  if (/^https?:\/\//.test(range)) return registryTarball(range, name, version) ? undefined : { kind: 'url', ref: range };
  return undefined;
}
