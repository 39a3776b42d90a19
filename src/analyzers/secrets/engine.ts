/**
 * The secret scanning engine: keyword prefilter (one Aho–Corasick pass over the bytes) → byte-level
 * guards drop keyword hits where the rule cannot match → the rules with hits left run their regex on the
 * lines around those hits (only these become strings) → secret extraction, entropy gate, allowlists →
 * redacted hits. Raw secrets never leave this module: hits carry a redacted match and a fingerprint.
 */
import { createHash } from 'node:crypto';
import { redact } from '../../core/index.js';
import type { SecretHit } from '../contract.js';
import type { Allowlist, RuleSet, SecretRule } from './rule.js';
import { KeywordIndex } from '../shared/keyword-index.js';
import { shannonEntropy } from './entropy.js';
import { anchoredFor, anchoredMatches, type Anchored } from './anchored.js';
import { afterLines, guardFor, type HitGuard } from './guards.js';
import { shapeOf } from './regex-shape.js';
import { textRuns } from './text-runs.js';

export const SNIFF_BYTES = 8000;
const INLINE_IGNORE = /\bbulwark:ignore\b|\bgitleaks:allow\b/;

/** NUL bytes in the head mean binary content (git's heuristic). */
export function looksBinary(data: Uint8Array): boolean {
  // Buffer#indexOf is memchr: a JS loop here cost as much as the keyword pass itself.
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, SNIFF_BYTES));
  return head.indexOf(0) !== -1;
}

/**
 * Line numbers and line text for match offsets, counting line feeds only as far as asked: a large
 * file with one candidate near its top is not indexed whole. Queries usually ascend; one that goes
 * back restarts from the file's start.
 */
export class LineCounter {
  private pos = 0;
  /** 1-based line holding `pos`, where that line starts. */
  private line = 1;
  private start = 0;

  constructor(private readonly data: Buffer) {}

  /** The 1-based line of `index`, and that line's text (line feed included). */
  at(index: number): { line: number; text: string } {
    if (index < this.pos) {
      this.pos = 0;
      this.line = 1;
      this.start = 0;
    }
    const { data } = this;
    for (let nl = data.indexOf(10, this.pos); nl !== -1 && nl < index; nl = data.indexOf(10, nl + 1)) {
      this.line++;
      this.start = nl + 1;
    }
    this.pos = index;
    const end = data.indexOf(10, index);
    return { line: this.line, text: data.toString('latin1', this.start, end === -1 ? data.length : end + 1) };
  }
}

function secretOf(rule: SecretRule, m: RegExpMatchArray): string {
  if (rule.secretGroup !== undefined) return m[rule.secretGroup] ?? '';
  for (let g = 1; g < m.length; g++) if (m[g]) return m[g];
  return m[0];
}

interface Candidate { secret: string; match: string; line: string; path: string }

function allowed(list: Allowlist, c: Candidate): boolean {
  const target = list.regexTarget === 'match' ? c.match : list.regexTarget === 'line' ? c.line : c.secret;
  const lower = c.secret.toLowerCase();
  const checks: boolean[] = [];
  if (list.regexes.length) checks.push(list.regexes.some((r) => r.test(target)));
  if (list.stopwords.length) checks.push(list.stopwords.some((w) => lower.includes(w)));
  if (list.paths.length) checks.push(list.paths.some((r) => r.test(c.path)));
  if (!checks.length) return false;
  return list.condition === 'AND' ? checks.every(Boolean) : checks.some(Boolean);
}

/** `-----BEGIN RSA PRIVATE KEY-----****`, `AKIA****************`: enough to recognise, never enough to use. */
function redactedMatch(secret: string): string {
  const firstLine = secret.split(/\r?\n/, 1)[0];
  return firstLine.length < secret.length ? `${firstLine.slice(0, 64)}****` : redact(secret);
}

export function fingerprintOf(ruleId: string, path: string, secret: string): string {
  return createHash('sha256').update(`${ruleId}\0${path}\0${secret}`).digest('hex').slice(0, 32);
}

/** Start of the line `k` lines before the one holding `pos` (a line feed belongs to the line it ends). */
function linesBefore(data: Buffer, pos: number, k: number): number {
  // Buffer#lastIndexOf counts a negative offset from the end: never pass one.
  const lineStart = (p: number) => (p < 0 ? 0 : data.lastIndexOf(10, p) + 1);
  let start = lineStart(pos - 1);
  for (let n = 0; n < k && start > 0; n++) start = lineStart(start - 2);
  return start;
}

