/**
 * pylock.toml (PEP 751, lock-version 1.x): `[[packages]]` with name and version; VCS, directory and
 * archive entries without a version are skipped. A package whose `marker` selects only dependency
 * groups outside `default-groups` (`'dev' in dependency_groups`) is installed only on request: dev.
 */
import type * as SmolTomlModule from 'smol-toml';
import { lazy, BulwarkError } from '../../core/index.js';
import type { PyLockEntry } from './toml-locks.js';

const toml = lazy<typeof SmolTomlModule>('smol-toml');

interface Doc { 'lock-version'?: unknown; 'default-groups'?: unknown; packages?: unknown }
interface Pkg { name?: unknown; version?: unknown; marker?: unknown; dependencies?: unknown }

function isDevOnly(marker: unknown, defaults: ReadonlySet<string>): boolean {
  if (typeof marker !== 'string') return false;
  const groups = [...marker.matchAll(/['"]([^'"]+)['"]\s+in\s+dependency_groups/g)].map((m) => m[1]!);
  return groups.length > 0 && !/\bextras\b/.test(marker) && groups.every((g) => !defaults.has(g));
}

export function parsePylock(text: string): PyLockEntry[] {
  const doc = toml().parse(text) as Doc;
  if (typeof doc['lock-version'] !== 'string' || !doc['lock-version'].startsWith('1.')) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `pylock.toml lock-version ${JSON.stringify(doc['lock-version'] ?? null)} is not 1.x`);
  }
  if (!Array.isArray(doc.packages)) throw new BulwarkError('MALFORMED_DOCUMENT', 'pylock.toml without [[packages]]');
  const defaults = new Set(Array.isArray(doc['default-groups']) ? doc['default-groups'].filter((g): g is string => typeof g === 'string') : []);
  return (doc.packages as Pkg[]).flatMap((p) => {
    if (typeof p?.name !== 'string' || typeof p.version !== 'string') return [];
    const deps = Array.isArray(p.dependencies) ? p.dependencies.flatMap((d: { name?: unknown }) => (typeof d?.name === 'string' ? [d.name] : [])) : [];
    return [{ name: p.name, version: p.version, dev: isDevOnly(p.marker, defaults), deps }];
  });
}
