/**
 * go.mod/go.sum pairs in source trees (fs mode); grouped so go.sum can complete pre-1.17 go.mod files.
 * A go.sum without a go.mod beside it (a vendored or copied tree) is read on its own: every module it
 * holds a content hash for was downloaded for the build, which is the best evidence left.
 */
import type { Package } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult } from '../contract.js';
import { baseName, dirName, fileWarning, langPackage, purlOf, textOf } from '../shared/lang-package.js';
import { effectiveRequires, needsGoSum, parseGoMod, parseGoSum } from './gomod.js';
import { goPurl, stdlibVersion } from './modinfo.js';

const ID = 'go-mod';

function modPackages(modFile: AnalyzerFile, sumFile: AnalyzerFile | undefined): AnalyzerResult {
  const text = textOf(modFile);
  if (text === undefined) return { warnings: [`${modFile.path}: not read (too large)`] };
  const mod = parseGoMod(text);
  const mk = (path: string, version: string, file: AnalyzerFile, localDir?: string) => langPackage({
    ecosystem: 'Go', name: path, version, purl: goPurl(path, version), file, foundBy: ID,
    // A `replace` by a local directory: code from this checkout, not a published module version.
    ...(localDir !== undefined ? { nonRegistry: { kind: 'local' as const, ref: localDir } } : {}),
  });
  const reqs = effectiveRequires(mod);
  const pkgs: Package[] = reqs.map((r) => mk(r.path, r.version, modFile, r.localDir));
  const warnings: string[] = [];
  if (sumFile && needsGoSum(mod)) {
    const sumText = textOf(sumFile);
    const known = new Set(mod.require.map((r) => r.path));
    if (sumText === undefined) warnings.push(`${sumFile.path}: not read (too large)`);
    else for (const [path, version] of parseGoSum(sumText)) if (!known.has(path)) pkgs.push(mk(path, version, sumFile));
  }
  const std = mod.toolchain ? stdlibVersion(mod.toolchain) : undefined;
  if (std) pkgs.push(langPackage({ ecosystem: 'Go', name: 'stdlib', version: std, purl: purlOf('golang', undefined, 'stdlib', std), file: modFile, foundBy: ID }));
  return { path: modFile.path, packages: pkgs, ...(warnings.length ? { warnings } : {}) };
}

function sumPackages(sumFile: AnalyzerFile): AnalyzerResult {
  const text = textOf(sumFile);
  if (text === undefined) return { path: sumFile.path, warnings: [`${sumFile.path}: not read (too large)`] };
  const packages = [...parseGoSum(text)].map(([path, version]) => langPackage({ ecosystem: 'Go', name: path, version, purl: goPurl(path, version), file: sumFile, foundBy: ID }));
  return { path: sumFile.path, packages };
}

export function analyzeGoModules(files: AnalyzerFile[]): AnalyzerResult[] {
  const sums = new Map(files.filter((f) => baseName(f.path) === 'go.sum').map((f) => [dirName(f.path), f]));
  const mods = new Set(files.filter((f) => baseName(f.path) === 'go.mod' && f.meta.type === 'file').map((f) => dirName(f.path)));
  const out: AnalyzerResult[] = [];
  for (const f of files) {
    if (f.meta.type !== 'file') continue;
    const name = baseName(f.path);
    if (name === 'go.sum' && mods.has(dirName(f.path))) continue;
    try {
      out.push(name === 'go.sum' ? sumPackages(f) : modPackages(f, sums.get(dirName(f.path))));
    } catch (e) {
      out.push({ path: f.path, warnings: [fileWarning(f.path, e)] });
    }
  }
  return out;
}

export const goModAnalyzer = defineAnalyzer({
  id: ID,
  version: 2,
  group: 'language',
  modes: ['fs'],
  maxBytes: 16 * 1024 * 1024,
  // Vendored copies (vendor/…) and the module cache describe other modules, not this project.
  matches: (path: string) => /(?:^|\/)go\.(?:mod|sum)$/.test(path) && !/(?:^|\/)(?:vendor|pkg\/mod)\//.test(path),
  analyzeGroup: (files: AnalyzerFile[]) => analyzeGoModules(files),
});
