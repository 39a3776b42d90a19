/**
 * The Terraform adapters of the cloud resources, fed resource bodies in the shape the readers produce
 * (blocks as lists, references as unknown nodes with `ref`), then the same checks as the live path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adaptCloudResource } from '../../src/iac/adapters/cloud/registry.js';
import { cloudChecks } from '../../src/iac/checks/registry.js';
import { runChecks } from '../../src/iac/engine/run.js';
import { emptyState } from '../../src/iac/model/state.js';
import { fromJson, unknownNode, type ObjectNode, type RawResource } from '../../src/iac/model/node.js';

const loc = { file: 'main.tf', line: 1 };

function tf(type: string, name: string, body: Record<string, unknown>, source: RawResource['source'] = 'terraform'): RawResource {
  const node = fromJson(body, loc) as ObjectNode;
  return { type, address: source === 'cloudformation' ? name : `${type}.${name}`, source, loc, body: node };
}

/** Replaces `{ $ref: 'aws_iam_role.node.arn' }` by the unknown node a reader produces for a reference. */
function withRefs(r: RawResource): RawResource {
  const walk = (n: ObjectNode): ObjectNode => {
    for (const [k, v] of n.fields) {
      if (v.kind === 'object' && v.fields.has('$ref')) {
        const ref = v.fields.get('$ref');
        n.fields.set(k, unknownNode(loc, 'known after apply', ref?.kind === 'scalar' ? String(ref.value) : undefined));
      } else if (v.kind === 'object') walk(v);
      else if (v.kind === 'list') for (const i of v.items) if (i.kind === 'object') walk(i);
    }
    return n;
  };
  return { ...r, body: walk(r.body) };
}

function ids(resources: RawResource[]): string[] {
  const s = emptyState();
  for (const r of resources) assert.ok(adaptCloudResource(withRefs(r), s), `no adapter for ${r.type}`);
  return [...new Set(runChecks(s, cloudChecks, undefined).findings.map((f) => f.id))].sort();
}

test('terraform: an EKS cluster with defaults fails the endpoint, encryption and logging checks; a hardened one passes', () => {
  const found = ids([tf('aws_eks_cluster', 'main', { name: 'prod', vpc_config: [{ subnet_ids: ['a'] }] })]);
  for (const id of ['BW-IAC-1201', 'BW-IAC-1202', 'BW-IAC-1203', 'BW-IAC-1204', 'BW-IAC-1213']) assert.ok(found.includes(id), `${id} in ${found}`);
  assert.deepEqual(ids([
    tf('aws_eks_cluster', 'main', {
      name: 'prod', vpc_config: [{ endpoint_public_access: false, endpoint_private_access: true }],
      encryption_config: [{ resources: ['secrets'], provider: [{ key_arn: { $ref: 'aws_kms_key.eks.arn' } }] }],
      enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    }),
    tf('aws_iam_openid_connect_provider', 'eks', { url: { $ref: 'aws_eks_cluster.main.identity[0].oidc[0].issuer' } }),
  ]), []);
});

test('cloudformation: AWS::EKS::Cluster and AWS::ECR::Repository read their PascalCase properties', () => {
  const found = ids([
    tf('AWS::EKS::Cluster', 'Cluster', { Name: 'prod', ResourcesVpcConfig: { EndpointPublicAccess: true, PublicAccessCidrs: ['0.0.0.0/0'] }, Logging: { ClusterLogging: { EnabledTypes: [{ Type: 'api' }] } } }, 'cloudformation'),
    tf('AWS::ECR::Repository', 'Repo', { RepositoryName: 'app', ImageScanningConfiguration: { ScanOnPush: true }, ImageTagMutability: 'IMMUTABLE' }, 'cloudformation'),
  ]);
  assert.deepEqual(found.filter((id) => id.startsWith('BW-IAC-13')), ['BW-IAC-1303', 'BW-IAC-1306']);
  for (const id of ['BW-IAC-1201', 'BW-IAC-1202', 'BW-IAC-1203', 'BW-IAC-1204', 'BW-IAC-1205']) assert.ok(found.includes(id), `${id} in ${found}`);
  assert.ok(!found.includes('BW-IAC-1206'), 'api logs are enabled');
});

test('terraform: node roles are joined to node groups by reference; push and cluster-admin grants are found', () => {
  const role = tf('aws_iam_role', 'node', { name: 'eks-node' });
  const group = tf('aws_eks_node_group', 'workers', { cluster_name: 'prod', node_role_arn: { $ref: 'aws_iam_role.node.arn' } });
  const push = tf('aws_iam_role_policy_attachment', 'ecr', { role: { $ref: 'aws_iam_role.node.name' }, policy_arn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser' });
  const admin = tf('aws_iam_role_policy', 'eks', { role: { $ref: 'aws_iam_role.node.id' }, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'eks:*', Resource: '*' }] }) });
  assert.deepEqual(ids([role, group, push, admin]).filter((id) => id.startsWith('BW-IAC-14')), ['BW-IAC-1401', 'BW-IAC-1402', 'BW-IAC-1415', 'BW-IAC-1419']);
  const read = tf('aws_iam_role_policy_attachment', 'ecr', { role: { $ref: 'aws_iam_role.node.name' }, policy_arn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly' });
  assert.deepEqual(ids([role, group, read]).filter((id) => id.startsWith('BW-IAC-14')), []);
  // A policy whose document is a variable is unknown: no finding, not "allows nothing" either.
  const unknownDoc = tf('aws_iam_role_policy', 'x', { role: { $ref: 'aws_iam_role.node.id' }, policy: { $ref: 'var.policy' } });
  assert.deepEqual(ids([role, group, unknownDoc]).filter((id) => id.startsWith('BW-IAC-14')), []);
});

test('terraform: GKE, AKS, ACR and DOKS defaults', () => {
  const gke = ids([tf('google_container_cluster', 'main', { name: 'prod', location: 'us-central1' })]);
  for (const id of ['BW-IAC-2201', 'BW-IAC-2203', 'BW-IAC-2207', 'BW-IAC-2219']) assert.ok(gke.includes(id), `${id} in ${gke}`);
  assert.ok(!gke.includes('BW-IAC-2206') && !gke.includes('BW-IAC-2209'), 'ABAC off and shielded nodes on by default');
  const aks = ids([tf('azurerm_kubernetes_cluster', 'main', { name: 'prod', default_node_pool: [{ name: 'system', node_public_ip_enabled: true }] })]);
  for (const id of ['BW-IAC-3101', 'BW-IAC-3102', 'BW-IAC-3106', 'BW-IAC-3116']) assert.ok(aks.includes(id), `${id} in ${aks}`);
  assert.ok(!aks.includes('BW-IAC-3103'), 'RBAC is on by default');
  const acr = ids([tf('azurerm_container_registry', 'main', { name: 'acme', sku: 'Premium', admin_enabled: true, network_rule_set: [{ default_action: 'Deny' }] })]);
  assert.ok(acr.includes('BW-IAC-3201') && !acr.includes('BW-IAC-3202'), `${acr}`);
  const doks = ids([tf('digitalocean_kubernetes_cluster', 'main', { name: 'prod', auto_upgrade: true })]);
  assert.ok(!doks.includes('BW-IAC-4101') && !doks.includes('BW-IAC-4102') && doks.includes('BW-IAC-4104'), `${doks}`);
});
