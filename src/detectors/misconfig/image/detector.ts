/** Image hardening (images and rootfs): config, filesystem and base-OS checks → misconfigurations. */
import type { MisconfigFinding } from '../../../core/index.js';
import { defineDetector, type DetectContext } from '../../contract.js';
import type { ImageFacts } from './check.js';
import { imageChecks } from './registry.js';

export function imageFacts(ctx: DetectContext): ImageFacts {
  const files = ctx.inventory.results
    .filter((r) => !r.deleted)
    .flatMap((r) => (r.result.facts?.fileMeta ?? []).map((fact) => ({ path: r.path, layer: r.layer.digest || undefined, fact })));
  return {
    config: ctx.imageConfig, reference: ctx.reference, os: ctx.inventory.os ?? ctx.os,
    packages: ctx.inventory.packages, files, now: ctx.options.now ?? new Date(),
  };
}

export const imageHardeningDetector = defineDetector({
  id: 'image-hardening',
  scanner: 'misconfig',
  detect(ctx) {
    const facts = imageFacts(ctx);
    const misconfigurations: MisconfigFinding[] = [];
    for (const check of imageChecks) {
      if (check.needsConfig && !facts.config) continue;
      for (const v of check.evaluate(facts)) {
        misconfigurations.push({
          id: check.id, severity: v.severity ?? check.severity, title: check.title, message: v.message,
          remediation: v.remediation ?? check.remediation, category: 'image',
          ...(v.path ? { file: v.path } : {}), ...(v.layer ? { layer: v.layer } : {}),
        });
      }
    }
    return { misconfigurations };
  },
});
