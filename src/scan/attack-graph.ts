/** Use-case: manifests or a live cluster, plus image scan results → attack graph and ranked paths. */
import { readFile } from 'node:fs/promises';
import { BulwarkError, redactText, type CloudIdentityExit, silentLogger, type Logger, type Report } from '../core/index.js';
import {
  buildGraph, findPaths, graphDot, graphHtml, graphJson, graphMermaid, graphTable, type AttackGraph, type PathOptions, type PathResult,
} from '../graph/index.js';
import { analyzeFiles, nodeIdentityExits, readIacInputs } from '../iac/index.js';
import { asString, containersOf, loadCluster, loadInputs, podTemplateOf, toK8sObject, type K8sObject } from '../k8s/index.js';

export interface AttackGraphOptions extends PathOptions {
  paths?: string[];
  cluster?: { kubeconfig?: string; context?: string; namespace?: string };
  /** Bulwark JSON reports of the images the workloads run (`bulwark image … -f json`). */
  scanPaths?: string[];
  stdin?: () => Promise<string>;
  logger?: Logger;
  /** Stored results for the workloads' images (a Bulwark server's store), added to `scanPaths`. */
  storedReports?: (images: string[]) => Promise<Report[]>;
  /** Terraform/CloudFormation files or directories: dangerous node roles they define become exits of the graph. */
  iacPaths?: string[];
}

export const GRAPH_FORMATS = ['table', 'json', 'dot', 'mermaid', 'html'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export function renderAttackGraph(format: GraphFormat, graph: AttackGraph, result: PathResult): string {
  const writers = { table: graphTable, json: graphJson, dot: graphDot, mermaid: graphMermaid, html: graphHtml };
  return writers[format](graph, result);
}

/** Every image the pods and pod templates run (init, regular and ephemeral containers), once each. */
export function workloadImages(objects: readonly K8sObject[]): string[] {
  const out = new Set<string>();
  for (const o of objects) {
    const tpl = podTemplateOf(o);
    if (!tpl) continue;
    for (const c of containersOf(tpl)) { const img = asString(c.container.image); if (img) out.add(img); }
  }
  return [...out];
}

/** Plain JSON objects (a stored cluster dump) → model objects; anything that is not an object is skipped with a warning. */
export function objectsFromJson(raw: readonly unknown[], origin: string): { objects: K8sObject[]; warnings: string[] } {
  const objects: K8sObject[] = [];
  const warnings: string[] = [];
  raw.forEach((r, i) => {
    const o = toK8sObject(r, { file: origin, doc: 0, prefix: `items[${i}]` });
    if (typeof o === 'string') warnings.push(`${origin} item ${i + 1}: ${o}`); else objects.push(o);
  });
  return { objects, warnings };
}

/**
 * The objects as they may leave this machine or be stored: Secret and ConfigMap payloads removed (the graph
 * needs their names and references, never their values), then every string redacted.
 */
export function strippedObjects(objects: readonly K8sObject[]): unknown[] {
  return objects.map((o) => {
    const raw = { ...(o.raw as Record<string, unknown>) };
    if (o.kind === 'Secret' || o.kind === 'ConfigMap') { delete raw.data; delete raw.stringData; delete raw.binaryData; }
    const meta = raw.metadata as Record<string, unknown> | undefined;
    if (meta?.annotations) {
      // kubectl's last-applied annotation repeats the whole object, payload included.
      const { 'kubectl.kubernetes.io/last-applied-configuration': _dropped, ...rest } = meta.annotations as Record<string, unknown>;
      raw.metadata = { ...meta, annotations: rest };
    }
    return JSON.parse(redactText(JSON.stringify(raw))) as unknown;
  });
}

/** The graph of objects already in memory with the given image results (the server's use). */
export function attackGraphOf(
  objects: K8sObject[], reports: Report[], opts: PathOptions, exits: readonly CloudIdentityExit[] = [],
): { graph: AttackGraph; result: PathResult } {
  const graph = buildGraph(objects, reports, exits);
  try {
    return { graph, result: findPaths(graph, opts) };
  } catch (err) {
    throw new BulwarkError('USAGE', (err as Error).message);
  }
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

/** The IaC's dangerous node identities; unreadable files are warnings, a path that does not exist is an input error (from readIacInputs). */
async function iacExits(paths: string[], warnings: string[]): Promise<CloudIdentityExit[]> {
  const errors: string[] = [];
  const files = await readIacInputs(paths, errors);
  const analysis = await analyzeFiles(files);
  warnings.push(...errors.map((e) => `--iac: ${e}`), ...analysis.errors.map((e) => `--iac: ${e}`));
  if (!Object.keys(analysis.files).length) warnings.push(`--iac: no IaC files found in ${paths.join(', ')}`);
  return nodeIdentityExits(analysis);
}

export async function buildAttackGraph(opts: AttackGraphOptions): Promise<{ graph: AttackGraph; result: PathResult; objects: K8sObject[] }> {
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
  if (opts.storedReports) scans.push(...await opts.storedReports(workloadImages(objects)));
  const exits = opts.iacPaths?.length ? await iacExits(opts.iacPaths, warnings) : [];
  const { graph, result } = attackGraphOf(objects, scans, opts, exits);
  graph.warnings.unshift(...warnings);
  for (const w of graph.warnings) logger.warn(w);
  return { graph, result, objects };
}