/**
 * Merged [start, end) windows of whole lines around keyword hits: from `before` lines above the hit's
 * line to `after` lines below it, line feeds included. A match that contains at most `before`/`after`
 * line feeds on either side of its keyword lies inside, and every assertion it makes at its ends sees
 * the same neighbouring character as in the whole file.
 */
export function lineWindows(data: Buffer, ends: readonly number[], before: number, after: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let lineEnd = -1; // the line feed ending the previous hit's line
  for (const end of ends) {
    // `end` ascends: a hit on the previous hit's line has the same window. Skipping it keeps a long
    // minified line with thousands of hits from being searched end to end for each of them.
    if (end - 1 <= lineEnd) continue;
    const nl = data.indexOf(10, end - 1);
    lineEnd = nl === -1 ? data.length : nl;
    const last = out[out.length - 1];
    const start = linesBefore(data, end - 1, before);
    const stop = afterLines(data, end - 1, after);
    if (last && start <= last[1]) last[1] = Math.max(last[1], stop);
    else out.push([start, stop]);
  }
  return out;
}

type Region = [start: number, end: number];

/** How one buffer is scanned: a whole file, or one window of a streamed one. */
interface WindowOptions {
  inlineIgnore: boolean;
  /** Text runs of binary content: hits carry no line number. */
  binary: boolean;
  /** Report only matches starting before this index: later ones belong to the next window. */
  limit?: number;
  /** Lines before this window in the file. */
  lineBase?: number;
  /** Hits already reported for this file (line, secret), shared across its windows. */
  seen?: Set<string>;
}

/** Regexes as one alternation per set of flags (one or two passes per path instead of ~25). */
function oneOf(res: readonly RegExp[]): { test(path: string): boolean } {
  const byFlags = new Map<string, RegExp[]>();
  for (const r of res) {
    const flags = r.flags.replace(/[gy]/g, '');
    byFlags.set(flags, [...(byFlags.get(flags) ?? []), r]);
  }
  const combined = [...byFlags].flatMap(([flags, group]) => {
    try {
      return [new RegExp(group.map((r) => `(?:${r.source})`).join('|'), flags)];
    } catch {
      return group; // e.g. duplicate group names: each on its own
    }
  });
  return { test: (path) => combined.some((r) => r.test(path)) };
}

/** Placeholders in the per-keyword guard table: not built yet / nothing to check. */
const UNPREPARED: HitGuard = () => true;
const PASS: HitGuard = () => true;

interface Prepared {
  anchor: Anchored | undefined;
  reach: Reach;
  /** The anchor, when the engine runs the rule anchored (its reach is bounded). */
  anchored: Anchored | undefined;
}

/** Where one rule's regex runs in a file, and how many lines around each keyword hit. */
interface Reach {
  /** Line feeds a match can hold before / after its keyword; Infinity: the rule needs the whole file. */
  before: number;
  after: number;
}

export class SecretScanner {
  private readonly index: KeywordIndex;
  private readonly alwaysRun: number[];
  /** Keyword id (the index's numbering) → its rule and keyword. */
  private readonly keywordRule: Int32Array;
  private readonly keywords: string[];
  /**
   * Per rule / per keyword, built on the rule's first keyword hit: analysing 230 regexes up front cost
   * ~0.15 s of start-up (interpreted, run once), and a scan usually hits a few dozen rules.
   */
  private readonly prepared: Array<Prepared | undefined>;
  private readonly guards: HitGuard[];
  /** The global allowlist's path regexes as one alternation (tested for every file). */
  private readonly globalPaths: { test(path: string): boolean };
  /** Rules without a regex: the file's name (and header) is the finding. */
  private readonly pathRules: SecretRule[];
  private textScratch = Buffer.alloc(0);

  /**
   * `reference: true` runs every candidate rule's regex over the whole file (no guards, no anchoring,
   * no windows): the slow, plain semantics the fast paths are tested against.
   */
  constructor(private readonly ruleset: RuleSet, private readonly opts: { reference?: boolean } = {}) {
    const keywords = ruleset.rules.flatMap((r, i) => r.keywords.map((k) => ({ k, i })));
    this.index = new KeywordIndex(keywords.map((x) => x.k));
    this.keywordRule = Int32Array.from(keywords, (x) => x.i);
    this.keywords = keywords.map((x) => x.k);
    this.alwaysRun = ruleset.rules.flatMap((r, i) => (r.keywords.length ? [] : [i]));
    this.prepared = new Array<Prepared | undefined>(ruleset.rules.length);
    this.globalPaths = oneOf(ruleset.global.paths);
    this.pathRules = ruleset.rules.filter((r) => !r.regex && r.path);
    this.guards = new Array<HitGuard>(keywords.length).fill(UNPREPARED);
  }

