/**
 * Translates the RE2 (Go) regex dialect used by gitleaks rule files into JavaScript RegExp source.
 * Node 20's V8 has no inline modifier groups. A pattern that is case-insensitive throughout (a leading
 * `(?i)`) keeps JS's `i` flag. A pattern that mixes cases (`(?i:…)` scopes, `(?-i:[Oo]kta|OKTA)`
 * inside them, `(?i)` after a case-sensitive prefix) is case-folded by hand: letters of the
 * insensitive parts become `[aA]` classes and their class ranges gain the other case, so the
 * case-sensitive parts stay exact (gitleaks' own false positives `rookTable`, `sumOf…` rely on it).
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9', alpha: 'a-zA-Z', digit: '0-9', lower: 'a-z', upper: 'A-Z', space: '\\s',
  xdigit: '0-9a-fA-F', word: '\\w', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e', graph: '\\x21-\\x7e',
};

export interface TranslatedRegex {
  source: string;
  flags: string;
}

const isLetter = (c: string) => /^[a-zA-Z]$/.test(c);
const other = (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());

/** Length of the escape starting at `src[i]` (a backslash): `\x60`, `\u0041`, `\p{L}`, `\n`. */
function escapeLength(src: string, i: number): number {
  const c = src[i + 1];
  if (c === 'x') return src[i + 2] === '{' ? src.indexOf('}', i) - i + 1 : 4;
  if (c === 'u') return 6;
  if ((c === 'p' || c === 'P') && src[i + 2] === '{') return src.indexOf('}', i) - i + 1;
  return 2;
}

/** A character class `[...]` starting at `i`; with `fold`, letters and letter ranges gain the other case. */
function foldClass(src: string, i: number, fold: boolean): { text: string; end: number } {
  let j = i + 1;
  if (src[j] === '^') j++;
  if (src[j] === ']') j++;
  for (; j < src.length && src[j] !== ']'; j++) if (src[j] === '\\') j += escapeLength(src, j) - 1;
  const body = src.slice(i + 1, j);
  if (!fold) return { text: src.slice(i, j + 1), end: j + 1 };
  const extra: string[] = [];
  for (let k = body[0] === '^' ? 1 : 0; k < body.length; k++) {
    if (body[k] === '\\') { k += escapeLength(body, k) - 1; continue; }
    const c = body[k];
    if (body[k + 1] === '-' && k + 2 < body.length && body[k + 2] !== '\\') {
      const d = body[k + 2];
      if (isLetter(c) && isLetter(d) && (c === c.toLowerCase()) === (d === d.toLowerCase())) extra.push(`${other(c)}-${other(d)}`);
      k += 2;
    } else if (isLetter(c)) extra.push(other(c));
  }
  return { text: `[${body}${extra.join('')}]`, end: j + 1 };
}

/** Applies a flag string like `i`, `-i`, `is-m` to the case-insensitivity state. */
function withFlags(insensitive: boolean, flags: string): boolean {
  const [on, off = ''] = flags.split('-');
  if (off.includes('i')) return false;
  return on.includes('i') ? true : insensitive;
}

/** Case-folds the insensitive parts of an RE2 pattern by hand and drops every inline flag group. */
function foldCase(src: string): string {
  const stack: boolean[] = [];
  let ci = false;
  let out = '';
  for (let i = 0; i < src.length;) {
    const c = src[i];
    if (c === '\\') {
      const n = escapeLength(src, i);
      out += src.slice(i, i + n);
      i += n;
    } else if (c === '[') {
      const { text, end } = foldClass(src, i, ci);
      out += text;
      i = end;
    } else if (c === '(') {
      const flag = /^\(\?([a-zA-Z]*(?:-[a-zA-Z]+)?)([:)])/.exec(src.slice(i));
      if (flag && flag[2] === ')') {
        ci = withFlags(ci, flag[1]); // `(?i)`: the rest of the current group
        i += flag[0].length;
      } else if (flag) {
        stack.push(ci);
        ci = withFlags(ci, flag[1]);
        out += '(?:';
        i += flag[0].length;
      } else {
        stack.push(ci);
        out += c;
        i++;
      }
    } else if (c === ')') {
      ci = stack.pop() ?? false;
      out += c;
      i++;
    } else if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(src.slice(i))) {
      const q = /^\{\d+(?:,\d*)?\}/.exec(src.slice(i))![0];
      out += q;
      i += q.length;
    } else {
      out += ci && isLetter(c) ? `[${c}${other(c)}]` : c;
      i++;
    }
  }
  return out;
}

/** A pattern needs hand folding when its case-insensitivity does not cover all of it. */
function mixesCase(src: string): boolean {
  if (!/\(\?[a-z]*i/.test(src)) return false;
  return /\(\?[a-z]*-[a-z]*i/.test(src) || !/^\(\?[a-z]*i[a-z]*\)/.test(src);
}

export function re2ToJs(re2: string): TranslatedRegex {
  let flags = '';
  let src = re2.replace(/\[:(\w+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m);
  if (/\(\?[a-z]*s[a-z]*[:)]/.test(src)) flags += 's';
  if (/\(\?[a-z]*m[a-z]*[:)]/.test(src)) flags += 'm';
  if (mixesCase(src)) {
    src = foldCase(src);
  } else {
    if (/\(\?[a-z]*i[a-z]*(?:-[a-z]+)?[:)]/.test(src)) flags = `i${flags}`;
    // Bare flag groups `(?i)` / `(?is)` vanish; scoped ones `(?i:` / `(?-i:` become non-capturing.
    src = src.replace(/\(\?[ims]+\)/g, '');
    src = src.replace(/\(\?-?[ims]+(?:-[ims]+)?:/g, '(?:');
  }
  src = src.replace(/\(\?P</g, '(?<');
  // RE2 end-of-text anchors. Without the `m` flag JS `$` already means end of input.
  src = src.replace(/\\z/g, '$').replace(/\\A/g, '^');
  return { source: src, flags };
}

/** Compiles an RE2 pattern; returns undefined (and the reason) when JS cannot express it. */
export function compileRe2(re2: string, extraFlags = ''): { regex?: RegExp; error?: string } {
  const { source, flags } = re2ToJs(re2);
  try {
    return { regex: new RegExp(source, [...new Set(flags + extraFlags)].join('')) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
