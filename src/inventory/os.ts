/**
 * Picks the OS from visible identification results: lowest `facts.osPriority` (os-release before
 * release files before distroless hints), then the highest layer; gaps filled from agreeing results.
 */
import type { OsInfo } from '../core/index.js';
import type { PlacedResult } from './contract.js';

const priorityOf = (r: PlacedResult): number => r.result.facts?.osPriority ?? 5;

export function detectOs(placed: readonly PlacedResult[]): OsInfo | undefined {
  const hits = placed.filter((r) => !r.deleted && r.result.os)
    .sort((a, b) => priorityOf(a) - priorityOf(b) || b.layer.index - a.layer.index);
  if (hits.length === 0) return undefined;
  const best: OsInfo = { ...hits[0].result.os! };
  for (const h of hits.slice(1)) {
    const o = h.result.os!;
    if (o.family !== best.family) continue;
    if (!best.version && o.version) best.version = o.version;
    if (!best.codename && o.codename) best.codename = o.codename;
    if (!best.prettyName && o.prettyName) best.prettyName = o.prettyName;
  }
  if (hits.some((h) => h.result.os!.distroless)) best.distroless = true;
  return best;
}
