/**
 * Go binaries: the embedded build info gives the main module (type application), every dependency
 * module as linked (after `replace`), and the toolchain as a `stdlib` package matched separately by
 * the Go vulnerability database. Executables are recognised by mode bits; non-binaries return fast.
 */
import type { Package } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult } from '../contract.js';
import { isCandidateExecutable, looksLikeBinary } from '../shared/binary-exec.js';
import { fileWarning, langPackage, purlOf } from '../shared/lang-package.js';
import { readBuildInfo } from './buildinfo.js';
import { effectiveModule, goPurl, parseModInfo, stdlibVersion } from './modinfo.js';

const ID = 'go-binary';

export function goBinaryPackages(file: Pick<AnalyzerFile, 'path' | 'layer'>, buf: Buffer): Package[] {
  const raw = readBuildInfo(buf);
  if (!raw) return [];
  const info = parseModInfo(raw.modinfo);
  const pkgs: Package[] = [];
  const mk = (path: string, version: string, type: Package['type']) =>
    langPackage({ ecosystem: 'Go', name: path, version, purl: goPurl(path, version), file, foundBy: ID, type });
  if (info.main?.path) pkgs.push(mk(info.main.path, info.main.version || '(devel)', 'application'));
  for (const dep of info.deps) {
    const m = effectiveModule(dep);
    if (m.path) pkgs.push(mk(m.path, m.version, 'library'));
  }
  const std = stdlibVersion(raw.goVersion);
  if (std) pkgs.push(langPackage({ ecosystem: 'Go', name: 'stdlib', version: std, purl: purlOf('golang', undefined, 'stdlib', std), file, foundBy: ID, type: 'library' }));
  return pkgs;
}

function analyze(file: AnalyzerFile): AnalyzerResult | undefined {
  const buf = file.content;
  if (!buf || !looksLikeBinary(buf)) return undefined;
  try {
    const packages = goBinaryPackages(file, buf);
    return packages.length ? { packages } : undefined;
  } catch (e) {
    return { warnings: [fileWarning(file.path, e)] };
  }
}

export const goBinaryAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  // Go binaries reach 100+ MB; the contract buffers whole files, so larger ones are skipped (see docs).
  maxBytes: 256 * 1024 * 1024,
  matches: isCandidateExecutable,
  analyze,
});
