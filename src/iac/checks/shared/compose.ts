/** Compose check plumbing: one factory for "a service setting fails", examples written as the service's extra lines. */
import type { Severity } from '../../../core/index.js';
import { defineCheck, failure, type IacCheck } from '../define.js';
import type { ComposeService } from '../../model/compose.js';
import type { Loc } from '../../model/value.js';

interface Def {
  id: string; severity: Severity; title: string; rationale: string; remediation: string; references: string[];
  /** CIS Docker Benchmark item, when there is one. */
  cis?: string;
  /** Trivy/Checkov equivalents (`null` / `[]`: checked, none exists) — see IacCheck. */
  trivy?: string | null; checkov?: string[];
  fails: (svc: ComposeService) => { loc: Loc; message: string } | undefined;
  fail: string[]; pass: string[]; unknown?: string[];
  /** Whole files, when the service's image itself is what the example changes. */
  examples?: IacCheck['examples'];
}

/** A compose file with one service `app` and these extra lines. */
export const yml = (body: string) => ({ 'docker-compose.yml': `services:\n  app:\n    image: registry.example.com/app:1.4.2\n${body}` });

export function composeCheck(d: Def): IacCheck {
  return defineCheck({
    id: d.id, provider: 'compose', service: 'service', severity: d.severity, title: d.title, rationale: d.rationale,
    remediation: d.remediation, ...(d.cis ? { cis: d.cis } : {}), ...(d.trivy !== undefined ? { trivy: d.trivy } : {}),
    ...(d.checkov ? { checkov: d.checkov } : {}), references: d.references,
    evaluate: (s) => s.compose.services.flatMap((svc) => {
      const f = d.fails(svc);
      return f ? [failure(svc.meta, `service "${svc.name}" ${f.message}`, f.loc)] : [];
    }),
    examples: d.examples ?? { fail: d.fail.map(yml), pass: d.pass.map(yml), ...(d.unknown ? { unknown: d.unknown.map(yml) } : {}) },
  });
}
