/**
 * Typed reads from a resource body (`model/node.ts`) for the adapters: `bool(body, 'vpc_config.endpoint_public_access', true)`.
 * A path walks object fields; a list on the way (a Terraform block such as `vpc_config { }`) yields its first item.
 * Absent values become the platform default (`explicit: false`, located at the enclosing block); unknown nodes
 * become unknown values. Strings `"true"`/`"false"` and numeric strings convert as Terraform and CloudFormation do.
 */
import type { Node, ObjectNode, UnknownNode } from './node.js';
import { known, unknown, type Loc, type Val } from './value.js';

type Lookup = { node: Node } | { absent: Loc } | { unknown: UnknownNode };

function step(node: Node, key: string): Lookup {
  let cur: Node = node;
  if (cur.kind === 'list') {
    const first = cur.items[0];
    if (!first) return { absent: cur.loc };
    cur = first;
  }
  if (cur.kind === 'unknown') return { unknown: cur };
  if (cur.kind !== 'object') return { absent: cur.loc };
  const next = cur.fields.get(key);
  return next ? { node: next } : { absent: cur.loc };
}

/** The node at `path` (dot-separated), its unknown ancestor, or where it would have been written. */
function lookup(base: Node, path: string): Lookup {
  let cur: Lookup = { node: base };
  if (!path) return cur;
  for (const key of path.split('.')) {
    if (!('node' in cur)) return cur;
    cur = step(cur.node, key);
  }
  if ('node' in cur && cur.node.kind === 'unknown') return { unknown: cur.node };
  return cur;
}

/** The node at `path`, or undefined when absent (unknowns are returned as nodes). */
export function at(base: Node, path: string): Node | undefined {
  const l = lookup(base, path);
  if ('node' in l) return l.node;
  if ('unknown' in l) return l.unknown;
  return undefined;
}

/** True when something (known or not) is written at `path`. */
export function has(base: Node, path: string): boolean {
  return at(base, path) !== undefined;
}

function unknownOf(u: UnknownNode): Val<never> {
  return unknown(u.loc, u.reason);
}

function toBool(n: Node): boolean | undefined {
  if (n.kind !== 'scalar') return undefined;
  if (typeof n.value === 'boolean') return n.value;
  if (n.value === 'true') return true;
  if (n.value === 'false') return false;
  return undefined;
}

function toStr(n: Node): string | undefined {
  if (n.kind !== 'scalar' || n.value === null) return undefined;
  return String(n.value);
}

function toNum(n: Node): number | undefined {
  if (n.kind !== 'scalar' || n.value === null || n.value === '') return undefined;
  const v = Number(n.value);
  return Number.isFinite(v) ? v : undefined;
}

function read<T, D>(base: Node, path: string, conv: (n: Node) => T | undefined, dflt: D): Val<T | D> {
  const l = lookup(base, path);
  if ('unknown' in l) return unknownOf(l.unknown);
  if ('absent' in l) return known(dflt, l.absent, false);
  if (l.node.kind === 'scalar' && l.node.value === null) return known(dflt, l.node.loc, false);
  const v = conv(l.node);
  // A value of the wrong type (a list where a bool belongs) is not evaluated, not guessed.
  if (v === undefined) return unknown(l.node.loc, `${path} is not of the expected type`);
  return known(v, l.node.loc);
}

export function bool(base: Node, path: string, dflt: boolean): Val<boolean>;
export function bool(base: Node, path: string): Val<boolean | undefined>;
export function bool(base: Node, path: string, dflt?: boolean): Val<boolean | undefined> {
  return read(base, path, toBool, dflt);
}

export function str(base: Node, path: string, dflt: string): Val<string>;
export function str(base: Node, path: string): Val<string | undefined>;
export function str(base: Node, path: string, dflt?: string): Val<string | undefined> {
  return read(base, path, toStr, dflt);
}

export function num(base: Node, path: string, dflt: number): Val<number>;
export function num(base: Node, path: string): Val<number | undefined>;
export function num(base: Node, path: string, dflt?: number): Val<number | undefined> {
  return read(base, path, toNum, dflt);
}

/** A list of strings (a single string reads as a one-item list); unknown items are left out and mark it partial. */
export function strList(base: Node, path: string): Val<string[]> {
  const l = lookup(base, path);
  if ('unknown' in l) return unknownOf(l.unknown);
  if ('absent' in l) return known([], l.absent, false);
  const n = l.node;
  if (n.kind === 'scalar') return n.value === null ? known([], n.loc, false) : known([String(n.value)], n.loc);
  if (n.kind !== 'list') return unknown(n.loc, `${path} is not a list`);
  const out: string[] = [];
  let partial = false;
  for (const item of n.items) {
    const s = toStr(item);
    if (s === undefined) partial = true;
    else out.push(s);
  }
  const v = known(out, n.loc);
  if (partial) v.partial = true;
  return v;
}

/** Object items at `path`: every item of a list (repeated blocks), or the object itself; unknown items are skipped. */
export function objects(base: Node, path: string): ObjectNode[] {
  const n = path ? at(base, path) : base;
  if (!n) return [];
  if (n.kind === 'object') return [n];
  if (n.kind === 'list') return n.items.filter((i): i is ObjectNode => i.kind === 'object');
  return [];
}

/** True when the collection at `path` is unknown or has unknown items: "all items are safe" cannot be concluded. */
export function hasUnknownItems(base: Node, path: string): boolean {
  const n = at(base, path);
  if (!n) return false;
  if (n.kind === 'unknown') return true;
  return n.kind === 'list' && n.items.some((i: Node) => i.kind === 'unknown');
}

/** Map-like objects (`tags`, `environment` as a map) as key → node. */
export function entries(base: Node, path: string): Array<[string, Node]> {
  const n = at(base, path);
  return n?.kind === 'object' ? [...n.fields] : [];
}
