/**
 * `bulwark cloud <provider>`: read the provider live (recording a snapshot when asked) or replay a snapshot, and
 * turn what was read into the typed state. The SDKs load only on the live path.
 */
import { BulwarkError } from '../../core/index.js';
import { emptyState, type State } from '../model/state.js';
import { liveCaller, readManifest, replayCaller, writeManifest, type Caller, type CallError, type CloudProvider, type LiveSend } from './snapshot.js';
import { collectAws } from './aws/collect.js';
import { adaptAws } from './aws/adapt.js';
import { collectGcp } from './gcp/collect.js';
import { adaptGcp } from './gcp/adapt.js';
import { collectAzure } from './azure/collect.js';
import { adaptAzure } from './azure/adapt.js';
import { collectDigitalOcean } from './digitalocean/collect.js';
import { adaptDigitalOcean } from './digitalocean/adapt.js';
// The live backends load their SDKs inside the functions: importing them here costs nothing on the replay path.
import { awsLiveSend, defaultAwsRegion } from './aws/live.js';
import { defaultGcpProject, gcpLiveSend } from './gcp/live.js';
import { azureLiveSend } from './azure/live.js';
import { digitalOceanLiveSend } from './digitalocean/live.js';

export interface ReadCloudOptions {
  provider: CloudProvider;
  /** Replay this snapshot directory instead of calling the provider. */
  fromSnapshot?: string;
  /** Record every response into this directory. */
  snapshot?: string;
  /** AWS regions (default: the SDK's configured region). */
  regions?: string[];
  /** GCP project (default: the one Application Default Credentials name). */
  project?: string;
  /** Azure subscription id (default: AZURE_SUBSCRIPTION_ID). */
  subscription?: string;
  /** Overrides the provider endpoint (tests, private endpoints). */
  endpoint?: string;
  now?: Date;
}

interface CloudRead {
  state: State;
  /** account / project / subscription / team, and regions. */
  scope: Record<string, string | string[]>;
  /** Reads that failed: what they cover is unknown, never reported as compliant or not. */
  warnings: string[];
  calls: number;
  resources: number;
}

const describe = (what: string, e: CallError, where?: string) => `${what}${where ? ` (${where})` : ''}: ${e.kind === 'denied' ? 'access denied' : e.kind === 'not-in-snapshot' ? 'not in the snapshot' : e.name} — ${e.message}`;

async function liveSend(o: ReadCloudOptions): Promise<{ send: LiveSend; scope: Record<string, string | string[]> }> {
  switch (o.provider) {
    case 'aws': {
      const regions = o.regions?.length ? o.regions : [await defaultAwsRegion()].filter((r): r is string => Boolean(r));
      if (!regions.length) throw new BulwarkError('USAGE', 'no AWS region: pass --region (or set AWS_REGION / a profile region)');
      return { send: awsLiveSend({ ...(o.endpoint ? { endpoint: o.endpoint } : {}) }), scope: { regions } };
    }
    case 'gcp': {
      const project = o.project ?? await defaultGcpProject();
      if (!project) throw new BulwarkError('USAGE', 'no GCP project: pass --project (or set GOOGLE_CLOUD_PROJECT)');
      return { send: gcpLiveSend({ projectId: project, ...(o.endpoint ? { apiEndpoint: o.endpoint } : {}) }), scope: { project } };
    }
    case 'azure': {
      const subscription = o.subscription ?? process.env.AZURE_SUBSCRIPTION_ID;
      if (!subscription) throw new BulwarkError('USAGE', 'no Azure subscription: pass --subscription (or set AZURE_SUBSCRIPTION_ID)');
      return { send: azureLiveSend({ ...(o.endpoint ? { endpoint: o.endpoint } : {}) }), scope: { subscription } };
    }
    case 'digitalocean': {
      return { send: digitalOceanLiveSend({ ...(o.endpoint ? { baseUrl: o.endpoint } : {}) }), scope: {} };
    }
  }
}

export async function readCloud(o: ReadCloudOptions): Promise<CloudRead> {
  let call: Caller;
  let scope: Record<string, string | string[]>;
  const counter = { calls: 0 };
  if (o.fromSnapshot) {
    const m = await readManifest(o.fromSnapshot);
    if (m.provider !== o.provider) throw new BulwarkError('USAGE', `${o.fromSnapshot} is a ${m.provider} snapshot, not ${o.provider}`);
    scope = { ...m.scope };
    call = replayCaller(o.fromSnapshot);
    const inner = call;
    call = async (...args) => { counter.calls++; return inner(...args); };
  } else {
    const live = await liveSend(o);
    scope = live.scope;
    call = liveCaller(live.send, o.snapshot ? { dir: o.snapshot, counter } : undefined);
    if (!o.snapshot) {
      const inner = call;
      call = async (...args) => { counter.calls++; return inner(...args); };
    }
  }
  const state = emptyState();
  const warnings: string[] = [];
  const str = (k: string) => { const v = scope[k]; return typeof v === 'string' ? v : undefined; };
  switch (o.provider) {
    case 'aws': {
      const regions = Array.isArray(scope.regions) ? scope.regions : o.regions ?? [];
      const inv = await collectAws(call, regions);
      if (inv.account) scope.account = inv.account;
      adaptAws(inv, state);
      for (const e of inv.errors) warnings.push(describe(e.what, e.error, e.region));
      break;
    }
    case 'gcp': {
      const inv = await collectGcp(call, str('project') ?? o.project ?? '');
      adaptGcp(inv, state);
      for (const e of inv.errors) warnings.push(describe(e.what, e.error, e.location));
      break;
    }
    case 'azure': {
      const inv = await collectAzure(call, str('subscription') ?? o.subscription ?? '');
      adaptAzure(inv, state);
      for (const e of inv.errors) warnings.push(describe(e.what, e.error));
      break;
    }
    case 'digitalocean': {
      const inv = await collectDigitalOcean(call);
      adaptDigitalOcean(inv, state);
      for (const e of inv.errors) warnings.push(describe(e.what, e.error));
      break;
    }
  }
  if (o.snapshot && !o.fromSnapshot) {
    await writeManifest(o.snapshot, { schemaVersion: 1, provider: o.provider, recordedAt: (o.now ?? new Date()).toISOString(), scope, calls: counter.calls });
  }
  return { state, scope, warnings, calls: counter.calls, resources: countResources(state) };
}

function countResources(s: State): number {
  return s.aws.eks.clusters.length + s.aws.eks.nodeGroups.length + s.aws.eks.addons.length + s.aws.ecr.repositories.length + s.aws.iam.roles.length
    + s.google.gke.clusters.length + s.google.gke.nodePools.length + s.google.artifactRegistry.repositories.length
    + s.azure.aks.clusters.length + s.azure.aks.nodePools.length + s.azure.acr.registries.length
    + s.digitalocean.kubernetes.clusters.length + s.digitalocean.registry.registries.length;
}
