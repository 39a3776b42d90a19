/** `registry report` as text: counts, findings by kind, then the retention plan (dry run or what was deleted). */
import type { RegistryReport } from './report.js';
import { table } from './render.js';

export function reportText(r: RegistryReport): string {
  const out: string[] = [];
  out.push(`Registry ${r.host}${r.prefix ? `/${r.prefix}` : ''} — policy: ${r.policy.source}, stale after ${r.policy.staleDays} days\n\n`);
  const kinds = Object.entries(r.counts).sort(([a], [b]) => a.localeCompare(b));
  out.push(kinds.length ? table(['CHECK', 'COUNT'], kinds.map(([k, n]) => [k, n as number])) : 'No hygiene findings.\n');
  if (r.items.length) {
    out.push('\n');
    out.push(table(['CHECK', 'REPOSITORY', 'TAG', 'DIGEST', 'DETAIL'],
      r.items.map((i) => [i.kind, i.repository, i.tag ?? '-', `${i.digest.slice(0, 19)}…`, i.detail])));
  }
  for (const n of r.notEvaluated) out.push(`NOT EVALUATED ${n}\n`);
  out.push(`\nSignatures: ${r.signatureCheck}\n`);
  const d = r.retention.deletions;
  out.push(`\nRetention (${r.retention.applied ? 'APPLIED' : 'dry run: nothing deleted; --apply --yes deletes'}): ${d.length} manifests to delete, ${r.retention.kept} tags kept\n`);
  if (d.length) {
    out.push(table(['REPOSITORY', 'DIGEST', 'TAGS', 'REASON', ...(r.retention.applied ? ['OUTCOME'] : [])],
      d.map((x) => [x.repository, x.digest, x.tags.join(',') || '(untagged)', x.reason, ...(r.retention.applied ? [x.outcome ?? ''] : [])])));
  }
  return out.join('');
}
