/** Kubernetes posture: manifests/cluster loading, PSS, workload, network, RBAC and CIS checks, and the CEL policy engine. */
export type { K8sObject, ObjectOrigin, Json } from './model/object.js';
export { toK8sObject, refOf, namespaceOf, asArray, asJson, asString } from './model/object.js';
export { podTemplateOf, containersOf, WORKLOAD_KINDS } from './model/pod-spec.js';
export { unknownKindWarnings } from './model/kinds.js';
export { parseManifests, type ParseOptions, type ParseResult } from './loader/parse-manifests.js';
export { loadInputs, type LoadOptions, type LoadedInputs } from './loader/load-inputs.js';
export { SourceLines, parseFieldPath } from './loader/source-lines.js';
export { loadCluster, CLUSTER_RESOURCES, type ClusterOptions, type ClusterResult } from './loader/cluster.js';
export type { PssLevel } from './pss/types.js';
export { PSS_CHECKS, LATEST_VERIFIED_MINOR } from './pss/registry.js';
export { parsePssLevel, parsePssVersion, formatPssVersion, checksFor, evaluatePss } from './pss/evaluate.js';
export { defineCheck, trivyShortId, type CheckDef, type CheckHit, type CheckGroup } from './checks/define.js';
export { builtinChecks } from './checks/registry.js';
export { matchesSelector } from './network/selector.js';
export { policyTypes } from './network/checks.js';
export {
  effectivePermissions, resolveClusterRoles, roleRules, roleRefKey, subjectsOf, ruleAllows, type SubjectPermissions, type PolicyRule, type Subject,
} from './rbac/effective.js';
export { compilePolicies, type CompiledPolicy, type AdmissionAction } from './policy/vap.js';
export {
  createEngine, evaluate, evaluateIn, evaluateObject, decide, type Engine, type EngineFinding, type EngineResult, type CheckOutcome,
  type AdmissionDecision,
} from './policy/engine.js';
export { buildContext, type EngineOptions, type EvalContext, type AdmissionInputs } from './policy/context.js';
