/**
 * A small typed reader for YAML documents: every accessor checks the shape and fails with
 * CONFIG_INVALID naming the file and the dotted path of the bad key (`licenses.forbidden: expected a list`).
 * Keys are compared in one alias scheme: `fail-on`, `fail_on` and `failOn` are the same key.
 */
import { BulwarkError } from '../core/index.js';

/** `ignore-unfixed` / `ignore_unfixed` / `ignoreUnfixed` → `ignoreUnfixed`. */
export function configKey(name: string): string {
  return name.replace(/[-_]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export class ConfigReader {
  constructor(readonly file: string) {}

  fail(path: string, message: string): BulwarkError {
    return new BulwarkError('CONFIG_INVALID', `${this.file}: ${path ? `${path}: ` : ''}${message}`);
  }

  /** A mapping with its keys in camelCase; two spellings of one key are an error, not a silent pick. */
  mapping(value: unknown, path: string): Map<string, unknown> {
    if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) throw this.fail(path, 'expected a mapping');
    const out = new Map<string, unknown>();
    const spelled = new Map<string, string>();
    for (const [raw, v] of Object.entries(value)) {
      const key = configKey(raw);
      const before = spelled.get(key);
      if (before !== undefined) throw this.fail(join(path, raw), `same key as "${before}"`);
      spelled.set(key, raw);
      out.set(key, v);
    }
    return out;
  }

  /** A mapping that may hold only `known` keys (typos are errors, with a suggestion). */
  fields(value: unknown, path: string, known: readonly string[]): Map<string, unknown> {
    const m = this.mapping(value, path);
    for (const key of m.keys()) {
      if (!known.includes(key)) throw this.fail(join(path, key), `unknown key${suggest(key, known)} (known: ${known.join(', ')})`);
    }
    return m;
  }

  string(value: unknown, path: string): string {
    if (typeof value === 'string') return value;
    // YAML reads `1.0` or `2026-01-01` as non-strings; a scalar the user meant as text is still text.
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw this.fail(path, 'expected a string');
  }

  number(value: unknown, path: string): number {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    throw this.fail(path, 'expected a number');
  }

  oneOf<const T extends string>(value: unknown, path: string, choices: readonly T[]): T {
    const s = this.string(value, path);
    if (!(choices as readonly string[]).includes(s)) throw this.fail(path, `expected one of ${choices.join(', ')}, got "${s}"`);
    return s as T;
  }

  /** A YAML list; a scalar is refused (never split into characters or guessed to be one item). */
  list<T>(value: unknown, path: string, item: (v: unknown, path: string) => T): T[] {
    if (!Array.isArray(value)) throw this.fail(path, `expected a list${typeof value === 'string' ? ` (write [${value}])` : ''}`);
    return value.map((v, i) => item(v, `${path}[${i}]`));
  }

  strings(value: unknown, path: string): string[] {
    return this.list(value, path, (v, p) => this.string(v, p));
  }
}

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** ` (did you mean "x"?)` for a close known name, else empty. */
export function suggest(name: string, known: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) { best = k; bestDistance = d; }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
