/** Renders docs/checks/iac/*.md from the IaC check definitions (kept in sync by test/iac/check-docs.test.ts). */
import type { Example, IacCheck } from '../checks/define.js';
import { iacChecks } from '../checks/registry.js';

const FENCE: Record<string, string> = { tf: 'hcl', tfvars: 'hcl', yml: 'yaml', yaml: 'yaml', json: 'json' };

function example(ex: Example): string[] {
  return Object.entries(ex).flatMap(([name, text]) => [`\`${name}\``, '', '```' + (FENCE[name.split('.').pop() ?? ''] ?? ''), text.trimEnd(), '```', '']);
}

function page(c: IacCheck): string {
  const lines = [
    `# ${c.id}: ${c.title}`,
    '',
    `- **Provider / service:** ${c.provider} / ${c.service}`,
    `- **Severity:** ${c.severity}`,
  ];
  if (c.cis) lines.push(`- **CIS benchmark:** ${c.cis}`);
  if (c.trivy) lines.push(`- **Trivy:** \`${c.trivy}\``);
  else if (c.trivy === null) lines.push('- **Trivy:** none (no equivalent check in trivy-checks)');
  if (c.checkov?.length) lines.push(`- **Checkov:** ${c.checkov.map((x) => `\`${x}\``).join(', ')}`);
  else if (c.checkov) lines.push('- **Checkov:** none (no equivalent Checkov check)');
  lines.push('', '## Why it matters', '', c.rationale, '', '## Remediation', '', c.remediation, '');
  lines.push('## Failing example', '', ...example(c.examples.fail[0]!), '## Passing example', '', ...example(c.examples.pass[0]!));
  if (c.examples.unknown?.length) lines.push('## Not reported (value unknown until deploy time)', '', ...example(c.examples.unknown[0]!));
  const ignoreIds = [c.id, ...(c.trivy ? [c.trivy] : [])];
  lines.push('## Ignoring it inline', '', `\`#bulwark:ignore:${c.id}\`${c.trivy ? `, \`#trivy:ignore:${c.trivy}\`` : ''} on the line before the resource or the attribute`);
  if (c.checkov?.length) lines.push(`(or \`#checkov:skip=${c.checkov[0]}:reason\` inside the resource block)`);
  lines.push(`— see [../../iac.md](../../iac.md#inline-ignores). Ids accepted: ${ignoreIds.concat(c.checkov ?? []).join(', ')}.`, '');
  if (c.references?.length) lines.push('## References', '', ...c.references.map((r) => `- ${r}`), '');
  return lines.join('\n');
}

/** File name → Markdown for every check, plus README.md as the index. */
export function renderIacCheckDocs(): Map<string, string> {
  const all = iacChecks;
  const out = new Map<string, string>();
  const index = ['# IaC and cloud checks', '', 'Generated from the check definitions in `src/iac/checks` — do not edit by hand',
    '(regenerate: `UPDATE_DOCS=1 node scripts/run-tests.mjs test/iac/check-docs`).', '',
    `${all.length} checks. Kubernetes manifests and Terraform \`kubernetes_*\` resources are checked by the Kubernetes checks (../README.md).`, '',
    '| Id | Provider | Service | Severity | Title | Trivy | Checkov |', '|---|---|---|---|---|---|---|'];
  for (const c of all) {
    out.set(`${c.id}.md`, page(c));
    index.push(`| [${c.id}](${c.id}.md) | ${c.provider} | ${c.service} | ${c.severity} | ${c.title} | ${c.trivy === null ? 'none' : c.trivy ?? ''} | ${c.checkov && !c.checkov.length ? 'none' : (c.checkov ?? []).join(', ')} |`);
  }
  index.push('');
  out.set('README.md', index.join('\n'));
  return out;
}
