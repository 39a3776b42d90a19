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
import { boundedPrefix, byteClass, minLength, parseRegex, shapeOf, unionClass, type Elem } from './regex-shape.js';

/** `start`/`end`: the keyword occurrence in `data`. */
export type HitGuard = (data: Buffer, start: number, end: number) => boolean;

// Byte tables straight from V8's own classes, so `\w` and `\s` mean here what they mean in the rules.
const WORD = byteClass('\\w', '')!;
/** What may stand between an identifier keyword and its assignment operator in gitleaks' idiom. */
const GAP = byteClass(String.raw`[ \t\w.'"\s-]`, '')!;
const OPERATOR = byteClass('[=>:|?,]', '')!;
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

/** After the idiom's operator: up to five quotes, blanks or `=`, then the secret's capture group. */
const IDIOM_QUOTES = String.raw`[\x60'"\s=]{0,5}`;

/**
 * gitleaks' identifier idiom `(?:alternatives)` + gap + operator (+ quotes + secret): an operator must
 * follow the keyword within a bounded gap of identifier characters, and where the rule continues with
 * the usual quotes and secret group, a run of the secret's characters as long as its shortest match
 * must start within nine characters of the operator (at most four operator characters, five quotes).
 */
function idiomGuard(sticky: RegExp, keyword: string): HitGuard | undefined {
  const alts = parseRegex(sticky.source, sticky.flags);
  const seq = alts?.length === 1 ? alts[0] : undefined;
  const names = seq?.[0];
  if (!seq || !names?.alts || names.min !== 1 || !names.src.startsWith('(?:') || !Number.isFinite(names.max)) return undefined;
  if (seq.slice(1, 4).map((e) => e.src).join('') !== IDIOM_SUFFIX) return undefined;
  // Alternatives of word characters only: whatever of one follows the keyword is gap.
  const nameChars = unionClass(names.alts, sticky.flags);
  if (!nameChars || nameChars.some((b, i) => b === 1 && WORD[i] !== 1)) return undefined;
  if ([...keyword].some((c) => OPERATOR[c.charCodeAt(0)] === 1)) return undefined;
  const limit = names.max + 20 + 3;
  const value = secretRun(seq, sticky.flags);
  return (data, _start, end) => {
    const stop = Math.min(data.length, end + limit + 1);
    for (let i = end; i < stop; i++) {
      const b = data[i];
      if (OPERATOR[b] === 1) return !value || value(data, i);
      if (GAP[b] !== 1) return false;
    }
    return false;
  };
}

/** The secret-run test after an idiom operator at `op`, when the rule has the usual quotes + group. */
function secretRun(seq: Elem[], flags: string): ((data: Buffer, op: number) => boolean) | undefined {
  const quotes = seq[4];
  const group = seq[5];
  if (quotes?.src !== IDIOM_QUOTES || !group?.alts || group.min !== 1 || !group.src.endsWith(')')) return undefined;
  const need = minLength([group]);
  const chars = unionClass(group.alts, flags);
  if (!chars || need < 2) return undefined;
  return (data, op) => {
    const latestStart = op + 9;
    const stop = Math.min(data.length, latestStart + need);
    let run = 0;
    for (let p = op + 1; p < stop; p++) {
      if (chars[data[p]] === 1) {
        if (++run >= need) return true;
      } else {
        run = 0;
        if (p >= latestStart) return false;
      }
    }
    return false;
  };
}

interface Step { set: Uint8Array; min: number; max: number }

/**
 * The sticky regex's leading run of single-character atoms (`://[^:/\s@"'<>]{1,64}:[^@\s/"'<>]{6,128}@`)
 * as byte steps, matched greedily on the raw bytes. Greedy is exact because a variable run is only
 * followed by a step whose characters it cannot match (else the run ends the sequence, needing only
 * its minimum). `whole`: the steps are the entire regex.
 */
function sequenceOf(sticky: RegExp): { steps: Step[]; whole: boolean } | undefined {
  const alts = parseRegex(sticky.source, sticky.flags);
  if (!alts || alts.length !== 1) return undefined;
  const steps: Step[] = [];
  let whole = true;
  for (const e of alts[0]) {
    const set = !e.alts && e.atomMax === 1 ? byteClass(e.atom, sticky.flags) : undefined;
    if (!set) {
      whole = false;
      break;
    }
    steps.push({ set, min: e.min, max: e.max });
  }
  for (let k = 0; k + 1 < steps.length; k++) {
    const { set, min, max } = steps[k];
    if (min !== max && steps[k + 1].set.some((b, i) => b === 1 && set[i] === 1)) {
      steps.length = k + 1;
      steps[k] = { set, min, max: Infinity };
      whole = false;
    }
  }
  return steps.length >= 2 ? { steps, whole } : undefined;
}

function sequenceGuard(steps: Step[]): HitGuard {
  return (data, start) => {
    let pos = start;
    for (const { set, min, max } of steps) {
      let n = 0;
      while (n < max && pos < data.length && set[data[pos]] === 1) {
        pos++;
        n++;
      }
      if (n < min) return false;
    }
    return true;
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
      if (to - start <= LINE_SLICE_MAX) return test(lines, data, start, to);
      if (!byLength) return true; // too long a slice to test: let the rule's own regex decide
    }
    return test(byLength!, data, start, Math.min(data.length, start + byLength!.max + 1));
  };
}

const ruleGuards = new WeakMap<RegExp, HitGuard[]>();

/** Keyword-independent stages for a sticky regex: its byte sequence, then (unless that was all of it) the regex prefix. */
function stickyGuards(sticky: RegExp): HitGuard[] {
  let stages = ruleGuards.get(sticky);
  if (!stages) {
    const seq = sequenceOf(sticky);
    const prefix = seq?.whole ? undefined : prefixGuard(sticky);
    stages = [...(seq ? [sequenceGuard(seq.steps)] : []), ...(prefix ? [prefix] : [])];
    ruleGuards.set(sticky, stages);
  }
  return stages;
}

/**
 * The guard for one keyword of an anchored rule: cheap byte tests first (most hits fail them), the
 * bounded regex prefix on a short string last. Undefined when nothing applies.
 */
export function guardFor(rule: SecretRule, keyword: string, a: Anchored): HitGuard | undefined {
  const r = rule.regex!;
  const stages: HitGuard[] = [];
  if (a.prefixMax === 0 && !rule.keywordSticky) {
    const lits = (leadingLiterals(r.source) ?? []).filter((l) => l.toLowerCase().startsWith(keyword));
    if (lits.length) stages.push(literalGuard(r.source, r.flags, lits));
  } else if (!rule.keywordSticky) {
    const idiom = idiomGuard(a.sticky, keyword);
    if (idiom) stages.push(idiom);
  }
  stages.push(...stickyGuards(a.sticky));
  if (stages.length <= 1) return stages[0];
  return (data, start, end) => {
    for (const g of stages) if (!g(data, start, end)) return false;
    return true;
  };
}
