/** Pipfile.lock (JSON, `default` and `develop`) and pinned requirements files (`name==version` only). */
import { BulwarkError } from '../../core/index.js';
import type { PyLockEntry } from './toml-locks.js';

export function parsePipfileLock(text: string): PyLockEntry[] {
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (!doc || typeof doc !== 'object' || (!doc.default && !doc.develop)) throw new BulwarkError('MALFORMED_DOCUMENT', 'Pipfile.lock without default/develop sections');
  const out: PyLockEntry[] = [];
  for (const [section, dev] of [['default', false], ['develop', true]] as const) {
    const deps = doc[section];
    if (!deps || typeof deps !== 'object') continue;
    for (const [name, e] of Object.entries(deps as Record<string, { version?: unknown }>)) {
      const v = typeof e?.version === 'string' ? /^===?\s*(\S+)$/.exec(e.version)?.[1] : undefined;
      if (v) out.push({ name, version: v, dev, deps: [] });
    }
  }
  return out;
}

const PINNED = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==\s*([A-Za-z0-9][A-Za-z0-9.!+_-]*)\s*(?:;.*)?$/;

/**
 * Only exact pins are packages: ranges, URLs, `-r`/`-e` options and wildcard pins (`==1.*`) say
 * nothing certain about what gets installed. Line continuations and `--hash` options are handled.
 */
export function parseRequirements(text: string): PyLockEntry[] {
  const out: PyLockEntry[] = [];
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').replace(/\s--hash[= ]\S+/g, '').trim();
    if (!line || line.startsWith('-')) continue;
    const m = PINNED.exec(line);
    if (m && !m[2].includes('*')) out.push({ name: m[1], version: m[2], dev: false, deps: [] });
  }
  return out;
}
