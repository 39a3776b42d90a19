/**
 * Fast path for gitleaks' identifier-prefix idiom `[\w.-]{0,50}?(?:keyword…)…` (96 of its rules, the
 * generic API-key rule among them). Run as written, V8 tries the lazy 50-character prefix at every
 * position of the window, which made these rules most of the scan time. The keyword always follows the
 * prefix, so a sticky regex without the prefix is tried exactly at each keyword occurrence; only when it
 * matches is the original regex run on a small window, so the match (which allowlists inspect, prefix
 * included) is exactly what the full regex yields.
 */
import type { SecretRule } from './rule.js';

const IDIOM = /^\[(?:\\.|[^\]\\])+\]\{0,(\d+)\}\??(?=\(\?:)/;

export interface Anchored {
  /** Sticky regex without the prefix. */
  sticky: RegExp;
  /** The rule's own regex, global: re-run from just before a sticky hit. */
  full: RegExp;
  /** Longest prefix the original allows before the keyword. */
  prefixMax: number;
  /** Distinct keyword lengths: where a keyword that ends at `e` may start. */
  keywordLengths: number[];
}

export function anchoredFor(rule: SecretRule): Anchored | undefined {
  const r = rule.regex;
  if (!r || !rule.keywords.length) return undefined;
  const m = IDIOM.exec(r.source);
  if (!m) return undefined;
  return {
    sticky: new RegExp(r.source.slice(m[0].length), r.flags.replace('g', '') + 'y'),
    full: new RegExp(r.source, r.flags.includes('g') ? r.flags : `${r.flags}g`),
    prefixMax: Number(m[1]),
    keywordLengths: [...new Set(rule.keywords.map((k) => Buffer.byteLength(k, 'latin1')))],
  };
}

/** Full-regex matches that contain a keyword occurrence ending at one of `hitEnds`. */
export function* anchoredMatches(text: string, a: Anchored, hitEnds: readonly number[]): Generator<RegExpExecArray> {
  const { full } = a;
  let consumed = 0;
  for (const end of hitEnds) {
    for (const len of a.keywordLengths) {
      const start = end - len;
      if (start < consumed) continue;
      a.sticky.lastIndex = start;
      if (!a.sticky.test(text)) continue;
      // The real match begins at most prefixMax characters before the keyword.
      full.lastIndex = Math.max(consumed, start - a.prefixMax);
      for (let m = full.exec(text); m; m = full.exec(text)) {
        if (m.index > start) break;
        if (m.index + m[0].length > start) {
          consumed = m.index + m[0].length;
          yield m;
          break;
        }
        if (m[0].length === 0) full.lastIndex++;
      }
    }
  }
}
