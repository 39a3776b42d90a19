/** Java archives (.jar/.war/.ear/.par and friends), nested archives included. */
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult } from '../contract.js';
import { fileWarning } from '../shared/lang-package.js';
import { ARCHIVE, MAX_DEPTH, MAX_NESTED_BYTES, scanArchive, type ScanContext } from './archive.js';

const ID = 'java-archive';
/** Total bytes inflated from nested archives of one top-level archive (zip bomb guard). */
const NESTED_BUDGET = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

/** One line for everything nested that was not read: counts per reason, the limits, one example each. */
export function skippedSummary(path: string, skipped: ScanContext['skipped']): string | undefined {
  const parts: string[] = [];
  if (skipped.depth) parts.push(`${skipped.depth.count} below nesting depth ${MAX_DEPTH} (e.g. ${skipped.depth.first})`);
  if (skipped.size) parts.push(`${skipped.size.count} over the size limits (${MAX_NESTED_BYTES / MIB} MiB each, ${NESTED_BUDGET / MIB} MiB in total; e.g. ${skipped.size.first})`);
  if (skipped.corrupt) parts.push(`${skipped.corrupt.count} unreadable (e.g. ${skipped.corrupt.first})`);
  if (!parts.length) return undefined;
  const total = (skipped.depth?.count ?? 0) + (skipped.size?.count ?? 0) + (skipped.corrupt?.count ?? 0);
  return `${path}: ${total} nested archive(s) not analyzed: ${parts.join('; ')}`;
}

function analyze(file: AnalyzerFile): AnalyzerResult | undefined {
  if (file.meta.type !== 'file') return undefined;
  if (!file.content) return { warnings: [`${file.path}: not read (larger than the analyzer's size limit)`] };
  const ctx: ScanContext = { file, foundBy: ID, budget: NESTED_BUDGET, skipped: {} };
  let packages: AnalyzerResult['packages'] = [];
  const warnings: string[] = [];
  try {
    packages = scanArchive(file.content, file.path, 0, ctx);
  } catch (e) {
    warnings.push(fileWarning(file.path, e));
  }
  const summary = skippedSummary(file.path, ctx.skipped);
  if (summary) warnings.push(summary);
  if (!packages.length && !warnings.length) return undefined;
  return { packages, ...(warnings.length ? { warnings } : {}) };
}

export const javaArchiveAnalyzer = defineAnalyzer({
  id: ID,
  version: 2,
  group: 'language',
  // Fat jars reach 100+ MB; the contract buffers whole files, so larger archives are skipped (see docs).
  maxBytes: 256 * 1024 * 1024,
  matches: (path: string) => ARCHIVE.test(path),
  analyze,
});
