/**
 * Read-only AWS inventory for the container checks: EKS clusters (+ node groups, add-ons), ECR repositories
 * (+ lifecycle and repository policies, registry scanning rules), the IAM policies of the node roles, and
 * the IAM OIDC providers (IRSA). Every read is one `call`; permissions in permissions.ts.
 */
import type { Addon, Cluster, Nodegroup } from '@aws-sdk/client-eks';
import type { Repository } from '@aws-sdk/client-ecr';
import type { Caller, CallError, Outcome } from '../snapshot.js';

/** A value the collector could not read, and why (checks report "unknown", never a guess). */
export type Read<T> = Outcome<T>;

interface AwsNodegroup { name: string; nodegroup: Read<Nodegroup> }

export interface AwsCluster {
  region: string;
  name: string;
  cluster: Read<Cluster>;
  nodegroups: Read<AwsNodegroup[]>;
  /** Installed add-on names, and vpc-cni's description (network policy lives in its configuration). */
  addons: Read<string[]>;
  vpcCni?: Read<Addon>;
}

interface AwsRepository {
  region: string;
  repository: Repository;
  /** `not-found` error = no lifecycle policy. */
  lifecyclePolicy: Read<{ lifecyclePolicyText?: string }>;
  /** `not-found` error = no repository policy. */
  repositoryPolicy: Read<{ policyText?: string }>;
}

interface AwsScanningRule { scanFrequency?: string; repositoryFilters?: Array<{ filter?: string; filterType?: string }> }
interface AwsRegistryScanning { region: string; config: Read<{ registryId?: string; scanningConfiguration?: { scanType?: string; rules?: AwsScanningRule[] } }> }

interface AwsPolicyDocument { name: string; arn?: string; document: Read<string> }
interface AwsRole { arn: string; name: string; attached: Read<AwsPolicyDocument[]>; inline: Read<AwsPolicyDocument[]> }

export interface AwsInventory {
  provider: 'aws';
  account?: string;
  regions: string[];
  clusters: AwsCluster[];
  repositories: AwsRepository[];
  registryScanning: AwsRegistryScanning[];
  roles: AwsRole[];
  /** IAM OIDC provider URLs (no scheme), for IRSA. */
  oidcProviders: Read<string[]>;
  /** Listings that failed: the resources behind them are unknown. */
  errors: Array<{ what: string; region?: string; error: CallError }>;
}

const ok = <T>(output: T): Read<T> => ({ ok: true, output });

/** Follows `nextToken` pages; the first failure ends the listing with that error. */
async function paged<P extends { nextToken?: string }, I>(
  call: Caller, service: string, operation: string, input: Record<string, unknown>, region: string | undefined, items: (page: P) => I[] | undefined,
): Promise<Read<I[]>> {
  const out: I[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const r = await call<P>(service, operation, { ...input, ...(nextToken ? { nextToken } : {}) }, region);
    if (!r.ok) return r;
    out.push(...(items(r.output) ?? []));
    nextToken = r.output.nextToken;
    if (!nextToken) break;
  }
  return ok(out);
}

/** IAM pages with `Marker`/`IsTruncated`. */
async function iamPaged<P extends { Marker?: string; IsTruncated?: boolean }, I>(
  call: Caller, operation: string, input: Record<string, unknown>, items: (page: P) => I[] | undefined,
): Promise<Read<I[]>> {
  const out: I[] = [];
  let Marker: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const r = await call<P>('iam', operation, { ...input, ...(Marker ? { Marker } : {}) });
    if (!r.ok) return r;
    out.push(...(items(r.output) ?? []));
    Marker = r.output.IsTruncated ? r.output.Marker : undefined;
    if (!Marker) break;
  }
  return ok(out);
}

