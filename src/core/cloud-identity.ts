/**
 * Cloud identities found by the IaC/cloud checks that an attacker on a Kubernetes node (or in a pod that can reach
 * the instance metadata service) holds: the contract between `iac/` (which finds them) and `graph/` (which makes
 * them exits of the attack graph).
 */
import type { Severity } from './severity.js';

export interface CloudIdentityExit {
  /** Stable id within the scan: the role's IaC address (`aws_iam_role.node`), `gke-node-sa:<account>`, `aks-kubelet:<cluster address>`. */
  id: string;
  provider: 'aws' | 'google' | 'azure';
  /** Role / service account / managed identity name as written (`eks-node-role`). */
  name: string;
  attachedTo: 'node-role' | 'workload-identity';
  cluster?: string;
  /** The failed checks that make the identity worth stealing (registry push, cluster-admin, wildcard…). */
  dangerous: Array<{ checkId: string; title: string; severity: Severity; message: string }>;
  /**
   * Pods reach the credentials without escaping to the node: a check proved the metadata service answers them
   * (hop limit above 1, IMDSv1 accepted). Only set when known true; unknown values never set it.
   */
  podReachable?: Array<{ checkId: string; message: string }>;
  file?: string;
  line?: number;
}