  private prepare(i: number): Prepared {
    let p = this.prepared[i];
    if (!p) {
      const rule = this.ruleset.rules[i];
      const anchor = this.opts.reference ? undefined : anchoredFor(rule);
      const reach = reachOf(rule, anchor);
      // Anchored runs need the match to start near its keyword within the window: bounded rules only.
      p = this.prepared[i] = { anchor, reach, anchored: anchor && Number.isFinite(reach.after) ? anchor : undefined };
    }
    return p;
  }

  private guardOf(kw: number): HitGuard {
    const i = this.keywordRule[kw];
    const { anchor } = this.prepare(i);
    return (this.guards[kw] = (anchor && guardFor(this.ruleset.rules[i], this.keywords[kw], anchor)) || PASS);
  }

  get rules(): readonly SecretRule[] {
    return this.ruleset.rules;
  }

  /** True when the global allowlist excludes this path (lockfiles, vendored deps, images…). */
  skipsPath(path: string): boolean {
    return this.globalPaths.test(path);
  }

  /**
   * `inlineIgnore`: honour `bulwark:ignore` / `gitleaks:allow` comments on the secret's line. Only for
   * source trees the user owns (fs mode): inside an image such a comment would let content hide itself.
   * Binary content (a NUL in its head) is scanned through its text runs; its hits have no line (0).
   */
  scan(content: Uint8Array, path: string, opts: { inlineIgnore?: boolean } = {}): SecretHit[] {
    if (this.skipsPath(path)) return [];
    const hits = this.fileHits(path, content.subarray(0, SNIFF_BYTES));
    if (!looksBinary(content)) return [...hits, ...this.scanWindow(content, path, { inlineIgnore: opts.inlineIgnore === true, binary: false })];
    // One scratch buffer for every binary's text runs (a fresh one per file showed up as GC and RSS).
    if (this.textScratch.length < content.length) this.textScratch = Buffer.allocUnsafeSlow(content.length);
    const text = this.textScratch.subarray(0, content.length);
    textRuns(content, text);
    return [...hits, ...this.scanWindow(text, path, { inlineIgnore: false, binary: true })];
  }

  /**
   * Path-only rules (a file whose presence is the finding, like `*.p12`): tested once per file, on its
   * name and, where the rule has one, its header (a PKCS#12 file starts with a DER SEQUENCE).
   */
  fileHits(path: string, head: Uint8Array): SecretHit[] {
    const hits: SecretHit[] = [];
    for (const rule of this.pathRules) {
      if (!rule.path!.test(path) || (rule.header && !rule.header(head))) continue;
      hits.push({ ruleId: rule.id, title: rule.title, severity: rule.severity, line: 0, match: path, fingerprint: fingerprintOf(rule.id, path, path) });
    }
    return hits;
  }

  /** Scans text that is not a file (image ENV, history lines) under a pseudo path. */
  scanString(text: string, path: string): SecretHit[] {
    return this.scanWindow(Buffer.from(text, 'latin1'), path, { inlineIgnore: false, binary: false });
  }

  /**
   * One buffer (a whole file, or one window of a streamed file: `limit`, `lineBase` and a shared
   * `seen` then keep windows from reporting a secret twice) through keywords, guards and regexes.
   */
  scanWindow(content: Uint8Array, path: string, w: WindowOptions): SecretHit[] {
    const buf = Buffer.isBuffer(content) ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    const hitEnds = this.keywordHits(buf);
    const rules = this.ruleset.rules;
    const candidates = [...hitEnds.keys(), ...this.alwaysRun].sort((a, b) => a - b).filter((i) => rules[i].regex && (!rules[i].path || rules[i].path!.test(path)));
    if (!candidates.length) return [];
    const regions = candidates.map((i) => this.regionsOf(buf, i, hitEnds.get(i)));
    // One string for the file when a rule needs all of it; else only the windows become strings.
    const whole = regions.some((rs) => rs.length === 1 && rs[0][0] === 0 && rs[0][1] === buf.length) ? buf.toString('latin1') : undefined;
    const texts = new Map<string, string>();
    const textOf = ([from, to]: Region) => {
      if (whole !== undefined) return from === 0 && to === whole.length ? whole : whole.slice(from, to);
      const key = `${from}:${to}`;
      let t = texts.get(key);
      if (t === undefined) texts.set(key, (t = buf.toString('latin1', from, to)));
      return t;
    };
    return this.scanText(buf, path, candidates.map((i, n) => ({ rule: i, matches: this.matchesOf(i, regions[n], textOf, hitEnds.get(i)) })), w);
  }

