/**
 * Rust binaries built with cargo-auditable: the ELF section `.dep-v0` holds zlib-compressed JSON
 * `{"packages":[{name, version, source, kind, dependencies:[index], root}]}`. Build-time crates
 * (`kind: "build"`) are not linked in and are skipped; the root crate is the application. Crates with
 * `source: "local"` (workspace members, path dependencies) and `git` are listed, marked `nonRegistry`.
 */
import { inflateSync } from 'node:zlib';
import type { Package } from '../../core/index.js';
import { BulwarkError } from '../../core/index.js';
import type { AnalyzerFile } from '../contract.js';
import { defineExecutableAnalyzer } from '../shared/binary-exec.js';
import { findElfSection, isElf, sectionData, type ElfInput } from '../shared/elf.js';
import { langPackage } from '../shared/lang-package.js';
import { crateOrigin, cratePurl } from './cargo-lock.js';

const ID = 'rust-binary';
const MAX_JSON = 16 * 1024 * 1024;

interface AuditPkg { name?: unknown; version?: unknown; source?: unknown; kind?: unknown; dependencies?: unknown; root?: unknown }

export function auditablePackages(file: Pick<AnalyzerFile, 'path' | 'layer'>, buf: ElfInput): Package[] {
  if (!isElf(buf)) return [];
  const found = findElfSection(buf, '.dep-v0');
  const section = found && sectionData(buf, found);
  if (!section) return [];
  let doc: { packages?: AuditPkg[] };
  try {
    doc = JSON.parse(inflateSync(section, { maxOutputLength: MAX_JSON }).toString('utf8')) as { packages?: AuditPkg[] };
  } catch (e) {
    throw new BulwarkError('CORRUPT_ARCHIVE', `.dep-v0: ${(e as Error).message}`);
  }
  if (!Array.isArray(doc.packages)) throw new BulwarkError('CORRUPT_ARCHIVE', '.dep-v0 without a packages list');
  const list = doc.packages;
  const keep = (p: AuditPkg) => typeof p.name === 'string' && typeof p.version === 'string' && p.kind !== 'build';
  return list.filter(keep).map((p) => langPackage({
    ecosystem: 'crates.io', name: p.name as string, version: p.version as string, purl: cratePurl(p.name as string, p.version as string), file, foundBy: ID,
    type: p.root === true ? 'application' : 'library',
    // cargo-auditable writes `crates.io`, `local`, `git` or `registry` as the source.
    nonRegistry: p.source === 'local' || p.source === 'git' ? crateOrigin(p.source) : undefined,
    dependsOn: (Array.isArray(p.dependencies) ? p.dependencies : []).flatMap((i) => {
      const d = typeof i === 'number' ? list[i] : undefined;
      return d && keep(d) ? [cratePurl(d.name as string, d.version as string)] : [];
    }),
  }));
}

export const rustBinaryAnalyzer = defineExecutableAnalyzer(ID, auditablePackages);
