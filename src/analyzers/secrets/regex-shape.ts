/**
 * What the engine needs to know about a rule's regex without running it: how long a match can be, how
 * many line breaks it can span, and a bounded prefix every match must begin with. A small reader for
 * the regex subset secret rules use (gitleaks' RE2 rules after translation); anything it does not know
 * (lookaround, back-references) makes it answer "unbounded" or undefined, which is always safe.
 */

export interface Elem {
  /** Source of the whole element, quantifier included. */
  src: string;
  /** Longest match / most line feeds it can contain (Infinity when unbounded). */
  max: number;
  newlines: number;
  /** The atom alone, per repetition, and the quantifier's lower bound. */
  atom: string;
  atomMax: number;
  atomNewlines: number;
  min: number;
  /** A group's alternatives. */
  alts?: Elem[][];
  /** `^` (a `^` without the `m` flag anchors at the input start: windows would change its meaning). */
  caret?: boolean;
}

const sum = (seq: Elem[], f: (e: Elem) => number) => seq.reduce((n, e) => n + f(e), 0);
const times = (n: number, k: number) => (n === 0 || k === 0 ? 0 : n * k);

const classes = new Map<string, Uint8Array | undefined>();

/**
 * The latin1 bytes a single-character atom (`[^:/\s]`, `\w`, `.`, `a`) matches under the rule's flags:
 * V8 decides, one test per byte, cached. Undefined when the atom does not compile alone.
 */
export function byteClass(atom: string, flags: string): Uint8Array | undefined {
  const key = `${flags.replace(/[gym]/g, '')}/${atom}`;
  if (classes.has(key)) return classes.get(key);
  let set: Uint8Array | undefined;
  try {
    const re = new RegExp(`^(?:${atom})$`, flags.replace(/[gym]/g, ''));
    set = new Uint8Array(256);
    for (let b = 0; b < 256; b++) set[b] = re.test(String.fromCharCode(b)) ? 1 : 0;
  } catch {
    set = undefined;
  }
  classes.set(key, set);
  return set;
}

const newlineAtoms = new Map<string, number>();

/** Whether a single-character atom can match a line feed (1), cached. */
function matchesNewline(atom: string, flags: string): number {
  const key = `${flags.replace(/[gym]/g, '')}/${atom}`;
  let n = newlineAtoms.get(key);
  if (n === undefined) {
    try {
      n = new RegExp(`^(?:${atom})$`, flags.replace(/[gym]/g, '')).test('\n') ? 1 : 0;
    } catch {
      n = 1;
    }
    newlineAtoms.set(key, n);
  }
  return n;
}

type Atom = Pick<Elem, 'atomMax' | 'atomNewlines' | 'alts' | 'caret'>;

const parsed = new Map<string, Elem[][] | undefined>();
const QUANTIFIER = /(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/y;

/** Alternatives of elements, or undefined when the source uses syntax this reader does not know (cached). */
export function parseRegex(source: string, flags: string): Elem[][] | undefined {
  const key = `${flags.replace(/[gy]/g, '')}/${source}`; // g and y do not change what a regex matches
  if (!parsed.has(key)) parsed.set(key, parseSource(source, flags));
  return parsed.get(key);
}

function parseSource(source: string, flags: string): Elem[][] | undefined {
  let i = 0;

  const group = (): Atom | undefined => {
    if (source[i + 1] === '?' && source[i + 2] !== ':') {
      // Named groups only: lookaround and inline flags are not supported here.
      if (source[i + 2] !== '<' || source[i + 3] === '=' || source[i + 3] === '!') return undefined;
      i = source.indexOf('>', i) + 1;
    } else i += source[i + 1] === '?' ? 3 : 1;
    const alts = alternatives();
    if (!alts || source[i] !== ')') return undefined;
    i++;
    return {
      atomMax: Math.max(...alts.map((a) => sum(a, (e) => e.max))),
      atomNewlines: Math.max(...alts.map((a) => sum(a, (e) => e.newlines))),
      alts,
      ...(alts.some((a) => a.some((e) => e.caret)) ? { caret: true } : {}),
    };
  };

  const atom = (): Atom | undefined => {
    const from = i;
    const c = source[i];
    if (c === '(') return group();
    if (c === '[') {
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      if (i >= source.length) return undefined;
      i++;
      return { atomMax: 1, atomNewlines: matchesNewline(source.slice(from, i), flags) };
    }
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined || /[1-9kcpP]/.test(e)) return undefined; // back-references, \k, \cX, \p
      i += e === 'x' ? 4 : e === 'u' ? 6 : 2;
      const width = e === 'b' || e === 'B' ? 0 : 1;
      return { atomMax: width, atomNewlines: width ? matchesNewline(source.slice(from, i), flags) : 0 };
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') return undefined;
    i++;
    if (c === '^' || c === '$') return { atomMax: 0, atomNewlines: 0, ...(c === '^' && !flags.includes('m') ? { caret: true } : {}) };
    return { atomMax: 1, atomNewlines: matchesNewline(c, flags) };
  };

  /** [min, max] repetitions of the quantifier at i (consumed), [1, 1] when there is none. */
  const quantifier = (): [number, number] => {
    QUANTIFIER.lastIndex = i;
    const q = QUANTIFIER.exec(source);
    if (!q) return [1, 1];
    i += q[0].length;
    if (q[1]) return q[1] === '*' ? [0, Infinity] : q[1] === '+' ? [1, Infinity] : [0, 1];
    return [Number(q[2]), q[3] ? (q[4] ? Number(q[4]) : Infinity) : Number(q[2])];
  };

  const alternatives = (): Elem[][] | undefined => {
    const alts: Elem[][] = [[]];
    while (i < source.length && source[i] !== ')') {
      if (source[i] === '|') {
        alts.push([]);
        i++;
        continue;
      }
      const from = i;
      const a = atom();
      if (!a) return undefined;
      const atomSrc = source.slice(from, i);
      const [min, max] = quantifier();
      alts[alts.length - 1].push({ ...a, src: source.slice(from, i), atom: atomSrc, min, max: times(a.atomMax, max), newlines: times(a.atomNewlines, max) });
    }
    return alts;
  };

  const alts = alternatives();
  return alts && i === source.length ? alts : undefined;
}

