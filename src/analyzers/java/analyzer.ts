/** Java archives (.jar/.war/.ear/.par and friends), nested archives included. */
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult } from '../contract.js';
import { fileWarning } from '../shared/lang-package.js';
import { ARCHIVE, scanArchive, type ScanContext } from './archive.js';

const ID = 'java-archive';
/** Total bytes inflated from nested archives of one top-level archive (zip bomb guard). */
const NESTED_BUDGET = 1024 * 1024 * 1024;

function analyze(file: AnalyzerFile): AnalyzerResult | undefined {
  if (file.meta.type !== 'file') return undefined;
  if (!file.content) return { warnings: [`${file.path}: not read (larger than the analyzer's size limit)`] };
  const ctx: ScanContext = { file, foundBy: ID, budget: NESTED_BUDGET, warnings: [] };
  try {
    const packages = scanArchive(file.content, file.path, 0, ctx);
    if (!packages.length && !ctx.warnings.length) return undefined;
    return { packages, ...(ctx.warnings.length ? { warnings: ctx.warnings } : {}) };
  } catch (e) {
    return { warnings: [fileWarning(file.path, e), ...ctx.warnings] };
  }
}

export const javaArchiveAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  // Fat jars reach 100+ MB; the contract buffers whole files, so larger archives are skipped (see docs).
  maxBytes: 256 * 1024 * 1024,
  matches: (path: string) => ARCHIVE.test(path),
  analyze,
});
