/**
 * The attack graph's vocabulary. Nodes are Kubernetes assets (named by their Kubernetes names), the
 * internet, and crown jewels; edges are attacks, each with the exact condition that created it.
 */
import type { EdgeType } from './edge-types.js';

export type NodeKind =
  | 'internet' | 'ingress' | 'service' | 'pod' | 'container' | 'volume' | 'identity' | 'permission-set'
  | 'node' | 'secret' | 'configmap' | 'cluster-admin' | 'namespace-secrets' | 'cloud-identity';

/** Crown jewels: what an attacker wants in the end. Paths run from entry points to these. */
export type JewelKind = 'cluster-admin' | 'node' | 'namespace-secrets' | 'cloud-identity';

export interface GraphNode {
  /** Stable id: `pod:shop/web`, `container:shop/web/app`, `identity:ServiceAccount/shop/web`… */
  id: string;
  kind: NodeKind;
  name: string;
  namespace?: string;
  /** Set on crown jewels. */
  jewel?: JewelKind;
  /** Image reference, on containers. */
  image?: string;
  /** Findings attached to the node (CVE ids, secret rule ids, check ids), for explanations and the UI. */
  findings?: string[];
}

/** Something a user can change to remove an edge: a setting, a binding, a vulnerable package. */
export interface Fix {
  /** Stable key, e.g. `privileged:shop/web/app`, `binding:ClusterRoleBinding/ci`, `cve:CVE-2024-1234@shop/web/app`. */
  id: string;
  /** What to change, in words. */
  title: string;
  /** Finding ids this fix resolves (CVE, check id), when the edge comes from a finding. */
  findings?: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  type: EdgeType;
  /** Why the edge exists, naming the field or rule (`spec.containers[0].securityContext.privileged: true`). */
  reason: string;
  /** Probability that an attacker succeeds at this hop (0–1]; path scores multiply these. */
  p: number;
  fix?: Fix;
}

export interface AttackGraph {
  nodes: Map<string, GraphNode>;
  edges: GraphEdge[];
  /** Non-fatal problems while building (unreadable scan results, images with no match). */
  warnings: string[];
}
