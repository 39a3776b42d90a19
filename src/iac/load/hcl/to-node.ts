/**
 * A resource body from hcl2json → located nodes, evaluating as it goes: attributes are evaluated in the module scope,
 * nested blocks keep their own lines, `dynamic` blocks are expanded when their `for_each` is known (else the block is
 * unknown), and every unknown is counted.
 */
import { listNode, objectNode, scalar, unknownNode, type Node, type ObjectNode } from '../../model/node.js';
import type { Loc } from '../../model/value.js';
import { evalJson, type Scope } from './eval.js';
import type { LocBody } from './locate.js';
import { isObj, isUnknown, type HclValue } from './value.js';

/** Keys that configure Terraform itself, not the resource: only at a resource's top level (`provider { key_arn }` inside `encryption_config` is data). */
const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', 'dynamic']);

export interface NodeBuilder {
  file: string;
  unknowns: number;
}

export function valueToNode(v: HclValue, loc: Loc, b: NodeBuilder): Node {
  if (isUnknown(v)) {
    if (v.encoded !== undefined) return valueToNode(v.encoded, loc, b);
    b.unknowns++;
    return unknownNode(loc, v.reason, v.ref);
  }
  if (Array.isArray(v)) return listNode(loc, v.map((x) => valueToNode(x, loc, b)));
  if (isObj(v)) return objectNode(loc, new Map(Object.entries(v).map(([k, x]) => [k, valueToNode(x, loc, b)])));
  return scalar(v, loc);
}

function append(fields: Map<string, Node>, key: string, node: Node, loc: Loc): void {
  const cur = fields.get(key);
  if (!cur) fields.set(key, listNode(loc, [node]));
  else if (cur.kind === 'list') cur.items.push(node);
}

function expandDynamic(raw: unknown, loc: LocBody | undefined, at: Loc, scope: Scope, b: NodeBuilder, fields: Map<string, Node>): void {
  if (!isObj(raw as HclValue)) return;
  for (const [name, defs] of Object.entries(raw as Record<string, unknown>)) {
    const locs = loc?.blocks.get('dynamic')?.filter((d) => d.labels[0] === name) ?? [];
    (Array.isArray(defs) ? defs : [defs]).forEach((def: Record<string, unknown>, i) => {
      const dl = locs[i];
      const dloc: Loc = dl ? { file: b.file, line: dl.line, endLine: dl.endLine } : at;
      const each = evalJson(def.for_each, scope);
      const iterator = typeof def.iterator === 'string' ? def.iterator.replace(/^\$\{(.*)\}$/, '$1') : name;
      const content = (Array.isArray(def.content) ? def.content[0] : def.content) as Record<string, unknown> | undefined;
      if (isUnknown(each)) {
        b.unknowns++;
        if (!fields.has(name)) fields.set(name, unknownNode(dloc, `dynamic "${name}": for_each ${each.reason}`));
        return;
      }
      const items: Array<[HclValue, HclValue]> = Array.isArray(each) ? each.map((v, k) => [k, v]) : isObj(each) ? Object.entries(each) : [];
      const contentLoc = dl?.body.blocks.get('content')?.[0];
      for (const [key, value] of items) {
        const inner: Scope = { ...scope, extra: { ...scope.extra, [iterator]: { key, value } } };
        append(fields, name, buildBody(content ?? {}, contentLoc?.body, contentLoc ? { file: b.file, line: contentLoc.line, endLine: contentLoc.endLine } : dloc, inner, b, true), dloc);
      }
    });
  }
}

export function buildBody(raw: Record<string, unknown>, loc: LocBody | undefined, at: Loc, scope: Scope, b: NodeBuilder, nested = false): ObjectNode {
  const fields = new Map<string, Node>();
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'dynamic' || (!nested && META.has(key))) continue;
    const blocks = loc?.blocks.get(key);
    if (blocks && Array.isArray(value)) {
      const items = value.map((item: unknown, i) => {
        const bl = blocks[i];
        const bloc: Loc = bl ? { file: b.file, line: bl.line, endLine: bl.endLine } : at;
        return isObj(item as HclValue) ? buildBody(item as Record<string, unknown>, bl?.body, bloc, scope, b, true) : valueToNode(evalJson(item, scope), bloc, b);
      });
      fields.set(key, listNode(blocks[0] ? { file: b.file, line: blocks[0].line } : at, items));
      continue;
    }
    const line = loc?.attrs.get(key) ?? at.line;
    fields.set(key, valueToNode(evalJson(value, scope), { file: b.file, line }, b));
  }
  if (raw.dynamic !== undefined) expandDynamic(raw.dynamic, loc, at, scope, b, fields);
  return objectNode(at, fields);
}