/** Runs `fn` over `items` with at most `limit` in flight (API rate limits, not CPU). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

async function collectCluster(call: Caller, region: string, name: string): Promise<AwsCluster> {
  const [cluster, ngNames, addons] = await Promise.all([
    call<{ cluster?: Cluster }>('eks', 'DescribeCluster', { name }, region),
    paged<{ nextToken?: string; nodegroups?: string[] }, string>(call, 'eks', 'ListNodegroups', { clusterName: name }, region, (p) => p.nodegroups),
    paged<{ nextToken?: string; addons?: string[] }, string>(call, 'eks', 'ListAddons', { clusterName: name }, region, (p) => p.addons),
  ]);
  const nodegroups: Read<AwsNodegroup[]> = ngNames.ok
    ? ok(await mapLimit(ngNames.output, 4, async (ng) => {
      const r = await call<{ nodegroup?: Nodegroup }>('eks', 'DescribeNodegroup', { clusterName: name, nodegroupName: ng }, region);
      return { name: ng, nodegroup: r.ok ? ok(r.output.nodegroup ?? {}) : r };
    }))
    : ngNames;
  let vpcCni: Read<Addon> | undefined;
  if (addons.ok && addons.output.includes('vpc-cni')) {
    const r = await call<{ addon?: Addon }>('eks', 'DescribeAddon', { clusterName: name, addonName: 'vpc-cni' }, region);
    vpcCni = r.ok ? ok(r.output.addon ?? {}) : r;
  }
  return {
    region, name,
    cluster: cluster.ok ? ok(cluster.output.cluster ?? {}) : cluster,
    nodegroups, addons, ...(vpcCni ? { vpcCni } : {}),
  };
}

async function collectRepository(call: Caller, region: string, repository: Repository): Promise<AwsRepository> {
  const input = { repositoryName: repository.repositoryName, ...(repository.registryId ? { registryId: repository.registryId } : {}) };
  const [lifecyclePolicy, repositoryPolicy] = await Promise.all([
    call<{ lifecyclePolicyText?: string }>('ecr', 'GetLifecyclePolicy', input, region),
    call<{ policyText?: string }>('ecr', 'GetRepositoryPolicy', input, region),
  ]);
  return { region, repository, lifecyclePolicy, repositoryPolicy };
}

async function collectRole(call: Caller, arn: string): Promise<AwsRole> {
  const name = arn.split('/').pop() ?? arn;
  const attachedList = await iamPaged<{ AttachedPolicies?: Array<{ PolicyName?: string; PolicyArn?: string }>; Marker?: string; IsTruncated?: boolean }, { PolicyName?: string; PolicyArn?: string }>(
    call, 'ListAttachedRolePolicies', { RoleName: name }, (p) => p.AttachedPolicies);
  const attached: Read<AwsPolicyDocument[]> = attachedList.ok
    ? ok(await mapLimit(attachedList.output, 4, async (p) => {
      const policyArn = p.PolicyArn ?? '';
      const meta = await call<{ Policy?: { DefaultVersionId?: string } }>('iam', 'GetPolicy', { PolicyArn: policyArn });
      if (!meta.ok) return { name: p.PolicyName ?? policyArn, arn: policyArn, document: meta };
      const v = await call<{ PolicyVersion?: { Document?: string } }>('iam', 'GetPolicyVersion', { PolicyArn: policyArn, VersionId: meta.output.Policy?.DefaultVersionId ?? 'v1' });
      return { name: p.PolicyName ?? policyArn, arn: policyArn, document: v.ok ? ok(v.output.PolicyVersion?.Document ?? '') : v };
    }))
    : attachedList;
  const inlineNames = await iamPaged<{ PolicyNames?: string[]; Marker?: string; IsTruncated?: boolean }, string>(call, 'ListRolePolicies', { RoleName: name }, (p) => p.PolicyNames);
  const inline: Read<AwsPolicyDocument[]> = inlineNames.ok
    ? ok(await mapLimit(inlineNames.output, 4, async (policyName) => {
      const r = await call<{ PolicyDocument?: string }>('iam', 'GetRolePolicy', { RoleName: name, PolicyName: policyName });
      return { name: policyName, document: r.ok ? ok(r.output.PolicyDocument ?? '') : r };
    }))
    : inlineNames;
  return { arn, name, attached, inline };
}

export async function collectAws(call: Caller, regions: readonly string[]): Promise<AwsInventory> {
  const inv: AwsInventory = { provider: 'aws', regions: [...regions], clusters: [], repositories: [], registryScanning: [], roles: [], oidcProviders: ok([]), errors: [] };
  const who = await call<{ Account?: string }>('sts', 'GetCallerIdentity', {}, regions[0]);
  if (who.ok && who.output.Account) inv.account = who.output.Account;
  else if (!who.ok) inv.errors.push({ what: 'sts:GetCallerIdentity', error: who.error });
  await Promise.all(regions.map(async (region) => {
    const [clusterNames, repos, scanning] = await Promise.all([
      paged<{ nextToken?: string; clusters?: string[] }, string>(call, 'eks', 'ListClusters', {}, region, (p) => p.clusters),
      paged<{ nextToken?: string; repositories?: Repository[] }, Repository>(call, 'ecr', 'DescribeRepositories', {}, region, (p) => p.repositories),
      call<AwsRegistryScanning['config'] extends Read<infer T> ? T : never>('ecr', 'GetRegistryScanningConfiguration', {}, region),
    ]);
    inv.registryScanning.push({ region, config: scanning });
    if (clusterNames.ok) inv.clusters.push(...await mapLimit(clusterNames.output, 4, (n) => collectCluster(call, region, n)));
    else inv.errors.push({ what: 'eks:ListClusters', region, error: clusterNames.error });
    if (repos.ok) inv.repositories.push(...await mapLimit(repos.output, 4, (r) => collectRepository(call, region, r)));
    else inv.errors.push({ what: 'ecr:DescribeRepositories', region, error: repos.error });
  }));
  const roleArns = new Set<string>();
  for (const c of inv.clusters) {
    if (!c.nodegroups.ok) continue;
    for (const ng of c.nodegroups.output) if (ng.nodegroup.ok && ng.nodegroup.output.nodeRole) roleArns.add(ng.nodegroup.output.nodeRole);
  }
  inv.roles = await mapLimit([...roleArns].sort(), 2, (arn) => collectRole(call, arn));
  if (inv.clusters.length) {
    const oidc = await call<{ OpenIDConnectProviderList?: Array<{ Arn?: string }> }>('iam', 'ListOpenIDConnectProviders', {});
    // arn:aws:iam::123:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC → the issuer host/path.
    inv.oidcProviders = oidc.ok ? ok((oidc.output.OpenIDConnectProviderList ?? []).map((p) => (p.Arn ?? '').replace(/^arn:[^:]+:iam::\d*:oidc-provider\//, ''))) : oidc;
  }
  // Stable order whatever the concurrency did: reports and snapshots diff cleanly.
  inv.clusters.sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
  inv.repositories.sort((a, b) => a.region.localeCompare(b.region) || (a.repository.repositoryName ?? '').localeCompare(b.repository.repositoryName ?? ''));
  inv.registryScanning.sort((a, b) => a.region.localeCompare(b.region));
  return inv;
}
