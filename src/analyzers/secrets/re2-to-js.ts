/**
 * Translates the RE2 (Go) regex dialect used by gitleaks rule files into JavaScript RegExp source.
 * Node 20's V8 has no inline modifier groups, so any `(?i)` / `(?i:…)` makes the whole pattern
 * case-insensitive and `(?-i:…)` becomes a plain group: slightly more permissive, never less.
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9', alpha: 'a-zA-Z', digit: '0-9', lower: 'a-z', upper: 'A-Z', space: '\\s',
  xdigit: '0-9a-fA-F', word: '\\w', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e', graph: '\\x21-\\x7e',
};

export interface TranslatedRegex {
  source: string;
  flags: string;
}

export function re2ToJs(re2: string): TranslatedRegex {
  let flags = '';
  let src = re2;
  if (/\(\?[a-z]*i[a-z]*(?:-[a-z]+)?[:)]/.test(src)) flags += 'i';
  if (/\(\?[a-z]*s[a-z]*[:)]/.test(src)) flags += 's';
  if (/\(\?[a-z]*m[a-z]*[:)]/.test(src)) flags += 'm';
  // Bare flag groups `(?i)` / `(?is)` vanish; scoped ones `(?i:` / `(?-i:` become non-capturing.
  src = src.replace(/\(\?[ims]+\)/g, '');
  src = src.replace(/\(\?-?[ims]+(?:-[ims]+)?:/g, '(?:');
  src = src.replace(/\(\?P</g, '(?<');
  src = src.replace(/\[:(\w+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m);
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
