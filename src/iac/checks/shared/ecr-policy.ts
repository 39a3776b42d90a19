/** Repository policies, wherever written (on the repository, as `aws_ecr_repository_policy`, or read live), and who they let in. */
import type { State } from '../../model/state.js';
import type { ResourceMeta } from '../../model/meta.js';
import type { Loc } from '../../model/value.js';
import { belongsTo, label } from './cloud.js';
import { actionAllowed } from './iam-actions.js';

interface RepoPolicy { meta: ResourceMeta; repo: string; text: string; loc: Loc }

export function repositoryPolicies(s: State): RepoPolicy[] {
  const out: RepoPolicy[] = [];
  for (const r of s.aws.ecr.repositories) {
    if (r.policy.known && r.policy.value) out.push({ meta: r.meta, repo: label(r.meta, r.name), text: r.policy.value, loc: r.policy.loc });
  }
  for (const a of s.aws.ecr.repositoryPolicies) {
    if (!a.policy?.known || !a.policy.value) continue;
    const owner = s.aws.ecr.repositories.find((r) => belongsTo({ ref: a.repositoryRef, name: a.repository }, r));
    const repo = owner ? label(owner.meta, owner.name) : a.repository.known && a.repository.value ? a.repository.value : a.meta.address;
    out.push({ meta: a.meta, repo, text: a.policy.value, loc: a.policy.loc });
  }
  return out;
}

interface Stmt { Effect?: unknown; Principal?: unknown; Action?: unknown; Condition?: unknown }

/** Everyone: `"*"` or `{ "AWS": "*" }`, with no Condition (a condition such as aws:PrincipalOrgID narrows it). */
function toEveryone(st: Stmt): boolean {
  if (st.Condition !== undefined && st.Condition !== null && Object.keys(st.Condition as object).length > 0) return false;
  const p = st.Principal;
  if (p === '*') return true;
  if (p && typeof p === 'object') {
    const aws = (p as { AWS?: unknown }).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

/** Does the policy let anyone (any AWS account, anonymous) perform one of `actions`? undefined: not parseable. */
export function publicGrant(text: string, actions: readonly string[]): string | undefined | false {
  let doc: { Statement?: Stmt | Stmt[] };
  try {
    doc = JSON.parse(text) as { Statement?: Stmt | Stmt[] };
  } catch {
    return undefined;
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  for (const st of statements) {
    if (st.Effect !== 'Allow' || !toEveryone(st)) continue;
    const granted = (Array.isArray(st.Action) ? st.Action : [st.Action]).map(String);
    const hit = actions.find((a) => actionAllowed(granted, a));
    if (hit) return hit;
  }
  return false;
}

export const POLICY_TF = (statement: string) => `resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${statement}]
  })
}
`;
