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
import { isIsoDate, type IgnoreEntryConfig } from '../../config/index.js';

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
        if (!isIsoDate(d)) throw new BulwarkError('CONFIG_INVALID', `${file}:${i + 1}: bad expiry date "${d}" (want exp:YYYY-MM-DD)`);
        rule.expires = d;
      } else if (tok.startsWith('pkg:')) rule.purls.push(tok);
      else if (tok.startsWith('path:')) rule.paths.push(tok.slice(5));
      else throw new BulwarkError('CONFIG_INVALID', `${file}:${i + 1}: unknown token "${tok}" (use exp:, pkg: or path:)`);
    }
    rules.push(rule);
  }
  return rules;
}

/** `ignore:` in bulwark.yaml (checked by config/) → rules naming their entry for messages. */
export function rulesFromConfig(entries: readonly IgnoreEntryConfig[] | undefined, file = 'bulwark.yaml'): IgnoreRule[] {
  return (entries ?? []).map((e, i): IgnoreRule => ({
    id: e.id, purls: [...e.purls], paths: [...e.paths], source: 'bulwark.yaml', origin: `${file}: ignore[${i}]`,
    ...(e.expires ? { expires: e.expires } : {}), ...(e.reason !== undefined ? { reason: e.reason } : {}),
  }));
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
