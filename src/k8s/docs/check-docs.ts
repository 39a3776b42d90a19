/** Renders docs/checks/*.md from the check definitions (kept in sync by test/k8s/check-docs.test.ts). */
import { K8S_CHECK_GROUPS } from '../../core/index.js';
import { builtinChecks } from '../checks/registry.js';
import { trivyShortId, type CheckDef, type Equivalents } from '../checks/define.js';
import { PSS_EQUIVALENTS, PSS_SEVERITY } from '../checks/pss.js';
import { LATEST_VERIFIED_MINOR, PSS_CHECKS } from '../pss/registry.js';
import type { PssCheckDef } from '../pss/types.js';

/** Trivy/Checkov lines of a page; `undefined` equivalents (CIS control-plane checks) print nothing. */
function equivalentLines(eq: Equivalents | undefined): string[] {
  if (!eq) return [];
  const lines: string[] = [];
  if (eq.trivy) lines.push(`- **Trivy:** \`${eq.trivy}\` (${trivyShortId(eq.trivy)})`);
  else if (eq.trivy === null) lines.push('- **Trivy:** none (no equivalent check in trivy-checks)');
  const tf = eq.checkovTerraform ? ` (on Terraform \`kubernetes_*\`: ${eq.checkovTerraform.map((c) => `\`${c}\``).join(', ')})` : '';
  if (eq.checkov?.length) lines.push(`- **Checkov:** ${eq.checkov.map((c) => `\`${c}\``).join(', ')}${tf}`);
  else if (eq.checkov) lines.push('- **Checkov:** none (no equivalent Checkov check)');
  if (eq.note) lines.push(`- **Equivalents per finding:** ${eq.note}`);
  return lines;
}

function ignoreLines(id: string, eq: Equivalents | undefined): string[] {
  if (!eq) return [];
  const foreign = [...(eq.trivy ? [`\`#trivy:ignore:${eq.trivy}\` (or \`${trivyShortId(eq.trivy)}\`)`] : []),
    ...(eq.checkovTerraform ?? eq.checkov ?? []).map((c) => `\`#checkov:skip=${c}:reason\` inside the resource`)];
  return ['## Ignoring it inline (Terraform)', '',
    `\`#bulwark:ignore:${id}\`${foreign.length ? `, ${foreign.join(', ')}` : ''} — on the line before the attribute or the resource (see ../iac.md).`, ''];
}

function versions(def: PssCheckDef): string {
  return def.versions.map((v) => `v1.${v.minVersion}${v.overrides?.length ? ` (replaces \`${v.overrides.join('`, `')}\` at restricted)` : ''}`).join(', ');
}

function pssPage(def: PssCheckDef): string {
  return [
    `# ${def.bwId}: ${def.title}`,
    '',
    `- **Group:** Pod Security Standards — level **${def.level}**, control **${def.control}**`,
    `- **Severity:** ${PSS_SEVERITY[def.id] ?? 'medium'}`,
    `- **pod-security-admission check:** \`${def.id}\``,
    `- **Policy versions with a revision:** ${versions(def)}`,
    `- **Upstream source:** \`${def.source}\``,
    ...equivalentLines(PSS_EQUIVALENTS[def.id]),
    '',
    '## What it checks',
    '',
    `The ${def.control} control of the ${def.level} profile, exactly as pod-security-admission evaluates it at the`,
    `selected policy version (\`--pss-version\`, default latest = v1.${LATEST_VERIFIED_MINOR}). It applies to Pods and to the pod`,
    'templates of Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers and',
    'PodTemplates, visiting init, regular and ephemeral containers. Each failing field is one finding whose',
    '`field` is the exact path and whose message is the PodSecurity wording (`violates PodSecurity "level:version": …`).',
    '',
    '## Remediation',
    '',
    def.remediation,
    '',
    ...ignoreLines(def.bwId, PSS_EQUIVALENTS[def.id]),
    '## References',
    '',
    '- https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    `- https://github.com/${def.source.replace(' ', '/blob/master/')}`,
    '',
  ].join('\n');
}

function checkPage(def: CheckDef): string {
  const lines = [
    `# ${def.id}: ${def.title}`,
    '',
    `- **Group:** ${K8S_CHECK_GROUPS[def.group]}`,
    `- **Severity:** ${def.severity} (default; some findings state their own)`,
  ];
  if (def.cis) lines.push(`- **CIS Kubernetes Benchmark:** ${def.cis}`);
  if (def.requires?.length) lines.push(`- **Needs readable:** ${def.requires.join(', ')} (otherwise reported as *not evaluated*)`);
  for (const [kind, needs] of Object.entries(def.requiresPerKind ?? {})) {
    lines.push(`- **Findings on ${kind} need readable:** ${needs.join(', ')} (otherwise those are *not evaluated* and the check is *partial*)`);
  }
  lines.push(...equivalentLines(def.equivalents));
  lines.push('', '## What it checks', '', def.description, '', '## Remediation', '', def.remediation, '', ...ignoreLines(def.id, def.equivalents));
  if (def.references?.length) lines.push('## References', '', ...def.references.map((r) => `- ${r}`), '');
  return lines.join('\n');
}

function indexCells(eq: Equivalents | undefined): string {
  if (!eq) return ' | ';
  const trivy = eq.trivy === null ? 'none' : eq.trivy ?? '';
  const checkov = eq.checkov && !eq.checkov.length ? 'none' : (eq.checkov ?? []).join(', ');
  return `${trivy} | ${checkov}`;
}

/** File name → Markdown for every check, plus README.md as the index. */
export function renderCheckDocs(): Map<string, string> {
  const out = new Map<string, string>();
  const index = ['# Kubernetes checks', '', 'Generated from the check definitions in `src/k8s` — do not edit by hand',
    '(regenerate: `UPDATE_DOCS=1 node scripts/run-tests.mjs test/k8s/check-docs`).', '',
    '| Id | Group | Severity | Title | Trivy | Checkov |', '|---|---|---|---|---|---|'];
  for (const def of PSS_CHECKS) {
    out.set(`${def.bwId}.md`, pssPage(def));
    index.push(`| [${def.bwId}](${def.bwId}.md) | PSS ${def.level}: ${def.control} | ${PSS_SEVERITY[def.id] ?? 'medium'} | ${def.title} | ${indexCells(PSS_EQUIVALENTS[def.id])} |`);
  }
  for (const def of builtinChecks) {
    if (def.group === 'pss') continue;
    out.set(`${def.id}.md`, checkPage(def));
    index.push(`| [${def.id}](${def.id}.md) | ${K8S_CHECK_GROUPS[def.group]}${def.cis ? ` ${def.cis}` : ''} | ${def.severity} | ${def.title} | ${indexCells(def.equivalents)} |`);
  }
  index.push('', 'Custom CEL rules (ValidatingAdmissionPolicy) report as `VAP-<policy>[<validation index>]`; see ../k8s.md.', '');
  out.set('README.md', index.join('\n'));
  return out;
}
