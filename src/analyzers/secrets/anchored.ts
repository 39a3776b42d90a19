/**
 * Fast path for gitleaks' identifier-prefix idiom `[\w.-]{0,50}?(?:keyword…)…` (96 of its rules, the
 * generic API-key rule among them). Run as written, V8 tries the lazy 50-character prefix at every
 * position of the window, which made these rules most of the scan time. The keyword always follows the
 * prefix, so a sticky regex without the prefix is tried exactly at each keyword occurrence; only when it
 * matches is the original regex run on a small window, so the match (which allowlists inspect, prefix
 * included) is exactly what the full regex yields.
 */
import type { SecretRule } from './rule.js';
import { shapeOf } from './regex-shape.js';

const IDIOM = /^\[(?:\\.|[^\]\\])+\]\{0,(\d+)\}\??(?=\(\?:)/;

export interface Anchored {
  /** Sticky regex without the prefix. */
  sticky: RegExp;
  /** The rule's own regex, global: re-run from just before a sticky hit. */
  full: RegExp;
  /** Longest prefix the original allows before the keyword, and most line feeds in it. */
  prefixMax: number;
  prefixNewlines: number;
  /** Distinct keyword lengths: where a keyword that ends at `e` may start. */
  keywordLengths: number[];
}

/** Characters that end a literal run in a regex source. */
const META = new Set(['[', '(', ')', '|', '.', '*', '+', '?', '{', '^', '$']);

/**
 * The literal every alternative of a match starts with, after an optional `\b` and one opening group:
 * `\b((?:hvs\.…|s\.…))` → ["hvs.", "s."]. Undefined when the source does not have that shape (a
 * top-level `|`, an optional group, a class or group first…): such rules are not treated as led.
 */
export function leadingLiterals(source: string): string[] | undefined {
  let i = source.startsWith('\\b') ? 2 : 0;
  let open = 0;
  while (source[i] === '(') {
    if (source.startsWith('(?:', i)) i += 3;
    else if (source[i + 1] === '?') return undefined;
    else i += 1;
    open++;
  }
  // A top-level `|` lets a match start with anything its other branch starts with.
  if (splitAlternatives(source, 0).alts.length > 1) return undefined;
  const split = splitAlternatives(source, i);
  // An optional leading group (`(…)?`, `(…)*`, `(…){0,n}`) may match nothing: then nothing leads.
  if (open > 0 && /^\)*(?:[?*]|\{0)/.test(source.slice(split.end + 1))) return undefined;
  const lits = split.alts.map(literalPrefix);
  return lits.every((a) => a.length > 0) ? lits : undefined;
}

/** Index just past a `[...]` class that starts at `i`. */
function skipClass(source: string, i: number): number {
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i;
}

/** The `|`-separated alternatives from `i` up to the `)` that closes the enclosing group (or the end). */
function splitAlternatives(source: string, i: number): { alts: string[]; end: number } {
  const alts: string[] = [];
  let depth = 0;
  let from = i;
  for (; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = skipClass(source, i);
    else if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) break;
    else if (c === '|' && depth === 0) {
      alts.push(source.slice(from, i));
      from = i + 1;
    }
  }
  alts.push(source.slice(from, i));
  return { alts, end: i };
}

/** The literal an alternative starts with (`hvs\.[\w-]{90}` → "hvs."); a quantified last character is dropped. */
function literalPrefix(alt: string): string {
  let lit = '';
  for (let i = 0; i < alt.length; i++) {
    const c = alt[i];
    if (c === '\\' && /[^\w\s]/.test(alt[i + 1] ?? 'a')) {
      lit += alt[++i];
      continue;
    }
    if (c === '?' || c === '*' || c === '{') return lit.slice(0, -1);
    if (c === '\\' || META.has(c)) return lit;
    lit += c;
  }
  return lit;
}

/** Every match starts with one of the rule's keywords (so it can only start where a keyword starts). */
function keywordLed(rule: SecretRule, r: RegExp): boolean {
  const lits = leadingLiterals(r.source);
  return !!lits && lits.every((l) => rule.keywords.some((k) => l.toLowerCase().startsWith(k)));
}

/**
 * How rule's regex can be anchored at keyword hits: the sticky test tried where a keyword starts and
 * how far before the keyword a match may begin. Undefined: the rule runs in keyword windows instead.
 */
function anchorOf(rule: SecretRule, r: RegExp): { sticky: RegExp; prefixMax: number; prefixNewlines: number } | undefined {
  const sticky = (source: string) => new RegExp(source, r.flags.replace('g', '') + 'y');
  // Declared by the rule: a keyword starts at most this many characters into every match, and
  // `keywordSticky` (tested where the keyword starts) holds wherever a match covers it.
  if (rule.keywordWithin !== undefined && rule.keywordSticky) return { sticky: rule.keywordSticky, prefixMax: rule.keywordWithin, prefixNewlines: shapeOf(r).maxNewlines };
  const m = IDIOM.exec(r.source);
  if (m) return { sticky: sticky(r.source.slice(m[0].length)), prefixMax: Number(m[1]), prefixNewlines: shapeOf(new RegExp(m[0], r.flags)).maxNewlines };
  return keywordLed(rule, r) ? { sticky: sticky(r.source), prefixMax: 0, prefixNewlines: 0 } : undefined;
}

export function anchoredFor(rule: SecretRule): Anchored | undefined {
  const r = rule.regex;
  if (!r || !rule.keywords.length) return undefined;
  const anchor = anchorOf(rule, r);
  if (!anchor) return undefined;
  return {
    ...anchor,
    full: new RegExp(r.source, r.flags.includes('g') ? r.flags : `${r.flags}g`),
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
