/**
 * `bulwark/k8s`: the Kubernetes posture engine that `bulwark k8s` runs (and an admission webhook would):
 * load manifests, compile ValidatingAdmissionPolicies, evaluate built-in checks and policies per object.
 * For a whole Report use `scanK8s` from the package root.
 */
export {
  builtinChecks, defineCheck, compilePolicies, createEngine, evaluate, evaluateObject, decide, parseManifests, loadInputs,
  loadCluster, toK8sObject, parsePssLevel, parsePssVersion, PSS_CHECKS, effectivePermissions,
} from '../k8s/index.js';
export type {
  K8sObject, CheckDef, CheckHit, CheckGroup, CompiledPolicy, AdmissionAction, Engine, EngineFinding, EngineResult,
  CheckOutcome, AdmissionDecision, EngineOptions, PssLevel, ParseOptions, ParseResult, LoadOptions, LoadedInputs,
  ClusterOptions, ClusterResult, SubjectPermissions,
} from '../k8s/index.js';
