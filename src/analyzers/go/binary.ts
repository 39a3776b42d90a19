/**
 * Go binaries: the embedded build info gives the main module (type application), every dependency
 * module as linked (after `replace`), and the toolchain as a `stdlib` package matched separately by
 * the Go vulnerability database. Executables are recognised by mode bits; non-binaries return fast.
 */
import type { Package } from '../../core/index.js';
import type { AnalyzerFile } from '../contract.js';
import { defineExecutableAnalyzer } from '../shared/binary-exec.js';
import { langPackage, purlOf } from '../shared/lang-package.js';
import type { ElfInput } from '../shared/elf.js';
import { readBuildInfo } from './buildinfo.js';
import { effectiveModule, goPurl, parseModInfo, stdlibVersion } from './modinfo.js';

const ID = 'go-binary';

export function goBinaryPackages(file: Pick<AnalyzerFile, 'path' | 'layer'>, buf: ElfInput): Package[] {
  const raw = readBuildInfo(buf);
  if (!raw) return [];
  const info = parseModInfo(raw.modinfo);
  const pkgs: Package[] = [];
  // `(devel)` is code built from a local checkout (the main module, a `replace` by a directory): not
  // any published version, so it is listed as local and never matched.
  const mk = (path: string, version: string, type: Package['type'], ref?: string) =>
    langPackage({ ecosystem: 'Go', name: path, version, purl: goPurl(path, version), file, foundBy: ID, type, ...(version === '(devel)' ? { nonRegistry: { kind: 'local' as const, ...(ref ? { ref } : {}) } } : {}) });
  if (info.main?.path) pkgs.push(mk(info.main.path, info.main.version || '(devel)', 'application'));
  for (const dep of info.deps) {
    const m = effectiveModule(dep);
    if (m.path) pkgs.push(mk(m.path, m.version, 'library', m.localDir));
  }
  const std = stdlibVersion(raw.goVersion);
  if (std) pkgs.push(langPackage({ ecosystem: 'Go', name: 'stdlib', version: std, purl: purlOf('golang', undefined, 'stdlib', std), file, foundBy: ID, type: 'library' }));
  return pkgs;
}

export const goBinaryAnalyzer = defineExecutableAnalyzer(ID, goBinaryPackages);
