/**
 * Live AWS inventory → the same typed state the Terraform and CloudFormation adapters fill, so the same checks run.
 * A value the collector could not read (access denied, not recorded in the snapshot) is unknown with the reason.
 */
import type { State } from '../../model/state.js';
import type { ResourceMeta } from '../../model/meta.js';
import { known, unknown, type Loc, type Val } from '../../model/value.js';
import { policyFromText } from '../../adapters/cloud/iam-policy.js';
import type { CallError } from '../snapshot.js';
import type { AwsCluster, AwsInventory, Read } from './collect.js';

const at = (id: string): Loc => ({ file: id, line: 0 });
const meta = (address: string, type: string): ResourceMeta => ({ address, type, source: 'cloud', loc: at(address) });
const why = (e: CallError) => `${e.name}: ${e.message}`;
const v = <T>(value: T, loc: Loc): Val<T> => known(value, loc);
/** From a read: its value mapped, or unknown with the error. */
function fromRead<T, R>(r: Read<T>, loc: Loc, f: (t: T) => R): Val<R> {
  return r.ok ? known(f(r.output), loc) : unknown(loc, why(r.error));
}

export function adaptAws(inv: AwsInventory, s: State): void {
  adaptClusters(inv, s);
  adaptOidc(inv, s);
  adaptRepositories(inv, s);
  adaptRoles(inv, s);
}

function adaptClusters(inv: AwsInventory, s: State): void {
  for (const c of inv.clusters) {
    if (!c.cluster.ok) continue;
    const cl = c.cluster.output;
    const address = cl.arn ?? `arn:aws:eks:${c.region}:${inv.account ?? ''}:cluster/${c.name}`;
    const loc = at(address);
    const vpc = cl.resourcesVpcConfig;
    const secrets = (cl.encryptionConfig ?? []).find((e) => e.resources?.includes('secrets'));
    s.aws.eks.clusters.push({
      meta: meta(address, 'cloud:eks:cluster'),
      name: v(c.name, loc),
      endpointPublicAccess: vpc?.endpointPublicAccess !== undefined ? v(vpc.endpointPublicAccess, loc) : unknown(loc, 'resourcesVpcConfig not returned'),
      endpointPrivateAccess: vpc?.endpointPrivateAccess !== undefined ? v(vpc.endpointPrivateAccess, loc) : unknown(loc, 'resourcesVpcConfig not returned'),
      publicAccessCidrs: v(vpc?.publicAccessCidrs ?? [], loc),
      secretsEncryptionKey: v(secrets?.provider?.keyArn, loc),
      enabledLogTypes: v((cl.logging?.clusterLogging ?? []).filter((l) => l.enabled).flatMap((l) => l.types ?? []).map(String), loc),
      version: v(cl.version, loc),
      authenticationMode: v(cl.accessConfig?.authenticationMode, loc),
      // DescribeCluster reports the flag the cluster was created with; the access entry may have been deleted since.
      bootstrapCreatorAdmin: unknown(loc, 'whether the creator\'s bootstrap access entry still exists needs eks:ListAccessEntries, which is not read'),
      oidcIssuer: v(cl.identity?.oidc?.issuer, loc),
    });
    adaptNodegroups(c, address, s);
    adaptAddons(c, address, s);
  }
}

function adaptNodegroups(c: AwsCluster, address: string, s: State): void {
    if (c.nodegroups.ok) {
      for (const ng of c.nodegroups.output) {
        if (!ng.nodegroup.ok) continue;
        const g = ng.nodegroup.output;
        const gAddress = g.nodegroupArn ?? `${address}/nodegroup/${ng.name}`;
        const gl = at(gAddress);
        const lt = g.launchTemplate;
        const imds = unknown(gl, lt
          ? 'IMDS options live in the launch template (ec2:DescribeLaunchTemplateVersions is not read)'
          : 'the EKS-generated launch template\'s IMDS options are not returned by DescribeNodegroup');
        s.aws.eks.nodeGroups.push({
          meta: meta(gAddress, 'cloud:eks:nodegroup'),
          name: v(`${c.name}/${ng.name}`, gl),
          clusterName: v(c.name, gl),
          nodeRoleArn: v(g.nodeRole, gl),
          remoteAccessSourceSgs: v(g.remoteAccess?.sourceSecurityGroups ?? [], gl),
          hasRemoteAccess: v(Boolean(g.remoteAccess?.ec2SshKey), gl),
          metadataHopLimit: imds,
          metadataHttpTokens: imds,
          hasLaunchTemplate: v(Boolean(lt), gl),
          amiType: v(g.amiType, gl),
        });
      }
    }
}

