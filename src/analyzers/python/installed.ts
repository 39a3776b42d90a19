/**
 * Installed Python distributions: `*.dist-info/METADATA` (wheels, pip), `*.egg-info/PKG-INFO`,
 * Debian's single-file `*.egg-info` and, in images and root filesystems, zipped `*.egg` files
 * (easy_install, `setup.py bdist_egg`: `EGG-INFO/PKG-INFO` inside the zip). Grouped per layer so
 * `Requires-Dist` names resolve to the distributions installed in the same site-packages directory.
 */
import { defineAnalyzer, type AnalyzerFile, type AnalyzerOptions, type AnalyzerResult, type FileMeta } from '../contract.js';
import { decodeText, dirName, fileWarning, langPackage, textOf } from '../shared/lang-package.js';
import { readZipDirectory, readZipEntry } from '../shared/zip.js';
import { parseCoreMetadata, pep503, pypiPurl, type CoreMetadata } from './metadata.js';

/** The directory holding the distribution (site-packages), from the metadata file path. */
function siteDir(path: string): string {
  return path.endsWith('.egg-info') || path.endsWith('.egg') ? dirName(path) : dirName(dirName(path));
}

export function matchesInstalled(path: string, meta: FileMeta): boolean {
  return path.endsWith('.dist-info/METADATA') || path.endsWith('.egg-info/PKG-INFO') || ((path.endsWith('.egg-info') || path.endsWith('.egg')) && meta.type === 'file');
}

const MAX_EGG_META = 1024 * 1024;

/** A zipped egg's metadata, with `EGG-INFO/requires.txt` (where eggs keep dependencies) as Requires-Dist. */
function eggMetadata(file: AnalyzerFile): string {
  if (!file.content) throw new Error('not read (too large)');
  const entries = readZipDirectory(file.content);
  const read = (name: string) => { const e = entries.find((x) => x.name === name); return e ? decodeText(readZipEntry(file.content as Buffer, e, MAX_EGG_META)) : undefined; };
  const pkgInfo = read('EGG-INFO/PKG-INFO');
  if (pkgInfo === undefined) throw new Error('egg without EGG-INFO/PKG-INFO');
  // requires.txt: one requirement per line until the first `[extra]` section.
  const requires = (read('EGG-INFO/requires.txt') ?? '').split(/\r?\n\[/)[0].split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const [head, ...body] = pkgInfo.split(/\r?\n\r?\n/);
  return [head.trimEnd(), ...requires.map((r) => `Requires-Dist: ${r}`)].join('\n') + '\n\n' + body.join('\n\n');
}

export function analyzeInstalled(files: AnalyzerFile[], options?: AnalyzerOptions): AnalyzerResult[] {
  const parsed: Array<{ file: AnalyzerFile; md: CoreMetadata }> = [];
  const results: AnalyzerResult[] = [];
  for (const file of files) {
    if (file.meta.type !== 'file') continue;
    const egg = file.path.endsWith('.egg');
    // A source tree's .egg files are build output or test data, not what is installed.
    if (egg && options?.mode === 'fs') continue;
    try {
      const text = egg ? eggMetadata(file) : textOf(file);
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
  version: 3,
  group: 'language',
  // Zipped eggs are whole packages (code included); metadata files are tiny.
  maxBytes: 64 * 1024 * 1024,
  matches: matchesInstalled,
  analyzeGroup: (files: AnalyzerFile[], options: AnalyzerOptions) => analyzeInstalled(files, options),
});
