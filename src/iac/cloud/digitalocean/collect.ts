/**
 * Read-only DigitalOcean inventory: DOKS clusters (node pools included) and the container registries, as
 * @digitalocean/dots returns them (its models: the API's snake_case fields in camelCase).
 */
import type { Caller, CallError } from '../snapshot.js';

export type Json = Record<string, unknown>;

export interface DoInventory {
  provider: 'digitalocean';
  clusters: Json[];
  registries: Json[];
  errors: Array<{ what: string; error: CallError }>;
}

export async function collectDigitalOcean(call: Caller): Promise<DoInventory> {
  const inv: DoInventory = { provider: 'digitalocean', clusters: [], registries: [], errors: [] };
  for (let page = 1; page < 1000; page++) {
    const r = await call<{ kubernetesClusters?: Json[]; links?: { pages?: { next?: string } } }>('kubernetes', 'ListClusters', { page, perPage: 200 });
    if (!r.ok) {
      inv.errors.push({ what: 'kubernetes:read (GET /v2/kubernetes/clusters)', error: r.error });
      break;
    }
    inv.clusters.push(...r.output.kubernetesClusters ?? []);
    if (!r.output.links?.pages?.next) break;
  }
  const regs = await call<{ registries?: Json[] }>('registry', 'ListRegistries', {});
  if (regs.ok) inv.registries = regs.output.registries ?? [];
  else if (regs.error.kind !== 'not-found') inv.errors.push({ what: 'registry:read (GET /v2/registries)', error: regs.error });
  inv.clusters.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return inv;
}
