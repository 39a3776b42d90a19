/** `registry scan` as a table: one row per repository, then totals, failures and the layer-walk count. */
import { table } from './render.js';
import type { RegistryScanResult } from './scan.js';

export function scanText(r: RegistryScanResult): string {
  const rows = r.repositories.map((x) => [x.repository, x.tags, x.images, x.scanned, x.skipped, x.failed, x.critical, x.high, x.kev, x.secrets]);
  const out = [table(['REPOSITORY', 'TAGS', 'IMAGES', 'SCANNED', 'SKIPPED', 'FAILED', 'CRITICAL', 'HIGH', 'KEV', 'SECRETS'], rows)];
  const i = r.images;
  out.push(`\n${r.host}${r.prefix ? `/${r.prefix}` : ''}: ${r.repositories.length} repositories, ${r.tags.total} tags, ${i.unique} unique images; `
    + `scanned ${i.scanned}${i.fromEarlierRun ? `, ${i.fromEarlierRun} from the interrupted run` : ''}${i.skippedSince ? `, ${i.skippedSince} older than --since` : ''}, `
    + `${i.failed.length} failed; ${r.layers.unique} unique layers, ${r.layers.walked} walked (the rest came from the layer cache); ${(r.durationMs / 1000).toFixed(1)} s\n`);
  if (r.tags.artifacts) out.push(`${r.tags.artifacts} tags are artifacts, not images (not scanned)\n`);
  for (const f of [...i.failed, ...r.tags.unresolved]) out.push(`NOT SCANNED ${f.reference}: ${f.error}\n`);
  return out.join('');
}
