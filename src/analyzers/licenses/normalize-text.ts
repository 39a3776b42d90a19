/**
 * License text normalisation, after the SPDX matching guidelines (spdx.github.io/spdx-spec/v2.3/license-matching-guidelines-and-templates):
 * case, punctuation, whitespace, copyright lines, URLs, bullets and varietal spellings do not matter.
 */

const EQUIVALENTS: Array<[RegExp, string]> = [
  [/\blicen[cs]e\b/g, 'license'], [/\blicen[cs]ed\b/g, 'licensed'], [/\blicen[cs]or\b/g, 'licensor'],
  [/\bnon[- ]?commercial\b/g, 'noncommercial'], [/\bsub[- ]?license\b/g, 'sublicense'],
  [/\bcopyright holders?\b/g, 'copyrightholder'], [/\bper cent\b/g, 'percent'],
];

/** Lower-cased words of the text, without copyright lines, URLs, template placeholders and punctuation. */
export function licenseWords(text: string): string[] {
  let t = text.toLowerCase();
  // The "How to apply" appendix after the terms is optional in SPDX templates (Apache, GPL family).
  const end = t.indexOf('end of terms and conditions');
  if (end >= 0) t = t.slice(0, end);
  // Copyright notice lines only ("Copyright (c) 2020 Bob"), not clauses that mention copyright.
  t = t.replace(/^[\s#*/;-]*(?:copyright\s*(?:\(c\)|©|\d|[a-z]+\s+\d)|\(c\)\s*\d|©).*$/gm, ' ');
  t = t.replace(/https?:\/\/\S+/g, ' ').replace(/<[^>\n]{1,60}>/g, ' ');
  for (const [re, to] of EQUIVALENTS) t = t.replace(re, to);
  return t.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** Word bigrams as 32-bit FNV-1a hashes (sets of ints are much cheaper than sets of strings). */
export function bigramHashes(words: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 1 < words.length; i++) {
    let h = 0x811c9dc5;
    const s = `${words[i]} ${words[i + 1]}`;
    for (let k = 0; k < s.length; k++) {
      h ^= s.charCodeAt(k);
      h = Math.imul(h, 0x01000193);
    }
    out.add(h >>> 0);
  }
  return out;
}
