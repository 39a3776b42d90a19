/** Dockerfile misconfigurations: every parsed Dockerfile (fs mode) through every check. */
import type { MisconfigFinding } from '../../../core/index.js';
import { defineDetector } from '../../contract.js';
import { dockerfileChecks } from './registry.js';

export const dockerfileDetector = defineDetector({
  id: 'dockerfile',
  scanner: 'misconfig',
  detect(ctx) {
    const misconfigurations: MisconfigFinding[] = [];
    for (const r of ctx.inventory.results) {
      const df = r.result.facts?.dockerfile;
      if (r.deleted || !df) continue;
      for (const check of dockerfileChecks) {
        for (const v of check.evaluate(df)) {
          misconfigurations.push({
            id: check.id, severity: check.severity, title: check.title, message: v.message, remediation: check.remediation,
            category: 'dockerfile', file: r.path, line: v.line,
          });
        }
      }
    }
    return { misconfigurations };
  },
});
