/**
 * References between resources (`node_role_arn = aws_iam_role.node.arn`, `!GetAtt NodeRole.Arn`): the node is
 * unknown (known after apply), but which resource it points at is known, and that is all the cloud checks need to
 * join a node group to its role or a policy to its repository.
 */
import { at } from '../../model/read.js';
import type { Node } from '../../model/node.js';

/** The address `ref` names, resolved in the module of `from` (`module.eks.aws_eks_node_group.x` + `aws_iam_role.node.arn` → `module.eks.aws_iam_role.node`). */
export function refAddress(from: string, ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const parts = ref.replace(/\[[^\]]*\]/g, '').split('.');
  // CloudFormation: `NodeRole`, `NodeRole.Arn` (logical ids have no underscore-typed prefix).
  if (parts.length < 2 || !/^[a-z][a-z0-9]*_[a-z0-9_]+$/.test(parts[0])) return parts[0] || undefined;
  if (parts[0] === 'data' || parts[0] === 'var' || parts[0] === 'local' || parts[0] === 'module') return undefined;
  const prefix = from.replace(/[^.]+\.[^.[]+(\[[^\]]*\])?$/, '');
  return `${prefix}${parts[0]}.${parts[1]}`;
}

/** The referenced address at `path`, when the value there is a reference. */
export function refAt(body: Node, path: string, from: string): string | undefined {
  const n = at(body, path);
  return n?.kind === 'unknown' ? refAddress(from, n.ref) : undefined;
}

/** Addresses compare without instance keys: `aws_iam_role.node[0]` is `aws_iam_role.node`. */
export function sameAddress(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const strip = (s: string) => s.replace(/\[[^\]]*\]/g, '');
  return strip(a) === strip(b);
}