  /** Rule → ascending ends of its keyword hits that pass the rule's byte-level guard. */
  private keywordHits(buf: Buffer): Map<number, number[]> {
    const hitEnds = new Map<number, number[]>();
    const n = this.index.scan(buf);
    const { hits, lengths } = this.index;
    for (let h = 0; h < 2 * n; h += 2) {
      const kw = hits[h];
      const end = hits[h + 1];
      let guard = this.guards[kw];
      if (guard === UNPREPARED) guard = this.guardOf(kw);
      if (guard !== PASS && !guard(buf, end - lengths[kw], end)) continue;
      const rule = this.keywordRule[kw];
      const list = hitEnds.get(rule);
      if (!list) hitEnds.set(rule, [end]);
      else if (list[list.length - 1] !== end) list.push(end);
    }
    return hitEnds;
  }

  /** The parts of the file rule i runs on: line windows around its hits, or the whole file. */
  private regionsOf(buf: Buffer, i: number, ends: number[] | undefined): Region[] {
    const { before, after } = this.prepare(i).reach;
    if (!ends || this.opts.reference || !Number.isFinite(before) || !Number.isFinite(after)) return [[0, buf.length]];
    return lineWindows(buf, ends, before, after);
  }

  /** Rule i's matches (absolute indices): anchored at keyword hits or by regex, in each region. */
  private *matchesOf(i: number, regions: Region[], textOf: (r: Region) => string, ends: number[] | undefined): Generator<RegExpMatchArray & { index: number }> {
    const rule = this.ruleset.rules[i];
    const a = this.prepare(i).anchored;
    let e = 0;
    for (const region of regions) {
      const [from, to] = region;
      const text = textOf(region);
      if (a && ends) {
        const local: number[] = [];
        for (; e < ends.length && ends[e] <= to; e++) if (ends[e] > from) local.push(ends[e] - from);
        for (const m of anchoredMatches(text, a, local)) {
          m.index += from;
          yield m;
        }
        continue;
      }
      for (const m of text.matchAll(rule.regex!)) {
        m.index = from + (m.index ?? 0);
        yield m as RegExpMatchArray & { index: number };
      }
    }
  }

  private scanText(buf: Buffer, path: string, work: Array<{ rule: number; matches: Iterable<RegExpMatchArray> }>, w: WindowOptions): SecretHit[] {
    const lines = new LineCounter(buf);
    const hits: SecretHit[] = [];
    const seen = w.seen ?? new Set<string>();
    const limit = w.limit ?? Infinity;
    for (const { rule: i, matches } of work) {
      const rule = this.ruleset.rules[i];
      for (const m of matches) {
        if ((m.index ?? 0) >= limit) continue; // the next window sees this match whole
        const secret = secretOf(rule, m);
        if (!secret || (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy)) continue;
        const at = lines.at(m.index ?? 0);
        const line = w.binary ? 0 : at.line + (w.lineBase ?? 0);
        const key = `${line}\0${secret}`;
        if (seen.has(key)) continue;
        if (w.inlineIgnore && INLINE_IGNORE.test(at.text)) continue;
        const c: Candidate = { secret, match: m[0], line: at.text, path };
        if (allowed(this.ruleset.global, c) || rule.allowlists.some((a) => allowed(a, c))) continue;
        seen.add(key);
        hits.push({ ruleId: rule.id, title: rule.title, severity: rule.severity, line, match: redactedMatch(secret), fingerprint: fingerprintOf(rule.id, path, secret) });
      }
    }
    return hits;
  }
}

/**
 * How far from its keyword a rule's match can reach, in line feeds. Anchored rules start at (or a
 * bounded prefix before) their keyword; other rules may sit anywhere around it, and keep at least the
 * next line (the window rules always had). A `^` meaning start-of-input needs the whole file.
 */
function reachOf(rule: SecretRule, a: Anchored | undefined): Reach {
  if (!rule.regex) return { before: Infinity, after: Infinity };
  const shape = shapeOf(rule.regex);
  if (shape.inputCaret) return { before: Infinity, after: Infinity };
  const k = shape.maxNewlines;
  return a ? { before: a.prefixNewlines, after: k } : { before: k, after: Math.max(k, 1) };
}
