/**
 * Single-document formats: Terraform plan JSON (`terraform show -json`: planned values, `after_unknown` marked
 * unknown, then the same adapters as HCL), ECS task definitions (`register-task-definition` input or
 * `describe-task-definition` output), CloudFormation templates (`cloudformation.ts`), Cloud Run (Knative) service YAML.
 */
import { ecsTaskDefinition } from '../adapters/ecs-containers.js';
import { adaptResources } from '../adapters/terraform/index.js';
import { fromJson, unknownNode, type Node, type ObjectNode, type RawResource } from '../model/node.js';
import type { Loc } from '../model/value.js';
import type { Analysis } from './analysis.js';
import type { FileFormat } from './detect.js';
import { readCloudFormation } from './cloudformation.js';
import { parseYamlNodes } from './yaml-nodes.js';
import { cloudRunYaml } from '../adapters/cloud-run.js';
import { at } from '../model/read.js';

type Json = Record<string, unknown>;

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Marks `after_unknown: true` paths of a planned value as unknown nodes. */
function markUnknown(node: Node, unknownTree: unknown, counter: { n: number }): Node {
  if (unknownTree === true) {
    counter.n++;
    return unknownNode(node.loc, 'known only after apply');
  }
  if (node.kind === 'object' && unknownTree && typeof unknownTree === 'object' && !Array.isArray(unknownTree)) {
    for (const [k, u] of Object.entries(unknownTree as Json)) {
      const child = node.fields.get(k);
      if (child) node.fields.set(k, markUnknown(child, u, counter));
      else if (u === true) { counter.n++; node.fields.set(k, unknownNode(node.loc, 'known only after apply')); }
    }
  }
  if (node.kind === 'list' && Array.isArray(unknownTree)) node.items = node.items.map((it, i) => markUnknown(it, unknownTree[i], counter));
  return node;
}

function readPlan(a: Analysis, file: string, text: string): void {
  const plan = JSON.parse(text) as Json;
  const unknownByAddr = new Map<string, unknown>();
  for (const rc of (plan.resource_changes ?? []) as Json[]) unknownByAddr.set(String(rc.address), (rc.change as Json | undefined)?.after_unknown);
  const raws: RawResource[] = [];
  const counter = { n: 0 };
  const visit = (mod: Json | undefined): void => {
    if (!mod) return;
    for (const r of (mod.resources ?? []) as Json[]) {
      if (r.mode !== 'managed') continue;
      const address = String(r.address);
      const at = text.indexOf(`"address":"${address}"`) >= 0 ? text.indexOf(`"address":"${address}"`) : text.indexOf(`"address": "${address}"`);
      const loc: Loc = { file, line: at >= 0 ? lineAt(text, at) : 1 };
      const body = markUnknown(fromJson(r.values ?? {}, loc), unknownByAddr.get(address), counter) as ObjectNode;
      raws.push({ type: String(r.type), address, source: 'terraform-plan', loc, body });
    }
    for (const c of (mod.child_modules ?? []) as Json[]) visit(c);
  };
  visit((plan.planned_values as Json | undefined)?.root_module as Json | undefined);
  a.resources += raws.length;
  a.unknownValues += counter.n;
  adaptResources(raws, a);
}

function readEcs(a: Analysis, file: string, text: string): void {
  const doc = JSON.parse(text) as Json;
  const td = (doc.taskDefinition ?? doc) as Json;
  const loc: Loc = { file, line: 1 };
  const family = typeof td.family === 'string' ? td.family : file;
  a.state.aws.ecs.taskDefinitions.push(ecsTaskDefinition({ address: family, type: 'ecs:task-definition', source: 'ecs', loc }, fromJson(td, loc) as ObjectNode, 'json'));
  a.resources++;
}

function readCloudRun(a: Analysis, file: string, text: string): void {
  const parsed = parseYamlNodes(text, file);
  a.errors.push(...parsed.errors);
  for (const doc of parsed.docs) {
    if (doc.root?.kind !== 'object') continue;
    const name = at(doc.root, 'metadata.name');
    const address = name?.kind === 'scalar' ? String(name.value) : `${file}:${doc.line}`;
    cloudRunYaml({ type: 'run.googleapis.com/Service', address, source: 'cloud-run', loc: doc.root.loc, body: doc.root }, a.state);
    a.resources++;
  }
}

export function readDocumentFormat(a: Analysis, format: FileFormat, file: string, text: string): void {
  try {
    if (format === 'terraform-plan') readPlan(a, file, text);
    else if (format === 'ecs') readEcs(a, file, text);
    else if (format === 'cloudformation') readCloudFormation(a, file, text);
    else if (format === 'cloud-run') readCloudRun(a, file, text);
    else a.notes.push(`${file}: ${format} is recognised but not evaluated yet: no checks ran on it`);
  } catch (err) {
    a.errors.push(`${file}: invalid ${format} document: ${(err as Error).message.split('\n')[0]}`);
  }
}
