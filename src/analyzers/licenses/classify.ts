/**
 * Classifies license text against every SPDX license text (spdx-license-list, CC0). Candidates come
 * from an inverted index over rare bigrams; the best candidates are then scored exactly with the Dice
 * coefficient of bigram sets, which is the reported confidence.
 */
import { createRequire } from 'node:module';
import { bigramHashes, licenseWords } from './normalize-text.js';

interface Reference { id: string; grams: Set<number> }
interface Index { refs: Reference[]; postings: Map<number, number[]> }

/** Bigrams shared by more than this many licenses carry no signal for candidate selection. */
const MAX_POSTING = 40;
const CANDIDATES = 8;
export const MIN_CONFIDENCE = 0.75;
const TIE = 0.03;
const COMMON = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'BSD-2-Clause', 'ISC', 'GPL-2.0-only', 'GPL-3.0-only', 'LGPL-2.1-only',
  'LGPL-3.0-only', 'MPL-2.0', 'AGPL-3.0-only', 'Unlicense', 'CC0-1.0', '0BSD', 'Zlib', 'BSL-1.0', 'EPL-2.0', 'Python-2.0'];
const popularity = (id: string): number => { const i = COMMON.indexOf(id); return i < 0 ? 0 : COMMON.length - i; };

let index: Index | undefined;

function buildIndex(): Index {
  const require = createRequire(import.meta.url);
  const full = require('spdx-license-list/full') as Record<string, { licenseText: string; name: string }>;
  const refs: Reference[] = [];
  for (const [id, lic] of Object.entries(full)) {
    // Deprecated ids (GPL-2.0, LGPL-2.1 …) duplicate their -only/-or-later successors' texts.
    if (!lic.licenseText || /^(?:[AL]?GPL-[\d.]+|GFDL-[\d.]+)\+?$/.test(id)) continue;
    refs.push({ id, grams: bigramHashes(licenseWords(lic.licenseText)) });
  }
  const postings = new Map<number, number[]>();
  refs.forEach((r, i) => { for (const g of r.grams) { const p = postings.get(g); if (p) p.push(i); else postings.set(g, [i]); } });
  for (const [g, p] of postings) if (p.length > MAX_POSTING) postings.delete(g);
  return { refs, postings };
}

function dice(a: Set<number>, b: Set<number>): number {
  if (!a.size || !b.size) return 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const g of small) if (large.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}

export interface Classification { license: string; confidence: number }

/** Best SPDX match for a license text, or undefined below MIN_CONFIDENCE. */
export function classifyLicenseText(text: string): Classification | undefined {
  const idx = (index ??= buildIndex());
  const grams = bigramHashes(licenseWords(text));
  if (grams.size < 3) return undefined;
  const votes = new Map<number, number>();
  for (const g of grams) for (const r of idx.postings.get(g) ?? []) votes.set(r, (votes.get(r) ?? 0) + 1);
  const top = [...votes.entries()].sort((a, b) => b[1] - a[1]).slice(0, CANDIDATES);
  let best: Classification | undefined;
  for (const [r] of top) {
    const confidence = dice(grams, idx.refs[r].grams);
    const id = idx.refs[r].id;
    // Near-ties go to the widely used license, not its rare look-alike variant (MIT vs MIT-advertising).
    const better = !best || confidence > best.confidence + TIE
      || (confidence > best.confidence - TIE && popularity(id) > popularity(best.license));
    if (better) best = { license: id, confidence };
  }
  return best && best.confidence >= MIN_CONFIDENCE ? { license: best.license, confidence: Math.round(best.confidence * 1000) / 1000 } : undefined;
}
