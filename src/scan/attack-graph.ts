/** Use-case: manifests or a live cluster, plus image scan results → attack graph and ranked paths. */
import { readFile } from 'node:fs/promises';
import { BulwarkError, silentLogger, type Logger, type Report } from '../core/index.js';
import { buildGraph, findPaths, type AttackGraph, type PathOptions, type PathResult } from '../graph/index.js';
import { loadCluster, loadInputs, type K8sObject } from '../k8s/index.js';

export interface AttackGraphOptions extends PathOptions {
  paths?: string[];
  cluster?: { kubeconfig?: string; context?: string; namespace?: string };
  /** Bulwark JSON reports of the images the workloads run (`bulwark image … -f json`). */
  scanPaths?: string[];
  stdin?: () => Promise<string>;
  logger?: Logger;
}

function isReport(v: unknown): v is Report {
  const r = v as Partial<Report> | null;
  return typeof r === 'object' && r !== null && typeof r.target === 'object' && Array.isArray(r.vulnerabilities) && Array.isArray(r.secrets);
}

/** Bulwark JSON results; anything else is an input error naming the file (never silently ignored). */
export async function readScanResults(paths: readonly string[]): Promise<Report[]> {
  const out: Report[] = [];
  for (const p of paths) {
    let text: string;
    try { text = await readFile(p, 'utf8'); } catch { throw new BulwarkError('INPUT_NOT_FOUND', `--scan ${p}: no such file`); }
    let v: unknown;
    try { v = JSON.parse(text); } catch (err) { throw new BulwarkError('MALFORMED_DOCUMENT', `--scan ${p}: not JSON (${(err as Error).message})`); }
    const list = Array.isArray(v) ? v : [v];
    for (const r of list) {
      if (!isReport(r)) throw new BulwarkError('INPUT_UNRECOGNIZED', `--scan ${p}: not a Bulwark JSON report (bulwark image … -f json)`);
      out.push(r);
    }
  }
  return out;
}

export async function buildAttackGraph(opts: AttackGraphOptions): Promise<{ graph: AttackGraph; result: PathResult }> {
  const logger = opts.logger ?? silentLogger;
  let objects: K8sObject[];
  const warnings: string[] = [];
  if (opts.cluster) {
    const c = await loadCluster({ ...opts.cluster, logger });
    objects = c.objects;
    warnings.push(...c.unreadable.values());
  } else {
    if (!opts.paths?.length) throw new BulwarkError('USAGE', 'give manifest paths, - for stdin, or --cluster');
    const l = await loadInputs(opts.paths, { stdin: opts.stdin });
    objects = l.objects;
    warnings.push(...l.errors);
  }
  const scans = await readScanResults(opts.scanPaths ?? []);
  const graph = buildGraph(objects, scans);
  graph.warnings.unshift(...warnings);
  let result: PathResult;
  try {
    result = findPaths(graph, opts);
  } catch (err) {
    throw new BulwarkError('USAGE', (err as Error).message);
  }
  for (const w of graph.warnings) logger.warn(w);
  return { graph, result };
}
