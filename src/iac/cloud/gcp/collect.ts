/**
 * Read-only GCP inventory: GKE clusters (every location, node pools included in the Cluster resource) and
 * Artifact Registry repositories (gcr.io repositories are Artifact Registry repositories too) with their IAM
 * policies (public access = a binding to allUsers / allAuthenticatedUsers).
 */
import type { Caller, CallError, Outcome } from '../snapshot.js';

export type Json = Record<string, unknown>;

interface GcpRepository { location: string; repository: Json; iamPolicy: Outcome<{ bindings?: Array<{ role?: string; members?: string[] }> }> }

export interface GcpInventory {
  provider: 'gcp';
  project: string;
  /** google.container.v1.Cluster objects, as returned (REST/JSON field names). */
  clusters: Json[];
  repositories: GcpRepository[];
  errors: Array<{ what: string; location?: string; error: CallError }>;
}

export async function collectGcp(call: Caller, project: string): Promise<GcpInventory> {
  const inv: GcpInventory = { provider: 'gcp', project, clusters: [], repositories: [], errors: [] };
  const parent = `projects/${project}/locations/-`;
  const clusters = await call<{ clusters?: Json[]; missingZones?: string[] }>('container', 'ListClusters', { parent });
  if (clusters.ok) {
    inv.clusters = [...clusters.output.clusters ?? []].sort((a, b) => String(a.selfLink ?? a.name).localeCompare(String(b.selfLink ?? b.name)));
    for (const z of clusters.output.missingZones ?? []) inv.errors.push({ what: 'container:ListClusters', location: z, error: { name: 'MissingZone', message: `zone ${z} did not answer: its clusters are unknown`, kind: 'other' } });
  } else inv.errors.push({ what: 'container:ListClusters', error: clusters.error });
  const locations = await call<{ locations?: Array<{ locationId?: string }> }>('artifactregistry', 'ListLocations', { name: `projects/${project}` });
  if (!locations.ok) {
    inv.errors.push({ what: 'artifactregistry:ListLocations', error: locations.error });
    return inv;
  }
  for (const loc of (locations.output.locations ?? []).map((l) => l.locationId ?? '').filter(Boolean).sort()) {
    const repos = await call<{ repositories?: Json[] }>('artifactregistry', 'ListRepositories', { parent: `projects/${project}/locations/${loc}` });
    if (!repos.ok) {
      inv.errors.push({ what: 'artifactregistry:ListRepositories', location: loc, error: repos.error });
      continue;
    }
    for (const repository of repos.output.repositories ?? []) {
      const iamPolicy = await call<{ bindings?: Array<{ role?: string; members?: string[] }> }>('artifactregistry', 'GetIamPolicy', { resource: String(repository.name) });
      inv.repositories.push({ location: loc, repository, iamPolicy });
    }
  }
  return inv;
}
