/** Runtime binaries and toolchains worth knowing (node, python, java, go) by version; see detect.ts. */
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult, type FileMeta } from '../contract.js';
import { langPackage, purlOf } from '../shared/lang-package.js';
import { ruleFor } from './detect.js';

const ID = 'runtime-version';

function analyze(file: AnalyzerFile): AnalyzerResult | undefined {
  const rule = ruleFor(file.path);
  if (!rule || !file.content || file.meta.type !== 'file') return undefined;
  const hit = rule.read(file.content);
  if (!hit) return undefined;
  const pkg = langPackage({
    ecosystem: 'binary', name: hit.name, version: hit.version, purl: purlOf('generic', undefined, hit.name, hit.version), file, foundBy: ID, type: 'runtime',
  });
  if (hit.vendor) pkg.vendor = hit.vendor;
  return { packages: [pkg] };
}

export const runtimeAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  // The node binary is ~100 MB; everything else read here is a small text file.
  maxBytes: 256 * 1024 * 1024,
  matches: (path: string, meta: FileMeta) => meta.type === 'file' && ruleFor(path) !== undefined,
  analyze,
});
