/** Which files may be native executables (Go, cargo-auditable Rust…), decided from path, mode and magic bytes. */
import type { Package } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult, type ByteSource, type FileMeta } from '../contract.js';
import { fileWarning } from './lang-package.js';

const NOT_BINARY = /\.(?:sh|bash|py|pl|rb|js|mjs|cjs|php|txt|md|json|ya?ml|conf|jar|war|a|o|h|c)$/i;

/** Executables (any x bit) and Windows `.exe`; obvious scripts and data are skipped by name. */
export function isCandidateExecutable(path: string, meta: FileMeta): boolean {
  if (meta.type !== 'file' || meta.size < 1024) return false;
  return ((meta.mode & 0o111) !== 0 || /\.exe$/i.test(path)) && !NOT_BINARY.test(path);
}

/** Starts like an ELF, PE (MZ) or Mach-O file. */
export function looksLikeBinary(buf: Buffer): boolean {
  if (buf.length < 4) return false;
  const m = buf.readUInt32BE(0);
  return m === 0x7f454c46 || (buf[0] === 0x4d && buf[1] === 0x5a) || [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(m);
}

/**
 * An analyzer over executables: matches candidate executables, skips non-binaries by magic, and turns
 * an extractor's throw into a warning naming the file. It reads by range (`randomAccess`): in a
 * directory walk a binary of any size costs a few header reads; image layers buffer up to 256 MB.
 */
export function defineExecutableAnalyzer(id: string, extract: (file: AnalyzerFile, src: ByteSource) => Package[]) {
  return defineAnalyzer({
    id,
    version: 2,
    group: 'language',
    maxBytes: 256 * 1024 * 1024,
    randomAccess: true,
    matches: isCandidateExecutable,
    analyze(file: AnalyzerFile): AnalyzerResult | undefined {
      const src = file.source;
      try {
        if (!src || src.size < 4 || !looksLikeBinary(src.read(0, 4))) return undefined;
        const packages = extract(file, src);
        return packages.length ? { packages } : undefined;
      } catch (e) {
        return { warnings: [fileWarning(file.path, e)] };
      }
    },
  });
}
