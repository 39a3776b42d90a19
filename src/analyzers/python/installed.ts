/**
 * Installed Python distributions: `*.dist-info/METADATA` (wheels, pip), `*.egg-info/PKG-INFO` and
 * Debian's single-file `*.egg-info`. Grouped per layer so `Requires-Dist` names resolve to the
 * distributions installed in the same site-packages directory (dependency edges).
 */
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult, type FileMeta } from '../contract.js';
import { dirName, fileWarning, langPackage, textOf } from '../shared/lang-package.js';
import { parseCoreMetadata, pep503, pypiPurl, type CoreMetadata } from './metadata.js';

/** The directory holding the distribution (site-packages), from the metadata file path. */
function siteDir(path: string): string {
  return path.endsWith('.egg-info') ? dirName(path) : dirName(dirName(path));
}

export function matchesInstalled(path: string, meta: FileMeta): boolean {
  return path.endsWith('.dist-info/METADATA') || path.endsWith('.egg-info/PKG-INFO') || (path.endsWith('.egg-info') && meta.type === 'file');
}

export function analyzeInstalled(files: AnalyzerFile[]): AnalyzerResult[] {
  const parsed: Array<{ file: AnalyzerFile; md: CoreMetadata }> = [];
  const results: AnalyzerResult[] = [];
  for (const file of files) {
    if (file.meta.type !== 'file') continue;
    const text = textOf(file);
    try {
      if (text === undefined) throw new Error('not read (too large)');
      parsed.push({ file, md: parseCoreMetadata(text) });
    } catch (e) {
      results.push({ path: file.path, warnings: [fileWarning(file.path, e)] });
    }
  }
  const bySite = new Map<string, Map<string, CoreMetadata>>();
  for (const { file, md } of parsed) {
    const site = siteDir(file.path);
    if (!bySite.has(site)) bySite.set(site, new Map());
    bySite.get(site)?.set(pep503(md.name), md);
  }
  for (const { file, md } of parsed) {
    const site = bySite.get(siteDir(file.path));
    const deps = md.requires.flatMap((r) => { const d = site?.get(pep503(r)); return d ? [pypiPurl(d.name, d.version)] : []; });
    results.push({
      path: file.path,
      packages: [langPackage({
        ecosystem: 'PyPI', name: md.name, version: md.version, purl: pypiPurl(md.name, md.version), file,
        foundBy: pythonInstalledAnalyzer.id, licenses: md.licenses, dependsOn: deps,
      })],
    });
  }
  return results;
}

export const pythonInstalledAnalyzer = defineAnalyzer({
  id: 'python-installed',
  version: 2,
  group: 'language',
  maxBytes: 8 * 1024 * 1024,
  matches: matchesInstalled,
  analyzeGroup: (files: AnalyzerFile[]) => analyzeInstalled(files),
});
