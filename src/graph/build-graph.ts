/** Kubernetes objects + image scan results → the attack graph. */
import type { CloudIdentityExit, Report } from '../core/index.js';
import type { K8sObject } from '../k8s/index.js';
import { GraphBuilder } from './builder.js';
import { addCloudIdentities } from './build/cloud.js';
import { addNodeRoleExits } from './build/node-roles.js';
import { addExposureEdges } from './build/exposure.js';
import { addImageFindings, exploitabilityFrom, ScanIndex } from './build/findings.js';
import { podsOf } from './build/pods.js';
import { RbacEdges } from './build/rbac.js';
import { addWorkloadEdges } from './build/workloads.js';
import type { AttackGraph } from './model.js';

/** `exits`: node cloud identities the IaC scan found dangerous (`--iac`). */
export function buildGraph(objects: readonly K8sObject[], scans: readonly Report[] = [], exits: readonly CloudIdentityExit[] = []): AttackGraph {
  const b = new GraphBuilder();
  const pods = podsOf(objects);
  const index = new ScanIndex(scans);
  addWorkloadEdges(b, pods);
  addExposureEdges(b, objects, pods, exploitabilityFrom(index));
  addImageFindings(b, pods, index);
  new RbacEdges(b, objects, pods).build();
  addCloudIdentities(b, objects);
  addNodeRoleExits(b, exits);
  return b.build();
}
