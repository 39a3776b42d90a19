/**
 * The evaluated body of one resource, whatever the source format (Terraform HCL or plan, CloudFormation, Compose,
 * ECS JSON, Cloud Run YAML): a tree of scalars, lists, objects and unknowns, each node with its location.
 * Adapters (`adapters/`) read these trees into the typed state with the accessors in `read.ts`.
 */
import type { Loc } from './value.js';

export type Scalar = string | number | boolean | null;

export type Node = ScalarNode | ListNode | ObjectNode | UnknownNode;

interface ScalarNode { kind: 'scalar'; value: Scalar; loc: Loc }
interface ListNode { kind: 'list'; items: Node[]; loc: Loc }
export interface ObjectNode { kind: 'object'; fields: Map<string, Node>; loc: Loc }
export interface UnknownNode {
  kind: 'unknown';
  loc: Loc;
  reason: string;
  /** The expression it stands for when it is a reference (`aws_kms_key.k.arn`), for "is it set" checks. */
  ref?: string;
}

/** Which reader produced a resource. */
export type SourceKind = 'terraform' | 'terraform-plan' | 'cloudformation' | 'compose' | 'ecs' | 'cloud-run' | 'cloud';

export function scalar(value: Scalar, loc: Loc): ScalarNode {
  return { kind: 'scalar', value, loc };
}

export function objectNode(loc: Loc, fields: Map<string, Node> = new Map()): ObjectNode {
  return { kind: 'object', fields, loc };
}

export function listNode(loc: Loc, items: Node[] = []): ListNode {
  return { kind: 'list', items, loc };
}

export function unknownNode(loc: Loc, reason: string, ref?: string): UnknownNode {
  return ref === undefined ? { kind: 'unknown', loc, reason } : { kind: 'unknown', loc, reason, ref };
}

/** Plain JSON → nodes, every node at `loc` (inputs without finer positions, such as ECS JSON read from a string). */
export function fromJson(value: unknown, loc: Loc): Node {
  if (Array.isArray(value)) return listNode(loc, value.map((v) => fromJson(v, loc)));
  if (value !== null && typeof value === 'object') {
    const fields = new Map<string, Node>();
    for (const [k, v] of Object.entries(value)) fields.set(k, fromJson(v, loc));
    return objectNode(loc, fields);
  }
  if (value === undefined) return scalar(null, loc);
  return scalar(value as Scalar, loc);
}

/** Nodes → plain JSON; unknowns become `undefined` (dropped from objects). */
export function toJson(node: Node): unknown {
  switch (node.kind) {
    case 'scalar': return node.value;
    case 'unknown': return undefined;
    case 'list': return node.items.map(toJson);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of node.fields) {
        const j = toJson(v);
        if (j !== undefined) out[k] = j;
      }
      return out;
    }
  }
}

/** One resource of the input: `aws_ecs_task_definition.app[0]`, `AWS::ECS::TaskDefinition TaskDef`, a plan's resource. */
export interface RawResource {
  /** Provider type: `aws_ecs_task_definition`, `AWS::ECS::TaskDefinition`. */
  type: string;
  /** Unique within the scan: Terraform address with module path and index, CloudFormation logical id… */
  address: string;
  source: SourceKind;
  loc: Loc;
  body: ObjectNode;
}
