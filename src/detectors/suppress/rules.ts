/**
 * Ignore rules from `.bulwarkignore` and the `ignore:` section of bulwark.yaml.
 *
 * .bulwarkignore, one rule a line, `#` starts a comment:
 *   CVE-2023-1234
 *   CVE-2023-5678 exp:2026-06-30                 # ignored until that day (inclusive)
 *   GHSA-xxxx-yyyy-zzzz pkg:npm/lodash            # only for that package (any version)
 *   CVE-2024-1 pkg:deb/debian/openssl@3.0.11-1    # only that version
 *   generic-api-key path:app/config/*.js          # secrets/misconfigs/licenses by file (glob)
 */
import { BulwarkError } from '../../core/index.js';

export interface IgnoreRule {
  id: string;
  /** Last day the rule applies (YYYY-MM-DD, inclusive). */
  expires?: string;
  purls: string[];
  paths: string[];
  reason?: string;
  /** '.bulwarkignore' | 'bulwark.yaml' (for the report's suppressed[].source). */
  source: string;
  /** `file:line` for messages. */
  origin: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(d: string): boolean {
  return DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
}

export function parseIgnoreFile(text: string, file = '.bulwarkignore'): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [id, ...rest] = line.split(/\s+/) as [string, ...string[]];
    const rule: IgnoreRule = { id, purls: [], paths: [], source: '.bulwarkignore', origin: `${file}:${i + 1}` };
    for (const tok of rest) {
      if (tok.startsWith('exp:')) {
        const d = tok.slice(4);
        if (!validDate(d)) throw new BulwarkError('CONFIG_INVALID', `${file}:${i + 1}: bad expiry date "${d}" (want exp:YYYY-MM-DD)`);
        rule.expires = d;
      } else if (tok.startsWith('pkg:')) rule.purls.push(tok);
      else if (tok.startsWith('path:')) rule.paths.push(tok.slice(5));
      else throw new BulwarkError('CONFIG_INVALID', `${file}:${i + 1}: unknown token "${tok}" (use exp:, pkg: or path:)`);
    }
    rules.push(rule);
  }
  return rules;
}

const strList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** `ignore:` in bulwark.yaml: a list of ids, or of `{ id, expires, purl(s), path(s), reason }`. */
export function rulesFromConfig(config: Record<string, unknown> | undefined, file = 'bulwark.yaml'): IgnoreRule[] {
  const section = config?.ignore;
  if (section === undefined || section === null) return [];
  if (!Array.isArray(section)) throw new BulwarkError('CONFIG_INVALID', `${file}: "ignore" must be a list`);
  return section.map((entry, i): IgnoreRule => {
    const origin = `${file}: ignore[${i}]`;
    if (typeof entry === 'string') return { id: entry, purls: [], paths: [], source: 'bulwark.yaml', origin };
    if (!entry || typeof entry !== 'object' || typeof (entry as { id?: unknown }).id !== 'string') {
      throw new BulwarkError('CONFIG_INVALID', `${origin}: expected an id or a mapping with "id"`);
    }
    const e = entry as Record<string, unknown>;
    const rule: IgnoreRule = {
      id: e.id as string, purls: [...strList(e.purl), ...strList(e.purls)], paths: [...strList(e.path), ...strList(e.paths)],
      source: 'bulwark.yaml', origin,
    };
    const exp = e.expires ?? e.expiry ?? e.exp;
    if (exp !== undefined) {
      const d = exp instanceof Date ? exp.toISOString().slice(0, 10) : String(exp);
      if (!validDate(d)) throw new BulwarkError('CONFIG_INVALID', `${origin}: bad expiry date "${d}" (want YYYY-MM-DD)`);
      rule.expires = d;
    }
    if (typeof e.reason === 'string') rule.reason = e.reason;
    return rule;
  });
}

/** True when the rule is still in force on `now` (the expiry day itself included). */
export function isActive(rule: IgnoreRule, now: Date): boolean {
  return !rule.expires || now.toISOString().slice(0, 10) <= rule.expires;
}

/** purl scope: `pkg:npm/lodash` matches every version; with `@version` only that one; qualifiers ignored. */
export function purlMatches(scope: string, purl: string): boolean {
  const strip = (p: string): string => decodeURIComponent(p.split(/[?#]/)[0]!).toLowerCase();
  const s = strip(scope);
  const p = strip(purl);
  if (s.includes('@')) return p === s;
  const at = p.lastIndexOf('@');
  return (at > 4 ? p.slice(0, at) : p) === s;
}

/** Minimal glob: `*` within a segment, `**` across segments, `?` one character. */
export function globMatches(glob: string, path: string): boolean {
  const seg = (part: string): string => part.split('*').map((x) =>
    x.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\?/g, '[^/]')).join('[^/]*');
  // `**/` may match no directory at all: `app/**/x.env` matches `app/x.env`
  const re = glob.replace(/^\/+/, '').split('**/').map((p) => p.split('**').map(seg).join('.*')).join('(?:.*/)?');
  return new RegExp(`^${re}$`).test(path.replace(/^\/+/, ''));
}
