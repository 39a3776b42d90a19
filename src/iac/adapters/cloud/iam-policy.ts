/** IAM policy documents (JSON text, `jsonencode({...})`, CloudFormation objects) → statements for the node-role checks. */
import { toJson, type Node } from '../../model/node.js';
import { known, type Loc } from '../../model/value.js';
import type { IamStatement } from '../../model/aws/iam.js';

interface ParsedPolicy { statements: IamStatement[]; unknown: boolean }

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** A policy object (already JSON) → statements; anything not shaped like a policy is "unknown", never "allows nothing". */
function policyFromObject(doc: unknown, loc: Loc): ParsedPolicy {
  if (!doc || typeof doc !== 'object') return { statements: [], unknown: true };
  const raw = (doc as { Statement?: unknown }).Statement;
  if (raw === undefined) return { statements: [], unknown: true };
  const items = Array.isArray(raw) ? raw : [raw];
  const statements: IamStatement[] = [];
  for (const s of items) {
    if (!s || typeof s !== 'object') return { statements, unknown: true };
    const st = s as Record<string, unknown>;
    statements.push({
      loc,
      effect: known(String(st.Effect ?? 'Allow'), loc),
      actions: known(list(st.Action), loc),
      ...(st.NotAction !== undefined ? { notActions: known(list(st.NotAction), loc) } : {}),
      resources: known(list(st.Resource ?? (st.NotResource !== undefined ? '*' : undefined)), loc),
    });
  }
  return { statements, unknown: false };
}

/** JSON text (IAM returns it URL-encoded; `decode` undoes that). */
export function policyFromText(text: string | undefined, loc: Loc, decode = false): ParsedPolicy {
  if (!text) return { statements: [], unknown: true };
  try {
    return policyFromObject(JSON.parse(decode ? decodeURIComponent(text) : text), loc);
  } catch {
    return { statements: [], unknown: true };
  }
}

/** The node at a policy attribute: a JSON string, an object (`jsonencode`, CloudFormation), or unknown. */
export function policyFromNode(node: Node | undefined): ParsedPolicy {
  if (!node || node.kind === 'unknown') return { statements: [], unknown: true };
  if (node.kind === 'scalar') return typeof node.value === 'string' ? policyFromText(node.value, node.loc) : { statements: [], unknown: true };
  let unsure = false;
  // A resource or condition known only after apply (`aws_ecr_repository.app.arn`) is a specific resource; an
  // unknown Effect or Action is not something to guess.
  const fill = (n: Node, key: string): Node => {
    if (n.kind === 'unknown') {
      if (TOLERATED.has(key)) return { kind: 'scalar', value: '<known after apply>', loc: n.loc };
      unsure = true;
      return n;
    }
    if (n.kind === 'list') return { ...n, items: n.items.map((i) => fill(i, key)) };
    if (n.kind === 'object') return { ...n, fields: new Map([...n.fields].map(([k, v]) => [k, fill(v, TOLERATED.has(key) ? key : k)])) };
    return n;
  };
  const filled = fill(node, '');
  if (unsure) return { statements: [], unknown: true };
  return policyFromObject(toJson(filled), node.loc);
}

const TOLERATED = new Set(['Resource', 'NotResource', 'Condition', 'Sid', 'Principal']);
