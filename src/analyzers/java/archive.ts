/**
 * Walks one Java archive (and archives nested in it, to a depth and byte budget): every
 * `META-INF/maven/<g>/<a>/pom.properties` is a package; an archive without one falls back to its
 * manifest. The archive's sha1 goes to the package that is the archive itself.
 */
import { createHash } from 'node:crypto';
import type { Package } from '../../core/index.js';
import type { AnalyzerFile } from '../contract.js';
import { baseName, fileWarning, langPackage, purlOf } from '../shared/lang-package.js';
import { readZipDirectory, readZipEntry, type ZipEntry } from '../shared/zip.js';
import { gavFromFileName, gavFromManifest, parseManifest, parseProperties, type Gav } from './metadata.js';

export const ARCHIVE = /\.(?:jar|war|ear|par|sar|jpi|hpi)$/i;
const POM = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const MAX_DEPTH = 4;
const MAX_META_BYTES = 1024 * 1024;
const MAX_NESTED_BYTES = 128 * 1024 * 1024;

export interface ScanContext { file: Pick<AnalyzerFile, 'path' | 'layer'>; foundBy: string; budget: number; warnings: string[] }

function pomGav(buf: Buffer, e: ZipEntry): Gav | undefined {
  const p = parseProperties(readZipEntry(buf, e, MAX_META_BYTES).toString('utf8'));
  const [groupId, artifactId, version] = [p.get('groupId'), p.get('artifactId'), p.get('version')];
  return groupId && artifactId && version ? { groupId, artifactId, version } : undefined;
}

function toPackage(g: Gav, ctx: ScanContext, path: string, sha1?: string): Package {
  return langPackage({
    ecosystem: 'Maven', name: `${g.groupId}:${g.artifactId}`, version: g.version, purl: purlOf('maven', g.groupId, g.artifactId, g.version),
    file: ctx.file, foundBy: ctx.foundBy, path, ...(sha1 ? { hashes: { sha1 } } : {}),
  });
}

/** Which of the archive's GAVs is the archive itself: the one its file name names, or the only one. */
function selfIndex(gavs: Gav[], fileName: string): number {
  if (gavs.length === 1) return 0;
  const { artifactId, version } = gavFromFileName(fileName);
  return gavs.findIndex((g) => g.artifactId === artifactId && (!version || g.version === version));
}

export function scanArchive(buf: Buffer, path: string, depth: number, ctx: ScanContext): Package[] {
  const entries = readZipDirectory(buf);
  const sha1 = createHash('sha1').update(buf).digest('hex');
  const gavs = entries.filter((e) => POM.test(e.name)).map((e) => pomGav(buf, e)).filter((g): g is Gav => !!g);
  if (!gavs.length) {
    const mf = entries.find((e) => e.name === 'META-INF/MANIFEST.MF');
    const g = mf ? gavFromManifest(parseManifest(readZipEntry(buf, mf, MAX_META_BYTES).toString('utf8')), baseName(path)) : undefined;
    if (g) gavs.push(g);
  }
  const self = selfIndex(gavs, baseName(path));
  const seen = new Set<string>();
  const pkgs: Package[] = [];
  gavs.forEach((g, i) => {
    const key = `${g.groupId}:${g.artifactId}@${g.version}`;
    if (seen.has(key)) return;
    seen.add(key);
    pkgs.push(toPackage(g, ctx, path, i === self ? sha1 : undefined));
  });
  if (depth >= MAX_DEPTH) return pkgs;
  for (const e of entries) {
    if (!ARCHIVE.test(e.name) || e.name.endsWith('/')) continue;
    const inner = `${path}!/${e.name}`;
    if (e.size > Math.min(MAX_NESTED_BYTES, ctx.budget)) { ctx.warnings.push(`${inner}: nested archive skipped (${e.size} bytes over the size budget)`); continue; }
    try {
      const data = readZipEntry(buf, e, MAX_NESTED_BYTES);
      ctx.budget -= data.length;
      pkgs.push(...scanArchive(data, inner, depth + 1, ctx));
    } catch (err) {
      ctx.warnings.push(fileWarning(inner, err));
    }
  }
  return pkgs;
}