function adaptAddons(c: AwsCluster, address: string, s: State): void {
    const loc = at(address);
    if (c.addons.ok) {
      for (const name of c.addons.output) {
        const described = name === 'vpc-cni' ? c.vpcCni : undefined;
        s.aws.eks.addons.push({
          meta: meta(`${address}/addon/${name}`, 'cloud:eks:addon'),
          clusterName: v(c.name, loc), name: v(name, loc),
          configurationValues: described ? fromRead(described, loc, (a) => a.configurationValues) : unknown(loc, 'add-on configuration not read'),
          serviceAccountRole: described ? fromRead(described, loc, (a) => a.serviceAccountRoleArn ?? (a.podIdentityAssociations?.length ? 'pod identity' : undefined)) : unknown(loc, 'add-on not described'),
        });
      }
    }
}

function adaptOidc(inv: AwsInventory, s: State): void {
  if (inv.oidcProviders.ok) {
    for (const url of inv.oidcProviders.output) {
      const address = `arn:aws:iam::${inv.account ?? ''}:oidc-provider/${url}`;
      s.aws.eks.oidcProviders.push({ meta: meta(address, 'cloud:iam:oidc-provider'), url: v(`https://${url}`, at(address)) });
    }
  } else {
    // Unknown providers: the workload-identity check must not conclude "none".
    s.aws.eks.oidcProviders.push({ meta: meta('iam:ListOpenIDConnectProviders', 'cloud:iam:oidc-provider'), url: unknown(at('iam:ListOpenIDConnectProviders'), why(inv.oidcProviders.error)) });
  }
}

function adaptRepositories(inv: AwsInventory, s: State): void {
  for (const r of inv.repositories) {
    const repo = r.repository;
    const address = repo.repositoryArn ?? `ecr:${r.region}/${repo.repositoryName}`;
    const loc = at(address);
    s.aws.ecr.repositories.push({
      meta: meta(address, 'cloud:ecr:repository'),
      name: v(repo.repositoryName, loc),
      scanOnPush: v(Boolean(repo.imageScanningConfiguration?.scanOnPush), loc),
      imageTagMutability: v(String(repo.imageTagMutability ?? 'MUTABLE'), loc),
      encryptionType: v(String(repo.encryptionConfiguration?.encryptionType ?? 'AES256'), loc),
      kmsKey: v(repo.encryptionConfiguration?.kmsKey, loc),
      policy: r.repositoryPolicy.ok ? v(r.repositoryPolicy.output.policyText, loc)
        : r.repositoryPolicy.error.kind === 'not-found' ? v(undefined, loc) : unknown(loc, why(r.repositoryPolicy.error)),
      hasLifecyclePolicy: r.lifecyclePolicy.ok ? v(true, loc)
        : r.lifecyclePolicy.error.kind === 'not-found' ? v(false, loc) : unknown(loc, why(r.lifecyclePolicy.error)),
    });
  }
  for (const reg of inv.registryScanning) {
    const address = `arn:aws:ecr:${reg.region}:${inv.account ?? ''}:registry`;
    const loc = at(address);
    if (!reg.config.ok) {
      s.aws.ecr.registryScanning.push({ meta: meta(address, 'cloud:ecr:registry'), scanType: unknown(loc, why(reg.config.error)), rules: [{ frequency: unknown(loc, why(reg.config.error)), filters: unknown(loc, why(reg.config.error)) }] });
      continue;
    }
    const cfg = reg.config.output.scanningConfiguration;
    s.aws.ecr.registryScanning.push({
      meta: meta(address, 'cloud:ecr:registry'),
      scanType: v(cfg?.scanType, loc),
      rules: (cfg?.rules ?? []).map((rule) => ({ frequency: v(rule.scanFrequency, loc), filters: v((rule.repositoryFilters ?? []).map((f) => f.filter ?? ''), loc) })),
    });
  }
}

function adaptRoles(inv: AwsInventory, s: State): void {
  for (const role of inv.roles) {
    const loc = at(role.arn);
    s.aws.iam.roles.push({
      meta: meta(role.arn, 'cloud:iam:role'),
      name: v(role.name, loc), arn: v(role.arn, loc),
      managedPolicyArns: fromRead(role.attached, loc, (ps) => ps.map((p) => p.arn ?? p.name)),
      assumeRoleServices: unknown(loc, 'the trust policy is not read'),
    });
    const docs = [...(role.attached.ok ? role.attached.output : []), ...(role.inline.ok ? role.inline.output : [])];
    for (const d of docs) {
      const address = d.arn ?? `${role.arn}/inline/${d.name}`;
      const dl = at(address);
      const parsed = d.document.ok ? policyFromText(d.document.output, dl, true) : { statements: [], unknown: true };
      s.aws.iam.policies.push({ meta: meta(address, 'cloud:iam:policy'), attachedTo: v([role.arn], dl), ...parsed });
    }
    if (!role.attached.ok || !role.inline.ok) {
      const address = `${role.arn}/policies`;
      s.aws.iam.policies.push({ meta: meta(address, 'cloud:iam:policy'), attachedTo: v([role.arn], at(address)), statements: [], unknown: true });
    }
  }
}
