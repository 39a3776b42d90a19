/**
 * The live GCP backend: @google-cloud/container and @google-cloud/artifact-registry, loaded on first use, with
 * Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, workload identity,
 * the metadata server). Answers are recorded in the REST/JSON shape (protobuf → JSON: enums as names).
 */
import type { Input, LiveSend } from '../snapshot.js';

interface GcpLiveOptions { apiEndpoint?: string; projectId?: string }

type Gax = Record<string, (req: unknown, opts?: unknown) => Promise<unknown[]>> & { getProjectId(): Promise<string> };

/** The project ADC resolves to (GOOGLE_CLOUD_PROJECT, the credentials file, gcloud config, metadata). */
export async function defaultGcpProject(): Promise<string | undefined> {
  const { ClusterManagerClient } = await import('@google-cloud/container');
  try {
    return await (new ClusterManagerClient() as unknown as Gax).getProjectId();
  } catch {
    return undefined;
  }
}

const json = (m: unknown): unknown => (m && typeof (m as { toJSON?: unknown }).toJSON === 'function' ? (m as { toJSON(): unknown }).toJSON() : m);

export function gcpLiveSend(opts: GcpLiveOptions = {}): LiveSend {
  const cfg = { ...(opts.apiEndpoint ? { apiEndpoint: opts.apiEndpoint } : {}), ...(opts.projectId ? { projectId: opts.projectId } : {}) };
  let container: Promise<Gax> | undefined;
  let registry: Promise<Gax> | undefined;
  const gke = () => (container ??= import('@google-cloud/container').then((m) => new m.ClusterManagerClient(cfg) as unknown as Gax));
  const ar = () => (registry ??= import('@google-cloud/artifact-registry').then((m) => new m.ArtifactRegistryClient(cfg) as unknown as Gax));
  return async (service: string, operation: string, input: Input) => {
    if (service === 'container' && operation === 'ListClusters') return json((await (await gke()).listClusters(input))[0]);
    if (service === 'artifactregistry') {
      const c = await ar();
      if (operation === 'ListLocations') {
        const locations: unknown[] = [];
        const iter = (c as unknown as { listLocationsAsync(r: unknown): AsyncIterable<unknown> }).listLocationsAsync(input);
        for await (const l of iter) locations.push(json(l));
        return { locations };
      }
      // autoPaginate (the default) returns every page's repositories in [0].
      if (operation === 'ListRepositories') return { repositories: ((await c.listRepositories(input))[0] as unknown[]).map(json) };
      if (operation === 'GetIamPolicy') return json((await c.getIamPolicy(input))[0]);
    }
    throw new Error(`no GCP call ${service}:${operation}`);
  };
}
