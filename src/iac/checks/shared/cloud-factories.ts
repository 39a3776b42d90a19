/** AKS, ACR and DOKS checks differ only in what they read: one factory per resource kind. */
import type { Severity } from '../../../core/index.js';
import { defineCheck, failure, type Example, type IacCheck, type IacProvider } from '../define.js';
import type { State } from '../../model/state.js';
import type { ResourceMeta } from '../../model/meta.js';
import type { Loc, Val } from '../../model/value.js';
import type { AksCluster, AksNodePool, ContainerRegistry } from '../../model/azure/index.js';
import type { DoksCluster } from '../../model/digitalocean/index.js';
import type { ArtifactRepository } from '../../model/google/artifact-registry.js';
import type { CloudRunService } from '../../model/google/cloud-run.js';
import { sameAddress } from '../../adapters/cloud/refs.js';
import { label } from './cloud.js';

interface Common {
  id: string; severity: Severity; title: string; rationale: string; remediation: string;
  cis?: string; trivy?: string | null; checkov?: string[]; references?: string[];
  examples: { fail: Example[]; pass: Example[]; unknown?: Example[] };
}

type Fail = { loc: Loc; message: string } | undefined;

function make<T extends { meta: ResourceMeta; name?: Val<string | undefined> }>(
  provider: IacProvider, service: string, noun: string, list: (s: State) => T[], o: Common & { fails: (r: T, s: State) => Fail },
): IacCheck {
  return defineCheck({
    id: o.id, provider, service, severity: o.severity, title: o.title, rationale: o.rationale, remediation: o.remediation,
    ...(o.cis ? { cis: o.cis } : {}), ...(o.trivy !== undefined ? { trivy: o.trivy } : {}), ...(o.checkov ? { checkov: o.checkov } : {}),
    ...(o.references ? { references: o.references } : {}),
    evaluate: (s) => list(s).flatMap((r) => {
      const f = o.fails(r, s);
      return f ? [failure(r.meta, `${noun} ${label(r.meta, r.name)} ${f.message}`, f.loc)] : [];
    }),
    examples: o.examples,
  });
}

export const aksCheck = (o: Common & { fails: (c: AksCluster, s: State) => Fail }) => make('azure', 'aks', 'cluster', (s) => s.azure.aks.clusters, o);
export const acrCheck = (o: Common & { fails: (r: ContainerRegistry, s: State) => Fail }) => make('azure', 'acr', 'registry', (s) => s.azure.acr.registries, o);
export const arCheck = (o: Common & { fails: (r: ArtifactRepository, s: State) => Fail }) => make('google', 'artifact-registry', 'repository', (s) => s.google.artifactRegistry.repositories, o);
export const doksCheck = (o: Common & { fails: (c: DoksCluster, s: State) => Fail }) => make('digitalocean', 'kubernetes', 'cluster', (s) => s.digitalocean.kubernetes.clusters, o);

/** Every node pool of a cluster: the default one and the separate pool resources that reference it. */
export function aksPools(s: State, c: AksCluster): AksNodePool[] {
  return [c.defaultPool, ...s.azure.aks.nodePools.filter((p) => p.clusterRef && sameAddress(p.clusterRef, c.meta.address))];
}

export const aks = (body: string, pool = '') => `resource "azurerm_kubernetes_cluster" "main" {
  name                = "prod"
  location            = "westeurope"
  resource_group_name = "platform"
  dns_prefix          = "prod"
  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
${pool}  }
  identity {
    type = "SystemAssigned"
  }
${body}}
`;

export const acr = (body: string) => `resource "azurerm_container_registry" "main" {
  name                = "acmeprod"
  resource_group_name = "platform"
  location            = "westeurope"
${body}}
`;

export const doks = (body: string) => `resource "digitalocean_kubernetes_cluster" "main" {
  name    = "prod"
  region  = "nyc1"
  version = "1.31.1-do.4"
  node_pool {
    name       = "worker-pool"
    size       = "s-2vcpu-4gb"
    node_count = 3
  }
${body}}
`;

export const ar = (body: string, extra = '') => `resource "google_artifact_registry_repository" "images" {
  location      = "us-central1"
  repository_id = "images"
  format        = "DOCKER"
${body}}
${extra}`;
export const runCheck = (o: Common & { fails: (r: CloudRunService, s: State) => Fail }) => make('google', 'cloud-run', 'service', (s) => s.google.cloudRun.services, o);
