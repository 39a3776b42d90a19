/** Workload → pod template: where each controller keeps its PodSpec (and the field path to it). */
import { asArray, asJson, asString, isJson, memoized, type Json, type K8sObject } from './object.js';

export interface PodTemplate {
  /** Pod metadata (annotations matter for AppArmor/seccomp annotations). */
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  spec: Json;
  /** Path from the object root to the PodSpec, e.g. `spec.template.spec`. */
  specPath: string;
  /** Path from the object root to the pod metadata. */
  metadataPath: string;
}

const TEMPLATE_PATHS: Record<string, string[]> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const WORKLOAD_KINDS = Object.keys(TEMPLATE_PATHS);

export function isWorkload(kind: string): boolean {
  return kind in TEMPLATE_PATHS;
}

function labelsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const o = asJson(v);
  for (const k in o) if (Object.hasOwn(o, k) && typeof o[k] === 'string') out[k] = o[k];
  return out;
}

const TEMPLATE = Symbol('podTemplate');
const CONTAINERS = Symbol('containers');

/** The pod template of a workload, or undefined for other kinds or a template without spec (memoised per object). */
export function podTemplateOf(obj: K8sObject): PodTemplate | undefined {
  return memoized(obj, TEMPLATE, readTemplate);
}

function readTemplate(obj: K8sObject): PodTemplate | undefined {
  const path = TEMPLATE_PATHS[obj.kind];
  if (!path) return undefined;
  let node: unknown = obj.raw;
  for (const seg of path) node = asJson(node)[seg];
  if (!isJson(node)) return undefined;
  const spec = node.spec;
  if (!isJson(spec)) return undefined;
  const meta = asJson(node.metadata);
  const base = path.join('.');
  return {
    metadata: { labels: labelsOf(meta.labels), annotations: labelsOf(meta.annotations) },
    spec,
    specPath: base ? `${base}.spec` : 'spec',
    metadataPath: base ? `${base}.metadata` : 'metadata',
  };
}

export interface ContainerRef {
  container: Json;
  name: string;
  /** `spec.containers[0]` relative to the object root. */
  path: string;
  kind: 'initContainers' | 'containers' | 'ephemeralContainers';
}

/** visitContainers order (pod-security-admission policy/visitor.go): init, regular, ephemeral. */
export function containersOf(tpl: PodTemplate): ContainerRef[] {
  return memoized(tpl, CONTAINERS, listContainers);
}

function listContainers(tpl: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asArray(tpl.spec[kind]).forEach((c, i) => {
      if (!isJson(c)) return;
      out.push({ container: c, name: asString(c.name) ?? '', path: `${tpl.specPath}.${kind}[${i}]`, kind });
    });
  }
  return out;
}

type Segment = string | number;

/**
 * Reads a nested field (up to four steps); undefined when any step is missing or null. Fixed parameters, not a rest
 * list: the checks call this for every container of every object (and admission review), and a rest list is an array per call.
 */
export function get(obj: unknown, a: Segment, b?: Segment, c?: Segment, d?: Segment): unknown {
  let node = step(obj, a);
  if (b === undefined || node === undefined) return node;
  node = step(node, b);
  if (c === undefined || node === undefined) return node;
  node = step(node, c);
  if (d === undefined || node === undefined) return node;
  return step(node, d);
}

function step(node: unknown, seg: Segment): unknown {
  const v = typeof seg === 'number' ? (Array.isArray(node) ? node[seg] : undefined) : isJson(node) ? node[seg] : undefined;
  return v === null ? undefined : v;
}
