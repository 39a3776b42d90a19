/**
 * The secret scanning engine: keyword prefilter (one Aho–Corasick pass) → only the rules whose keywords
 * occur run their regex → secret extraction, entropy gate, allowlists → redacted hits. Raw secrets never
 * leave this module: hits carry a redacted match and a fingerprint.
 */
import { createHash } from 'node:crypto';
import { redact } from '../../core/index.js';
import type { SecretHit } from '../contract.js';
import type { Allowlist, RuleSet, SecretRule } from './rule.js';
import { KeywordIndex } from '../shared/keyword-index.js';
import { shannonEntropy } from './entropy.js';
import { anchoredFor, anchoredMatches, type Anchored } from './anchored.js';

const SNIFF_BYTES = 8000;
const INLINE_IGNORE = /\bbulwark:ignore\b|\bgitleaks:allow\b/;

/** NUL bytes in the head mean binary content (git's heuristic). */
export function looksBinary(data: Uint8Array): boolean {
  // Buffer#indexOf is memchr: a JS loop here cost as much as the keyword pass itself.
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, SNIFF_BYTES));
  return head.indexOf(0) !== -1;
}

function lineAt(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid; else hi = mid - 1;
  }
  return lo + 1;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
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

/** Rules whose matches can span lines (private keys, `(?s)`, explicit newlines) scan whole files. */
function isMultiline(rule: SecretRule): boolean {
  const r = rule.regex;
  return !!r && (r.flags.includes('s') || r.flags.includes('m') || /\\s\\S|\\S\\s|\\n|\\r/.test(r.source));
}

/**
 * Merged [start, end) windows: each keyword hit's line plus the next line. `ends` ascend, so a hit on
 * the line of the previous one adds nothing and is skipped without searching for line breaks again
 * (on a 1 MB minified line with thousands of hits, searching back from each one was quadratic).
 */
export function windowsAround(text: string, ends: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let lineEnd = -1; // end of the line holding the previous hit
  for (const end of ends) {
    if (end <= lineEnd) continue;
    const last = out[out.length - 1];
    const start = last && end <= last[1] ? lineEnd + 1 : text.lastIndexOf('\n', end - 1) + 1;
    const nl = text.indexOf('\n', end);
    lineEnd = nl === -1 ? text.length : nl;
    const nl2 = nl === -1 ? -1 : text.indexOf('\n', nl + 1);
    const stop = nl2 === -1 ? text.length : nl2;
    if (last && start <= last[1]) last[1] = Math.max(last[1], stop);
    else out.push([start, stop]);
  }
  return out;
}

export class SecretScanner {
  private readonly index: KeywordIndex;
  private readonly alwaysRun: number[];
  private readonly multiline: boolean[];
  private readonly anchored: Array<Anchored | undefined>;

  /**
   * `reference: true` runs every candidate rule's regex over the whole file (no anchoring, no windows):
   * the slow, plain semantics the fast paths are tested against.
   */
  constructor(private readonly ruleset: RuleSet, private readonly opts: { reference?: boolean } = {}) {
    this.index = new KeywordIndex(ruleset.rules.map((r) => r.keywords));
    this.alwaysRun = ruleset.rules.flatMap((r, i) => (r.keywords.length ? [] : [i]));
    this.multiline = ruleset.rules.map(isMultiline);
    this.anchored = ruleset.rules.map((r, i) => (this.multiline[i] || opts.reference ? undefined : anchoredFor(r)));
  }

  get rules(): readonly SecretRule[] {
    return this.ruleset.rules;
  }

  /** True when the global allowlist excludes this path (lockfiles, vendored deps, images…). */
  skipsPath(path: string): boolean {
    return this.ruleset.global.paths.some((r) => r.test(path));
  }

  /**
   * `inlineIgnore`: honour `bulwark:ignore` / `gitleaks:allow` comments on the secret's line. Only for
   * source trees the user owns (fs mode): inside an image such a comment would let content hide itself.
   */
  scan(content: Uint8Array, path: string, opts: { inlineIgnore?: boolean } = {}): SecretHit[] {
    if (this.skipsPath(path) || looksBinary(content)) return [];
    return this.scanBytes(content, path, opts.inlineIgnore === true);
  }

  /** Scans text that is not a file (image ENV, history lines) under a pseudo path. */
  scanString(text: string, path: string): SecretHit[] {
    return this.scanBytes(Buffer.from(text, 'latin1'), path, false);
  }

  private scanBytes(content: Uint8Array, path: string, inlineIgnore: boolean): SecretHit[] {
    const hitEnds = new Map<number, number[]>();
    this.index.scan(content, (rule, end) => {
      const list = hitEnds.get(rule);
      if (list) { if (list[list.length - 1] !== end) list.push(end); } else hitEnds.set(rule, [end]);
    });
    const rules = this.ruleset.rules;
    const candidates = [...hitEnds.keys(), ...this.alwaysRun].sort((a, b) => a - b).filter((i) => !rules[i].path || rules[i].path!.test(path));
    if (!candidates.length) return [];
    const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1');
    const whole: Array<[number, number]> = [[0, text.length]];
    return this.scanText(text, path, candidates.map((i) => ({ rule: i, matches: this.matchesOf(text, i, hitEnds.get(i), whole) })), inlineIgnore);
  }

  /** Where rule i's regex runs: anchored at keyword hits, in windows around them, or on the whole text. */
  private *matchesOf(text: string, i: number, ends: number[] | undefined, whole: Array<[number, number]>): Generator<RegExpExecArray | (RegExpMatchArray & { index: number })> {
    const rule = this.ruleset.rules[i];
    const a = this.anchored[i];
    if (a && ends) {
      yield* anchoredMatches(text, a, ends);
      return;
    }
    const windows = this.multiline[i] || !ends || this.opts.reference ? whole : windowsAround(text, ends);
    for (const [from, to] of windows) {
      const slice = from === 0 && to === text.length ? text : text.slice(from, to);
      for (const m of slice.matchAll(rule.regex!)) {
        m.index = from + (m.index ?? 0);
        yield m as RegExpMatchArray & { index: number };
      }
    }
  }

  private scanText(text: string, path: string, work: Array<{ rule: number; matches: Iterable<RegExpMatchArray> }>, inlineIgnore: boolean): SecretHit[] {
    let starts: number[] | undefined;
    const hits: SecretHit[] = [];
    const seen = new Set<string>();
    for (const { rule: i, matches } of work) {
      const rule = this.ruleset.rules[i];
      if (!rule.regex) {
        hits.push({ ruleId: rule.id, title: rule.title, severity: rule.severity, line: 0, match: path, fingerprint: fingerprintOf(rule.id, path, path) });
        continue;
      }
      for (const m of matches) {
        const secret = secretOf(rule, m);
        if (!secret || (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy)) continue;
        starts ??= lineStarts(text);
        const line = lineAt(starts, m.index ?? 0);
        const key = `${line}\0${secret}`;
        if (seen.has(key)) continue;
        const lineText = text.slice(starts[line - 1], starts[line] ?? text.length);
        if (inlineIgnore && INLINE_IGNORE.test(lineText)) continue;
        const c: Candidate = { secret, match: m[0], line: lineText, path };
        if (allowed(this.ruleset.global, c) || rule.allowlists.some((a) => allowed(a, c))) continue;
        seen.add(key);
        hits.push({ ruleId: rule.id, title: rule.title, severity: rule.severity, line, match: redactedMatch(secret), fingerprint: fingerprintOf(rule.id, path, secret) });
      }
    }
    return hits;
  }
}
