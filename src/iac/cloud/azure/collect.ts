/**
 * Read-only Azure inventory: AKS managed clusters and container registries of one subscription, as the ARM
 * SDKs return them (their documented models: `properties` flattened onto the resource).
 */
import type { Caller, CallError } from '../snapshot.js';

export type Json = Record<string, unknown>;

export interface AzureInventory {
  provider: 'azure';
  subscription: string;
  clusters: Json[];
  registries: Json[];
  errors: Array<{ what: string; error: CallError }>;
}

const byId = (a: Json, b: Json) => String(a.id ?? a.name).localeCompare(String(b.id ?? b.name));

export async function collectAzure(call: Caller, subscription: string): Promise<AzureInventory> {
  const inv: AzureInventory = { provider: 'azure', subscription, clusters: [], registries: [], errors: [] };
  const [clusters, registries] = await Promise.all([
    call<{ value?: Json[] }>('containerservice', 'ManagedClusters_List', { subscriptionId: subscription }),
    call<{ value?: Json[] }>('containerregistry', 'Registries_List', { subscriptionId: subscription }),
  ]);
  if (clusters.ok) inv.clusters = [...clusters.output.value ?? []].sort(byId);
  else inv.errors.push({ what: 'Microsoft.ContainerService/managedClusters/read', error: clusters.error });
  if (registries.ok) inv.registries = [...registries.output.value ?? []].sort(byId);
  else inv.errors.push({ what: 'Microsoft.ContainerRegistry/registries/read', error: registries.error });
  return inv;
}
