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

const REQ = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/;
const SPEC = /^(===?|~=|!=|<=|>=|<|>)\s*([A-Za-z0-9.*!+_-]+)$/;

/**
 * One requirement line (options, URLs and editables already excluded). `==x`/`===x` without a
 * wildcard is a pin; any other specifier set (`>=2`, `~=1.4`, `==2.*`, `<3,>=2`) or none is an unpinned
 * package carrying the constraint, so it is listed (and its license found) but never matched.
 */
function requirement(line: string): PyLockEntry | undefined {
  const m = REQ.exec(line.replace(/;.*$/, '').trim());
  if (!m) return undefined;
  const specs = m[2].split(',').map((x) => x.trim()).filter(Boolean);
  const parsed = specs.map((x) => SPEC.exec(x));
  if (parsed.some((p) => !p)) return undefined;
  const pin = parsed.length === 1 && (parsed[0]![1] === '==' || parsed[0]![1] === '===') && !parsed[0]![2].includes('*') ? parsed[0]![2] : undefined;
  if (pin) return { name: m[1], version: pin, dev: false, deps: [] };
  return { name: m[1], version: '', dev: false, deps: [], constraint: parsed.map((p) => `${p![1]}${p![2]}`).join(',') };
}

/**
 * requirements*.txt: pins and constraint lines. Line continuations, `--hash` options and comments
 * (Trivy cuts at any `#`: a version never contains one, and `pkg==1.0#note` is common) are handled.
 */
export function parseRequirements(text: string): PyLockEntry[] {
  const out: PyLockEntry[] = [];
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').replace(/\s--hash[= ]\S+/g, '').trim();
    if (!line || line.startsWith('-') || /^[a-z+]+:\/\//i.test(line) || line.includes(' @ ')) continue;
    const r = requirement(line);
    if (r) out.push(r);
  }
  return out;
}
