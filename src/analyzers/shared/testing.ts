/**
 * Test helper: runs one analyzer over a fixture directory exactly as the rootfs walk would (matches →
 * buffer → analyze, then analyzeGroup, then finalizePackages), so analyzer tests stay three lines long.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { LayerRef, OsInfo } from '../../core/index.js';
import type { Analyzer, AnalyzerFile, AnalyzerOptions, AnalyzerResult, FileMeta } from '../contract.js';
import { openFileSource, type OpenedSource } from './file-source.js';

export const FIXTURE_LAYER: LayerRef = { index: 0, digest: '', diffId: '' };

function metaOf(abs: string): FileMeta {
  const st = lstatSync(abs);
  const type: FileMeta['type'] = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
  return { size: st.size, mode: st.mode & 0o7777, type, uid: st.uid, gid: st.gid, ...(type === 'symlink' ? { linkname: readlinkSync(abs) } : {}) };
}

function* walk(root: string, rel = ''): Generator<{ path: string; abs: string; meta: FileMeta }> {
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel ? posix.join(rel, name) : name;
    const abs = join(root, path);
    const meta = metaOf(abs);
    yield { path, abs, meta };
    if (meta.type === 'directory') yield* walk(root, path);
  }
}

export interface AnalyzerRun {
  results: Array<{ path: string; result: AnalyzerResult }>;
  /** All packages, after finalizePackages. */
  packages: NonNullable<AnalyzerResult['packages']>;
  warnings: string[];
}

const streamsFile = (a: Analyzer, meta: FileMeta) => meta.type === 'file' && a.openStream !== undefined && a.streams?.(meta) === true;

/** Streaming analyzers get the file in 64 KiB chunks, as a walk would feed them. */
function streamFile(analyzer: Analyzer, path: string, abs: string, meta: FileMeta, options: AnalyzerOptions): AnalyzerResult | undefined {
  const sink = analyzer.openStream!({ path, meta, layer: FIXTURE_LAYER }, options);
  const data = readFileSync(abs);
  for (let off = 0; off < data.length; off += 65536) sink.write(data.subarray(off, off + 65536));
  return sink.end();
}

export async function runAnalyzer(analyzer: Analyzer, dir: string, opts: Partial<AnalyzerOptions> & { os?: OsInfo } = {}): Promise<AnalyzerRun> {
  const options: AnalyzerOptions = { mode: opts.mode ?? 'rootfs' };
  const matched: AnalyzerFile[] = [];
  const results: AnalyzerRun['results'] = [];
  for (const { path, abs, meta } of walk(dir)) {
    if (!analyzer.matches(path, meta)) continue;
    if (streamsFile(analyzer, meta)) {
      const r = streamFile(analyzer, path, abs, meta, options);
      if (r) results.push({ path, result: r });
      continue;
    }
    // randomAccess analyzers read ranges on demand, as in the directory walk.
    const opened: OpenedSource | undefined = analyzer.randomAccess && meta.type === 'file' ? openFileSource(abs, meta.size) : undefined;
    const wants = !opened && analyzer.needsContent !== false && meta.type === 'file' && meta.size <= (analyzer.maxBytes ?? Infinity);
    const file: AnalyzerFile = { path, meta, layer: FIXTURE_LAYER, ...(wants ? { content: readFileSync(abs) } : {}), ...(opened ? { source: opened.source } : {}) };
    matched.push(file);
    try {
      if (analyzer.analyze) {
        const r = await analyzer.analyze(file, options);
        if (r) results.push({ path, result: r });
      }
    } finally {
      opened?.close();
    }
  }
  if (analyzer.analyzeGroup && matched.length) {
    for (const r of await analyzer.analyzeGroup(matched, options)) results.push({ path: r.path ?? matched[0].path, result: r });
  }
  let packages = results.flatMap((r) => r.result.packages ?? []);
  if (analyzer.finalizePackages) packages = analyzer.finalizePackages(packages, opts.os);
  return { results, packages, warnings: results.flatMap((r) => r.result.warnings ?? []) };
}

/** `name@version` of each package, sorted: the usual shape of an analyzer assertion. */
export function idsOf(packages: ReadonlyArray<{ name: string; version: string }>): string[] {
  return packages.map((p) => `${p.name}@${p.version}`).sort();
}

/** Packages found in one file of a run (by path relative to the fixture directory). */
export function packagesIn(run: AnalyzerRun, path: string): AnalyzerRun['packages'] {
  return run.results.filter((r) => r.path === path).flatMap((r) => r.result.packages ?? []);
}

/** Whether the analyzer asks for a small regular file at this path. */
export function matchesFile(analyzer: Analyzer, path: string): boolean {
  return analyzer.matches(path, { size: 1, mode: 0o644, type: 'file' });
}
