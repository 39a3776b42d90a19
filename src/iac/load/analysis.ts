/** The result of reading a set of IaC files: the typed state plus the Kubernetes objects for the k8s engine. */
import type { K8sObject } from '../../k8s/index.js';
import { InlineIgnores } from '../engine/ignores.js';
import { emptyState, type State } from '../model/state.js';
import type { FileFormat } from './detect.js';
import type { Loc } from '../model/value.js';

export interface Analysis {
  state: State;
  /** Kubernetes manifests and Terraform `kubernetes_*` resources, for the one k8s engine. */
  k8sObjects: K8sObject[];
  /** Source line of a k8s object's field (manifests: the YAML; Terraform: the mapped block). */
  k8sLine: (obj: K8sObject, field: string | undefined) => number | undefined;
  /** Paths of fields of k8s objects that were unknown in the source: findings there are dropped, not guessed. */
  k8sUnknown: WeakMap<K8sObject, string[]>;
  /** Terraform `kubernetes_*` resources mapped onto objects: field → line resolver and the resource block. */
  k8sMapped: Array<{ object: K8sObject; lineOf: (field: string | undefined) => number | undefined; block: Loc }>;
  /** The block a k8s object was written in (for block-wide ignores). */
  k8sBlock: (obj: K8sObject) => Loc;
  ignores: InlineIgnores;
  files: Partial<Record<FileFormat, number>>;
  resources: number;
  unknownValues: number;
  errors: string[];
  /** Things the user should know that are not input errors (formats recognised but not evaluated). */
  notes: string[];
}

export function emptyAnalysis(today?: string): Analysis {
  return {
    state: emptyState(), k8sObjects: [], k8sLine: (o) => o.origin.line, k8sUnknown: new WeakMap(), k8sMapped: [], k8sBlock: (o) => ({ file: o.origin.file, line: o.origin.line ?? 1 }), ignores: new InlineIgnores(today),
    files: {}, resources: 0, unknownValues: 0, errors: [], notes: [],
  };
}
