/**
 * Byte-level guards for keyword hits of anchored rules: cheap necessary conditions, checked on the raw
 * bytes before a file is turned into a string. A guard only rejects a hit where the rule's anchored
 * sticky regex provably cannot match at the keyword's start, so findings are unchanged; a file whose
 * every hit is rejected is never converted or regex-scanned. On source trees most keyword hits are
 * `os.path` ("s."), `they` ("ey"), `https://host/` ("://") or `key, value` ("key"): this is where the
 * time went.
 */
import type { SecretRule } from './rule.js';
import { leadingLiterals, type Anchored } from './anchored.js';
import { boundedPrefix, parseRegex, shapeOf } from './regex-shape.js';

/** `start`/`end`: the keyword occurrence in `data`. */
export type HitGuard = (data: Buffer, start: number, end: number) => boolean;

const byteSet = (chars: string, extra: number[] = []): Uint8Array => {
  const set = new Uint8Array(256);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  for (const b of extra) set[b] = 1;
  return set;
};
const WORD_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
const WORD = byteSet(WORD_CHARS);
/** JS `\s` within latin1: \t \n \v \f \r, space, NBSP. */
const SPACE = [9, 10, 11, 12, 13, 32, 160];
/** What may stand between an identifier keyword and its assignment operator in gitleaks' idiom. */
const GAP = byteSet(`${WORD_CHARS} \t.-'"`, SPACE);
const OPERATOR = byteSet('=>:|?,');
/** gitleaks' identifier-rule suffix after the keyword group: gap, quotes, then an operator. */
const IDIOM_SUFFIX = String.raw`(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)`;

/** Leading literal at `start` (exact case unless the regex ignores case), after `\b` when the regex starts with one. */
function literalGuard(source: string, flags: string, literals: string[]): HitGuard {
  const fold = flags.includes('i');
  const boundary = source.startsWith('\\b');
  const lits = literals.map((l) => Buffer.from(fold ? l.toLowerCase() : l, 'latin1'));
  return (data, start) => {
    if (boundary && start > 0 && WORD[data[start - 1]] === 1 && WORD[data[start]] === 1) return false;
    outer: for (const lit of lits) {
      if (start + lit.length > data.length) continue;
      for (let j = 0; j < lit.length; j++) {
        let b = data[start + j];
        if (fold && b >= 65 && b <= 90) b += 32;
        if (b !== lit[j]) continue outer;
      }
      return true;
    }
    return false;
  };
}

/** `(?:alternatives)` + the idiom suffix: an operator must follow the keyword within a bounded gap. */
function idiomGuard(sticky: string, keyword: string): HitGuard | undefined {
  if (!sticky.startsWith('(?:')) return undefined;
  let depth = 0;
  let i = 0;
  for (; i < sticky.length; i++) {
    if (sticky[i] === '\\') return undefined;
    if (sticky[i] === '(') depth++;
    else if (sticky[i] === ')' && --depth === 0) break;
  }
  const alts = sticky.slice(3, i);
  // Alternatives of word characters only (plus group syntax): whatever of one follows the keyword is gap.
  if (!/^[\w|()?:[\]]+$/.test(alts) || !sticky.startsWith(IDIOM_SUFFIX, i + 1)) return undefined;
  if ([...keyword].some((c) => OPERATOR[c.charCodeAt(0)] === 1)) return undefined;
  const limit = alts.length + 20 + 3;
  return (data, _start, end) => {
    const stop = Math.min(data.length, end + limit + 1);
    for (let i = end; i < stop; i++) {
      const b = data[i];
      if (OPERATOR[b] === 1) return true;
      if (GAP[b] !== 1) return false;
    }
    return false;
  };
}

/** Longest slice a line-bounded prefix test may take; beyond it (minified lines) the length-bounded one is used. */
const LINE_SLICE_MAX = 8192;

/** Index just past the line feed that ends the `k`-th line after the one holding `from` (or the end). */
export function afterLines(data: Buffer, from: number, k: number): number {
  let i = from;
  for (let n = 0; n <= k; n++) {
    const nl = data.indexOf(10, i);
    if (nl === -1) return data.length;
    i = nl + 1;
  }
  return i;
}

/**
 * Tests a bounded prefix of the sticky regex on a short slice around the keyword: up to `max`
 * characters (or to the end of the line the prefix's line feeds can reach) plus one character of
 * context on each side, so `\b`, `^` and `$` evaluate as in the whole text. The test is exact for the
 * prefix, and the prefix is implied by the rule: a real match is never rejected.
 */
export function prefixGuard(sticky: RegExp): HitGuard | undefined {
  const alts = parseRegex(sticky.source, sticky.flags);
  if (!alts) return undefined;
  const compile = (by: 'max' | 'newlines') => {
    const parts = alts.map((a) => boundedPrefix(a, by));
    if (parts.some((p) => !p.src)) return undefined;
    const source = parts.length > 1 ? parts.map((p) => `(?:${p.src})`).join('|') : parts[0].src;
    return { re: new RegExp(source, `${sticky.flags.replace(/[gy]/g, '')}y`), max: Math.max(...parts.map((p) => p.max)), newlines: Math.max(...parts.map((p) => p.newlines)) };
  };
  const byLength = compile('max');
  const byLines = compile('newlines');
  // A prefix bounded in length that is the whole regex cannot be beaten; else the line-bounded one is longer.
  const lines = byLines && !(byLength && byLength.max >= shapeOf(sticky).maxLength) ? byLines : undefined;
  if (!byLength && !lines) return undefined;
  const test = (p: { re: RegExp }, data: Buffer, start: number, to: number) => {
    const from = Math.max(0, start - 1);
    p.re.lastIndex = start - from;
    return p.re.test(data.toString('latin1', from, to));
  };
  return (data, start) => {
    if (lines) {
      const to = afterLines(data, start, lines.newlines);
      if (to - start <= LINE_SLICE_MAX || !byLength) return to - start > LINE_SLICE_MAX || test(lines, data, start, to);
    }
    return test(byLength!, data, start, Math.min(data.length, start + byLength!.max + 1));
  };
}

/** The guard for one keyword of an anchored rule; undefined when no cheap exact check is known. */
export function guardFor(rule: SecretRule, keyword: string, a: Anchored): HitGuard | undefined {
  const r = rule.regex!;
  // A cheap byte test first where one applies (most hits fail it), then the bounded regex prefix.
  let first: HitGuard | undefined;
  if (a.prefixMax === 0 && !rule.keywordSticky) {
    const lits = (leadingLiterals(r.source) ?? []).filter((l) => l.toLowerCase().startsWith(keyword));
    if (lits.length) first = literalGuard(r.source, r.flags, lits);
  } else if (!rule.keywordSticky) first = idiomGuard(a.sticky.source, keyword);
  const second = prefixGuard(a.sticky);
  if (!first || !second) return first ?? second;
  return (data, start, end) => first(data, start, end) && second(data, start, end);
}
