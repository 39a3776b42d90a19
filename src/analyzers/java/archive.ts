/**
 * Walks one Java archive (and archives nested in it, to a depth and byte budget): every
 * `pom.properties` under META-INF (Maven writes `META-INF/maven/<g>/<a>/`, shading and other build
 * tools put it elsewhere) is a package; an archive without one falls back to its manifest (Trivy's
 * order). The archive's sha1 goes to the package that is the archive itself. Nested archives that are
 * skipped (too deep, over the size budget, unreadable) are counted, and the top-level archive gets
 * one summarising warning: a zip bomb of nested jars must not flood the report.
 */
import { createHash } from 'node:crypto';
import type { Package } from '../../core/index.js';
import type { AnalyzerFile } from '../contract.js';
import { baseName, fileWarning, langPackage, purlOf } from '../shared/lang-package.js';
import { readZipDirectory, readZipEntry, type ZipEntry } from '../shared/zip.js';
import { gavFromFileName, gavFromManifest, parseManifest, parseProperties, type Gav } from './metadata.js';

export const ARCHIVE = /\.(?:jar|war|ear|par|sar|jpi|hpi)$/i;
const POM = /^META-INF\/(?:.+\/)?pom\.properties$/;
export const MAX_DEPTH = 4;
const MAX_META_BYTES = 1024 * 1024;
export const MAX_NESTED_BYTES = 128 * 1024 * 1024;

/** Nested archives not read, by reason, with the first example of each. */
export interface Skipped { count: number; first: string }

export interface ScanContext {
  file: Pick<AnalyzerFile, 'path' | 'layer'>; foundBy: string; budget: number;
  skipped: { depth?: Skipped; size?: Skipped; corrupt?: Skipped };
}

function skip(ctx: ScanContext, why: keyof ScanContext['skipped'], example: string): void {
  const s = ctx.skipped[why];
  if (s) s.count++;
  else ctx.skipped[why] = { count: 1, first: example };
}

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
  for (const e of entries) {
    if (!ARCHIVE.test(e.name) || e.name.endsWith('/')) continue;
    const inner = `${path}!/${e.name}`;
    if (depth >= MAX_DEPTH) { skip(ctx, 'depth', inner); continue; }
    if (e.size > Math.min(MAX_NESTED_BYTES, ctx.budget)) { skip(ctx, 'size', `${inner} (${e.size} bytes)`); continue; }
    try {
      const data = readZipEntry(buf, e, MAX_NESTED_BYTES);
      ctx.budget -= data.length;
      pkgs.push(...scanArchive(data, inner, depth + 1, ctx));
    } catch (err) {
      skip(ctx, 'corrupt', fileWarning(inner, err));
    }
  }
  return pkgs;
}