export interface RegexShape {
  /** Longest match; Infinity when unbounded or unknown. */
  maxLength: number;
  /** Most line feeds a match can contain; Infinity when unbounded or unknown. */
  maxNewlines: number;
  /** Uses `^` without the `m` flag (start of input). */
  inputCaret: boolean;
}

export function shapeOf(re: RegExp): RegexShape {
  const alts = parseRegex(re.source, re.flags);
  if (!alts) return { maxLength: Infinity, maxNewlines: Infinity, inputCaret: true };
  return {
    maxLength: Math.max(...alts.map((a) => sum(a, (e) => e.max))),
    maxNewlines: Math.max(...alts.map((a) => sum(a, (e) => e.newlines))),
    inputCaret: alts.some((a) => a.some((e) => e.caret)),
  };
}

/**
 * The longest prefix of one alternative that stays bounded (in length, or in line feeds): elements up
 * to the first unbounded one, which contributes its mandatory part (`x{n,}` → `x{n}`, a group → its
 * alternatives cut alike) before the prefix stops. Wherever the alternative matches, so does the
 * prefix: a necessary condition.
 */
export function boundedPrefix(seq: Elem[], by: 'max' | 'newlines'): { src: string; max: number; newlines: number } {
  let src = '';
  let max = 0;
  let newlines = 0;
  for (const e of seq) {
    if (Number.isFinite(e[by])) {
      src += e.src;
      max += e.max;
      newlines += e.newlines;
      continue;
    }
    if (e.alts && e.min === 1 && e.src.endsWith(')')) {
      const parts = e.alts.map((a) => boundedPrefix(a, by));
      src += `(?:${parts.map((p) => p.src).join('|')})`;
      max += Math.max(...parts.map((p) => p.max));
      newlines += Math.max(...parts.map((p) => p.newlines));
    } else if (Number.isFinite(by === 'max' ? e.atomMax : e.atomNewlines) && e.min > 0) {
      src += `(?:${e.atom}){${e.min}}`;
      max += times(e.atomMax, e.min);
      newlines += times(e.atomNewlines, e.min);
    }
    break;
  }
  return { src, max, newlines };
}

/** Shortest match of a sequence. */
export function minLength(seq: Elem[]): number {
  return sum(seq, (e) => e.min * (e.alts ? Math.min(...e.alts.map(minLength)) : e.atomMax === 0 ? 0 : 1));
}

/** Every byte any single-character atom inside these alternatives matches; undefined if one is unknown. */
export function unionClass(alts: Elem[][], flags: string): Uint8Array | undefined {
  const set = new Uint8Array(256);
  for (const seq of alts) {
    for (const e of seq) {
      const part = e.alts ? unionClass(e.alts, flags) : e.atomMax === 0 ? new Uint8Array(256) : byteClass(e.atom, flags);
      if (!part) return undefined;
      for (let b = 0; b < 256; b++) set[b] |= part[b];
    }
  }
  return set;
}
